/**
 * What a finished run did, in numbers a lesson's explanation can quote: its
 * training loss from first to last epoch, whether it learned, barely moved
 * or diverged, its gradient per weight in each layer at the first epoch, its
 * updates and its speed.
 */
import type { RunSetup } from './runSetup.ts';
import { layerGradients, type EpochPoint } from './training.ts';

/** A run as a lesson reads it: its settings, how it ended, and its epochs (a run record is one). */
export interface RunResult {
  readonly setup: RunSetup;
  readonly status: 'running' | 'completed' | 'stoppedEarly' | 'stopped' | 'diverged' | 'crashed';
  readonly curve: readonly EpochPoint[];
}

/** A run whose training loss fell by less than this share of where it started has barely moved. */
export const BARELY_MOVED = 0.1;

export interface Outcome {
  readonly status: RunResult['status'];
  /** the training loss of the first and the last epoch */
  readonly first: number;
  readonly last: number;
  readonly accuracy: number;
  readonly epochs: number;
  readonly diverged: boolean;
  readonly learned: boolean;
  /** per layer, the gradient per weight at the first epoch */
  readonly gradients: readonly number[];
  /** epochs × ⌈m/B⌉ */
  readonly updates: number;
  /** how many epochs ended with a higher training loss than the one before */
  readonly rises: number;
  readonly examplesPerSecond: number;
}

export function outcomeOf(run: RunResult): Outcome | null {
  const { curve } = run;
  const [start, end] = [curve[0], curve.at(-1)];
  if (!start || !end) return null;
  const diverged = run.status === 'diverged' || !Number.isFinite(end.trainLoss);
  const fell = start.trainLoss - end.trainLoss;
  let rises = 0;
  for (let i = 1; i < curve.length; i++) if (curve[i]!.trainLoss > curve[i - 1]!.trainLoss) rises++;
  return {
    status: run.status,
    first: start.trainLoss,
    last: end.trainLoss,
    accuracy: end.trainAccuracy,
    epochs: curve.length,
    diverged,
    learned: !diverged && fell >= BARELY_MOVED * start.trainLoss,
    gradients: layerGradients(start),
    updates: curve.reduce((sum, p) => sum + p.batchesPerEpoch, 0),
    rises,
    examplesPerSecond: curve.reduce((sum, p) => sum + p.examplesPerSecond, 0) / curve.length,
  };
}

/** Per weight, the first layer's gradient over the output layer's at the first epoch; null without both. */
export function firstGradients(outcome: Outcome): number | null {
  const [first, last] = [outcome.gradients[0], outcome.gradients.at(-1)];
  if (outcome.gradients.length < 2 || !(first! > 0) || !(last! > 0)) return null;
  return first! / last!;
}

const loss = (value: number) =>
  value >= 1000 ? Math.round(value).toLocaleString('en') : value.toPrecision(2);

/** "brought its training loss from 0.68 to 0.018 (100% training accuracy)", "barely moved: …", "diverged in epoch 3" */
export function describeOutcome(outcome: Outcome): string {
  if (outcome.diverged) return `diverged in epoch ${outcome.epochs + 1}`;
  const stopped = outcome.status === 'stopped' || outcome.status === 'crashed';
  const until = stopped ? ` before it was ${outcome.status} after epoch ${outcome.epochs}` : '';
  return outcome.learned
    ? `brought its training loss from ${loss(outcome.first)} to ${loss(outcome.last)} ` +
        `(${Math.round(outcome.accuracy * 100)}% training accuracy)${until}`
    : `barely moved: its training loss went from ${loss(outcome.first)} to ${loss(outcome.last)}${until}`;
}
