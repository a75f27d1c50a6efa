/**
 * What a run costs before it starts: its updates, updates = epochs × ⌈m/B⌉
 * (m training examples, B the batch size, one update per batch), and an
 * estimate of its duration from the network's size and the batch size.
 */
import { inputSize, setupParameterCount, trainingExamplesAfterHoldOut, type RunSetup } from './runSetup.ts';

/** Per class, the training images of a data set and whether it has its own validation images. */
export interface TrainingCounts {
  readonly counts: readonly { readonly train: number; readonly validation: number }[];
}

/**
 * m, the examples a run trains on: the training split, less the share of each
 * class the run holds out for validation when the data set has no validation
 * images of its own.
 */
export function trainingExamples(data: TrainingCounts, validationFraction: number): number {
  const ownValidation = data.counts.some((c) => c.validation > 0);
  return trainingExamplesAfterHoldOut(
    data.counts.map((c) => c.train),
    ownValidation ? 0 : validationFraction,
  );
}

export interface RunCost {
  /** m */
  readonly examples: number;
  /** B: m for full-batch gradient descent */
  readonly batchSize: number;
  /** ⌈m/B⌉ */
  readonly updatesPerEpoch: number;
  /** epochs × ⌈m/B⌉ */
  readonly updates: number;
  /** weights and biases */
  readonly parameters: number;
}

export function runCost(setup: RunSetup, data: TrainingCounts): RunCost {
  const examples = trainingExamples(data, setup.validationFraction);
  const batchSize = setup.batchSize <= 0 || setup.batchSize >= examples ? examples : setup.batchSize;
  const updatesPerEpoch = Math.ceil(examples / Math.max(1, batchSize));
  const parameters = setupParameterCount(setup, {
    inputSize: inputSize(setup.input),
    classCount: data.counts.length,
  });
  return { examples, batchSize, updatesPerEpoch, updates: setup.epochs * updatesPerEpoch, parameters };
}

/**
 * How fast this machine trains: a run costs a moment to start (perRun), an
 * update a pass or three over the weights whatever the batch (perWeight, the
 * cost that makes batch 1 slow), and a multiply-add or six per weight and
 * example in the batch (perWeightAndExample); in seconds.
 */
export interface TrainingSpeed {
  readonly perRun: number;
  readonly perUpdate: number;
  readonly perWeight: number;
  readonly perWeightAndExample: number;
}

/**
 * Measured in the trainer process with the default kernel, on a small shared server: a
 * 12,288 → 16 → 3 network takes about 1 ms an update for batch 1 and 5 ms for a batch of 144.
 */
export const TYPICAL_SPEED: TrainingSpeed = {
  perRun: 0.3,
  perUpdate: 1e-4,
  perWeight: 6e-9,
  perWeightAndExample: 1.6e-10,
};

/** Seconds a run of this cost takes at this speed: about, within a factor of two. */
export function estimateSeconds(cost: RunCost, speed: TrainingSpeed = TYPICAL_SPEED): number {
  const perUpdate =
    speed.perUpdate + cost.parameters * (speed.perWeight + cost.batchSize * speed.perWeightAndExample);
  return speed.perRun + cost.updates * perUpdate;
}

/**
 * The typical speed scaled to what a run on this machine measured: its
 * examples per second over its epochs, for a run of that cost.
 */
export function measuredSpeed(cost: RunCost, examplesPerSecond: number): TrainingSpeed {
  if (!(examplesPerSecond > 0) || cost.updates === 0) return TYPICAL_SPEED;
  const measured = cost.examples / examplesPerSecond / cost.updatesPerEpoch;
  const predicted = estimateSeconds({ ...cost, updates: 1 }) - TYPICAL_SPEED.perRun;
  const factor = measured / predicted;
  return {
    perRun: TYPICAL_SPEED.perRun,
    perUpdate: TYPICAL_SPEED.perUpdate * factor,
    perWeight: TYPICAL_SPEED.perWeight * factor,
    perWeightAndExample: TYPICAL_SPEED.perWeightAndExample * factor,
  };
}

/** 14.2 → "about 15 s", 130 → "about 2 min": an estimate, said as one. */
export function aboutSeconds(seconds: number): string {
  if (seconds < 10) return 'a few seconds';
  if (seconds < 60) return `about ${Math.ceil(seconds / 5) * 5} s`;
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min`;
  return `about ${(seconds / 3600).toFixed(1)} h`;
}
