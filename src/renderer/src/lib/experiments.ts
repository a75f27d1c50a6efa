/**
 * Experiments: one-click templates for the lecture's lessons, each a set of
 * runs on the same data and seed that differ in one setting; fixes offered by
 * the diagnostics, applied to a run's settings; and which settings a set of
 * runs differs in, for the table beside their overlaid curves.
 */
import type { Finding, RunRecord, TrainingSetup } from '../../../api/contract.ts';

export type SetupChange = NonNullable<Finding['fix']>['change'];

export function applyChange(setup: TrainingSetup, change: SetupChange): TrainingSetup {
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
  runs(base: TrainingSetup): { name: string; setup: TrainingSetup }[];
}

const deep = (activation: TrainingSetup['hidden'][number]['activation'], depth = 5) =>
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

const SETTING_NAMES: Record<string, string> = {
  hidden: 'hidden layers',
  loss: 'loss',
  initializer: 'initialiser',
  optimizer: 'optimiser',
  learningRate: 'learning rate',
  learningRateDecay: 'learning-rate decay',
  batchSize: 'batch size',
  epochs: 'epochs',
  l2: 'L2',
  seed: 'seed',
};

/** "5 × 16 relu, 7 sigmoid": runs of equal layers counted */
export function describeLayers(hidden: TrainingSetup['hidden']): string {
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

export function describeSetting(key: keyof TrainingSetup, setup: TrainingSetup): string {
  const value = setup[key];
  if (key === 'hidden') return describeLayers(setup.hidden);
  if (key === 'batchSize') return value === 0 ? 'full' : String(value);
  return String(value);
}

/** The settings in which the runs differ, in the editor's order, with their names. */
export function differingSettings(runs: readonly RunRecord[]): { key: keyof TrainingSetup; name: string }[] {
  const keys = Object.keys(SETTING_NAMES) as (keyof TrainingSetup)[];
  return keys
    .filter((key) => new Set(runs.map((run) => describeSetting(key, run.setup))).size > 1)
    .map((key) => ({ key, name: SETTING_NAMES[key]! }));
}
