/**
 * The baseline: a logistic regression trained on the same data, with the
 * same training settings and seeds as a network, but no hidden layers; the
 * line every network must beat. Its result depends only on the data and on
 * the settings named in its key, so it is trained once per data set and key.
 */
import type { RunSetup } from './runSetup.ts';

export const BASELINE_NAME = 'Baseline: logistic regression';

/**
 * The setup's logistic regression: no hidden layers, weights from zero, every epoch trained (the line
 * to beat is the whole run's, so early stopping is off), everything else the same.
 */
export function baselineSetup(setup: RunSetup): RunSetup {
  return { ...setup, hidden: [], loss: 'auto', initializer: 'zeros', earlyStopping: 0 };
}

/**
 * What the baseline of a setup depends on, as one string: two networks whose
 * setups give the same key (on the same training data) share one baseline.
 * The setup's class order must be resolved (null is "the data set's", which
 * another data set orders otherwise).
 */
export function baselineKey(setup: RunSetup): string {
  const b = baselineSetup(setup);
  return JSON.stringify([
    b.optimizer,
    b.learningRate,
    b.learningRateDecay,
    b.batchSize,
    b.epochs,
    b.l2,
    b.splitSeed,
    b.trainingSeed,
    b.validationFraction,
    [b.input.width, b.input.height, b.input.fit],
    b.classOrder,
  ]);
}

/** What happens about the baseline when networks are queued. */
export type BaselinePlan =
  /** it trains first */
  | 'queued'
  /** one was trained before on this data with these settings: it is the reference */
  | 'reused'
  /** the user turned it off */
  | 'off'
  /** the runs queued are logistic regressions themselves */
  | 'notNeeded';
