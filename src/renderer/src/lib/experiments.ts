/**
 * Experiments: sets of runs on the same data that differ in some settings
 * (the lessons in lessons.ts are some); fixes offered by the diagnostics,
 * applied to a run's settings; the baseline a set of runs is compared with;
 * and which settings the runs differ in, for the table beside their curves.
 */
import { describeLayer } from '../../../core/architecture.ts';
import type { BaselinePlan, Finding, RunRecord, RunSetup } from '../../../api/contract.ts';
import { describeAugmentation } from '../../../core/augmentation.ts';
import { baselineKey } from '../../../core/baseline.ts';
import { INITIALIZER_LABELS, LOSS_LABELS, OPTIMIZER_LABELS } from '../../../core/runSetup.ts';

export type SetupChange = NonNullable<Finding['fix']>['change'];

/** The setup with the change made: an activation goes to every hidden layer that has one (dense, convolution). */
export function applyChange(setup: RunSetup, change: SetupChange): RunSetup {
  const { activation, ...settings } = change;
  return {
    ...setup,
    ...settings,
    hidden: setup.hidden.map((layer) =>
      activation && 'activation' in layer ? { ...layer, activation } : { ...layer },
    ),
  };
}

/**
 * The baseline of a set of runs: the latest completed logistic regression
 * trained on the same data with the settings its first network's baseline
 * depends on (records from before the data's hash was kept: on the data set
 * of the same name), its own experiment's if it has one.
 */
export function baselineOf(runs: readonly RunRecord[], history: readonly RunRecord[]): RunRecord | null {
  const network = runs.find((run) => !run.baseline && run.setup.hidden.length > 0);
  if (!network) return null;
  const key = baselineKey(network.setup);
  const sameData = (run: RunRecord) =>
    network.dataSetHash !== null && run.dataSetHash !== null
      ? run.dataSetHash === network.dataSetHash
      : run.dataSet === network.dataSet;
  const candidates = history.filter(
    (run) => run.baseline && run.status === 'completed' && sameData(run) && baselineKey(run.setup) === key,
  );
  return candidates.findLast((run) => run.experiment === network.experiment) ?? candidates.at(-1) ?? null;
}

const SETTING_NAMES: Partial<Record<keyof RunSetup, string>> = {
  hidden: 'hidden layers',
  loss: 'loss',
  initializer: 'initialiser',
  optimizer: 'optimiser',
  learningRate: 'learning rate',
  learningRateDecay: 'learning-rate decay',
  batchSize: 'batch size',
  epochs: 'epochs',
  l2: 'L2',
  validationFraction: 'validation share',
  earlyStopping: 'early stopping',
  trainingSeed: 'seed',
  splitSeed: 'split seed',
  augmentation: 'augmentation',
};

/** "5 × 16 ReLU, 7 sigmoid": runs of equal layers counted */
export function describeLayers(hidden: RunSetup['hidden']): string {
  if (hidden.length === 0) return 'none';
  const groups: { count: number; name: string }[] = [];
  for (const layer of hidden) {
    const name = describeLayer(layer);
    const last = groups.at(-1);
    if (last?.name === name) last.count += 1;
    else groups.push({ count: 1, name });
  }
  return groups.map((g) => (g.count > 1 ? `${g.count} × ${g.name}` : g.name)).join(', ');
}

export function describeSetting(key: keyof RunSetup, setup: RunSetup): string {
  switch (key) {
    case 'hidden':
      return describeLayers(setup.hidden);
    case 'batchSize':
      return setup.batchSize === 0 ? 'full' : String(setup.batchSize);
    case 'initializer':
      return INITIALIZER_LABELS[setup.initializer];
    case 'optimizer':
      return OPTIMIZER_LABELS[setup.optimizer];
    case 'loss':
      return LOSS_LABELS[setup.loss];
    case 'input':
      return `${setup.input.width}×${setup.input.height}×3`;
    case 'classOrder':
      return setup.classOrder?.join(', ') ?? 'the data set’s';
    case 'earlyStopping':
      return setup.earlyStopping === 0 ? 'off' : `after ${setup.earlyStopping} epochs`;
    case 'augmentation':
      return describeAugmentation(setup.augmentation);
    default:
      return String(setup[key]);
  }
}

/** The settings in which the runs differ, in the editor's order, with their names. */
export function differingSettings(runs: readonly RunRecord[]): { key: keyof RunSetup; name: string }[] {
  const keys = Object.keys(SETTING_NAMES) as (keyof RunSetup)[];
  return keys
    .filter((key) => new Set(runs.map((run) => describeSetting(key, run.setup))).size > 1)
    .map((key) => ({ key, name: SETTING_NAMES[key]! }));
}

/** What became of the baseline when runs were started, in a sentence; empty when there is nothing to say. */
export function describeBaseline(plan: BaselinePlan): string {
  switch (plan) {
    case 'queued':
      return 'A logistic regression with the same settings trains first, as the line to beat: once per data set and settings.';
    case 'reused':
      return 'The logistic regression trained before on this data with these settings is the line to beat.';
    case 'off':
      return 'No logistic regression first: it is turned off.';
    case 'notNeeded':
      return '';
  }
}
