/**
 * The end of a run, wherever it trains (the trainer process or the command
 * line): the final network evaluated once on each split, and the model file's
 * contents with everything needed to use and reproduce it.
 */
import type { Examples } from './examples.ts';
import { evaluate } from './metrics.ts';
import { modelFromNetwork } from './model.ts';
import type { Model } from './modelFile.ts';
import type { Network } from './network.ts';
import type { RunSetup } from './runSetup.ts';

/** The splits a run saw, as examples, and the classes in label order. */
export interface RunData {
  readonly train: Examples;
  readonly validation: Examples | null;
  /** evaluated here, once, and never during training */
  readonly test: Examples | null;
  readonly classes: readonly string[];
}

/**
 * Loss and accuracy of the final weights on each split: trainLoss is after the
 * last update, where an epoch point's train loss is the mean over its batches
 * before each one's update.
 */
export type RunMetrics = Readonly<Record<`${'train' | 'validation' | 'test'}${'Loss' | 'Accuracy'}`, number>>;

export interface FinishedRun {
  readonly metrics: Partial<RunMetrics>;
  readonly model: Model;
}

export function finishRun(
  network: Network,
  data: RunData,
  about: { readonly setup: RunSetup; readonly datasetHash: string | null; readonly createdAt: string },
): FinishedRun {
  const metrics: Partial<Record<keyof RunMetrics, number>> = {};
  const splits = [
    ['train', data.train],
    ['validation', data.validation],
    ['test', data.test],
  ] as const;
  for (const [split, examples] of splits) {
    if (examples === null || examples.count === 0) continue;
    const { loss, accuracy } = evaluate(network, examples, data.classes.length);
    // a loss past what float32 holds (a diverged run's last good epoch can predict 0 or 1 outright) is left out
    if (Number.isFinite(loss)) metrics[`${split}Loss`] = loss;
    metrics[`${split}Accuracy`] = accuracy;
  }
  const { setup } = about;
  const model = modelFromNetwork(network, {
    input: { ...setup.input, channels: 3, layout: 'HWC', scale: 1 / 255 },
    classes: [...data.classes],
    setup: { ...setup, classOrder: [...data.classes] },
    metrics,
    datasetHash: about.datasetHash,
    createdAt: about.createdAt,
  });
  return { metrics, model };
}
