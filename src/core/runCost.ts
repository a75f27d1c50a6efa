/**
 * What a run costs before it starts: its updates, updates = epochs × ⌈m/B⌉
 * (m training examples, B the batch size, one update per batch), and an
 * estimate of its duration from the network's size, the work of its products
 * and the batch size.
 */
import { placeLayers, shapeSize } from './architecture.ts';
import { architectureFor, inputSize, trainingExamplesAfterHoldOut, type RunSetup } from './runSetup.ts';

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
  /** weights, biases and statistics */
  readonly parameters: number;
  /**
   * The multiply-adds of one example's pass through the layers' products: n_l·n_(l−1) for a
   * dense layer, Ho·Wo·filters·k·k·C for a convolution, whose every weight meets every output
   * position. Each of a layer's three products (z, dJ/dW, dJ/da) costs 2·m times this in FLOPs.
   */
  readonly multiplyAdds: number;
}

/** The cost of a run of this setup on this data; the setup's layers must fit together (setupProblems). */
export function runCost(setup: RunSetup, data: TrainingCounts): RunCost {
  const examples = trainingExamples(data, setup.validationFraction);
  const batchSize = setup.batchSize <= 0 || setup.batchSize >= examples ? examples : setup.batchSize;
  const updatesPerEpoch = Math.ceil(examples / Math.max(1, batchSize));
  const layers = placeLayers(
    architectureFor(setup, { inputSize: inputSize(setup.input), classCount: data.counts.length }),
  );
  return {
    examples,
    batchSize,
    updatesPerEpoch,
    updates: setup.epochs * updatesPerEpoch,
    parameters: layers.reduce((sum, layer) => sum + layer.stored, 0),
    // a unit of the output sums over fanIn inputs: k·k·C for a convolution, n_(l−1) for a dense layer
    multiplyAdds: layers.reduce((sum, layer) => sum + shapeSize(layer.output) * layer.fanIn, 0),
  };
}

/**
 * How fast this machine trains: a run costs a moment to start (perRun), an
 * update a pass or three over the weights whatever the batch (perWeight, the
 * cost that makes batch 1 slow), and each example in the batch its products'
 * multiply-adds three times over, forward and back (perMultiplyAdd); in seconds.
 */
export interface TrainingSpeed {
  readonly perRun: number;
  readonly perUpdate: number;
  readonly perWeight: number;
  readonly perMultiplyAdd: number;
}

/**
 * Measured in the trainer process with the default kernel, on a small shared server: a
 * 12,288 → 16 → 3 network takes about 1 ms an update for batch 1 and 5 ms for a batch of 144.
 */
export const TYPICAL_SPEED: TrainingSpeed = {
  perRun: 0.3,
  perUpdate: 1e-4,
  perWeight: 6e-9,
  perMultiplyAdd: 1.6e-10,
};

/** Seconds a run of this cost takes at this speed: about, within a factor of two. */
export function estimateSeconds(cost: RunCost, speed: TrainingSpeed = TYPICAL_SPEED): number {
  const perUpdate =
    speed.perUpdate +
    cost.parameters * speed.perWeight +
    cost.batchSize * cost.multiplyAdds * speed.perMultiplyAdd;
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
    perMultiplyAdd: TYPICAL_SPEED.perMultiplyAdd * factor,
  };
}

/** 14.2 → "about 15 s", 130 → "about 2 min": an estimate, said as one. */
export function aboutSeconds(seconds: number): string {
  if (seconds < 10) return 'a few seconds';
  if (seconds < 60) return `about ${Math.ceil(seconds / 5) * 5} s`;
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min`;
  return `about ${(seconds / 3600).toFixed(1)} h`;
}
