/**
 * Experiments: one-click templates for the lecture's lessons, each a set of
 * runs on the same data and seed that differ in one setting; fixes offered by
 * the diagnostics, applied to a run's settings; and which settings a set of
 * runs differs in, for the table beside their overlaid curves.
 */
import type { Finding, RunRecord, RunSetup } from '../../../api/contract.ts';
import { INITIALIZER_LABELS, LOSS_LABELS, OPTIMIZER_LABELS } from '../../../core/runSetup.ts';

export type SetupChange = NonNullable<Finding['fix']>['change'];

export function applyChange(setup: RunSetup, change: SetupChange): RunSetup {
  const { activation, ...settings } = change;
  return {
    ...setup,
    ...settings,
    hidden: setup.hidden.map((layer) => (activation ? { ...layer, activation } : { ...layer })),
  };
}

export interface Template {
  readonly name: string;
  readonly lesson: string;
  runs(base: RunSetup): { name: string; setup: RunSetup }[];
}

const deep = (activation: RunSetup['hidden'][number]['activation'], depth = 5) =>
  Array.from({ length: depth }, () => ({ units: 16, activation }));

export const TEMPLATES: readonly Template[] = [
  {
    name: 'Initialisation',
    lesson:
      'Good initialisation keeps the signal near 1 from layer to layer: He for ReLU, Xavier for tanh. ' +
      'Weights of 0.01·randn shrink it layer after layer, so a deep network barely starts to learn.',
    runs: (base) =>
      (
        [
          ['He', 'he'],
          ['Xavier', 'xavierNormal'],
          ['0.01·randn', 'smallRandom'],
        ] as const
      ).map(([name, initializer]) => ({ name, setup: { ...base, hidden: deep('relu'), initializer } })),
  },
  {
    name: 'Activations',
    lesson:
      "Sigmoid and tanh saturate: where |z| is large their slope is near 0, and backpropagation multiplies by that slope at every layer, so the first layers' gradients vanish. ReLU passes the gradient on unchanged where z > 0.",
    runs: (base) =>
      (
        [
          ['ReLU', 'relu', 'he'],
          ['sigmoid', 'sigmoid', 'xavierNormal'],
          ['tanh', 'tanh', 'xavierNormal'],
        ] as const
      ).map(([name, activation, initializer]) => ({
        name,
        setup: { ...base, hidden: deep(activation), initializer },
      })),
  },
  {
    name: 'Batch size',
    lesson:
      'A mini-batch estimates the gradient from a few examples, so the loss per batch saw-tooths around the trend; ' +
      'the whole set gives the true gradient and a smooth curve, with one update per epoch.',
    runs: (base) =>
      (
        [
          ['batch 1', 1],
          ['batch 32', 32],
          ['full batch', 0],
        ] as const
      ).map(([name, batchSize]) => ({ name, setup: { ...base, batchSize } })),
  },
  {
    name: 'Depth',
    lesson:
      'Each layer multiplies the backward signal by its weights and slopes: with sigmoid units the product shrinks with depth, and the deepest network learns slowest.',
    runs: (base) =>
      [1, 4, 10].map((depth) => ({
        name: `${depth} sigmoid layer${depth > 1 ? 's' : ''}`,
        setup: { ...base, hidden: deep('sigmoid', depth), initializer: 'xavierNormal' as const },
      })),
  },
];

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
  trainingSeed: 'seed',
  splitSeed: 'split seed',
};

/** "5 × 16 relu, 7 sigmoid": runs of equal layers counted */
export function describeLayers(hidden: RunSetup['hidden']): string {
  if (hidden.length === 0) return 'none';
  const groups: { count: number; name: string }[] = [];
  for (const layer of hidden) {
    const name = `${layer.units} ${layer.activation}`;
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
