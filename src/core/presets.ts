/**
 * Ready-made setups: the course's three networks with the course's own
 * settings (full batch, seed 1, nothing held out, so they reproduce its
 * numbers), and a quick one for a first run.
 */
import { NO_AUGMENTATION } from './augmentation.ts';
import { DEFAULT_INPUT, type RunSetup } from './runSetup.ts';

export interface Preset {
  readonly name: string;
  readonly setup: RunSetup;
}

/** The course's settings, shared by its three networks. */
const COURSE = {
  loss: 'auto',
  optimizer: 'gradientDescent',
  learningRateDecay: 0,
  batchSize: 0,
  l2: 0,
  splitSeed: 1,
  trainingSeed: 1,
  validationFraction: 0,
  earlyStopping: 0,
  input: DEFAULT_INPUT,
  classOrder: null,
  augmentation: NO_AUGMENTATION,
} as const;

export const PRESETS: readonly Preset[] = [
  {
    name: 'Quick: one hidden layer, Adam',
    setup: {
      hidden: [{ units: 32, activation: 'relu' }],
      loss: 'auto',
      initializer: 'he',
      optimizer: 'adam',
      learningRate: 0.001,
      learningRateDecay: 0,
      batchSize: 32,
      epochs: 20,
      l2: 0,
      splitSeed: 1,
      trainingSeed: 1,
      validationFraction: 0.15,
      earlyStopping: 0,
      input: DEFAULT_INPUT,
      classOrder: null,
      augmentation: NO_AUGMENTATION,
    },
  },
  {
    name: 'Course: logistic regression',
    setup: { ...COURSE, hidden: [], initializer: 'zeros', learningRate: 0.005, epochs: 2000 },
  },
  {
    name: 'Course: 2-layer',
    setup: {
      ...COURSE,
      hidden: [{ units: 7, activation: 'relu' }],
      initializer: 'smallRandom',
      learningRate: 0.0075,
      epochs: 2500,
    },
  },
  {
    name: 'Course: 4-layer',
    setup: {
      ...COURSE,
      hidden: [
        { units: 20, activation: 'relu' },
        { units: 7, activation: 'relu' },
        { units: 5, activation: 'relu' },
      ],
      initializer: 'lecun',
      learningRate: 0.0075,
      epochs: 2500,
    },
  },
];

export function preset(name: string): RunSetup {
  const found = PRESETS.find((p) => p.name === name);
  if (!found) throw new Error(`no preset "${name}"`);
  return found.setup;
}
