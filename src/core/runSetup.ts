/**
 * The one description of a run: what a user chooses, from the layers to the
 * seeds, before a data set gives it its inputs and classes. The contract's
 * schema, the CLI, the renderer's editor, the model file, the tests and the
 * bench all use this type; the functions below turn it into the network's
 * architecture and the training loop's configuration.
 */
import { ACTIVATION_NAMES, type ActivationName } from './activations.ts';
import { NEEDS_VALIDATION } from './bestEpoch.ts';
import {
  architectureProblems,
  isDense,
  layerSpecProblems,
  parameterCount,
  type Architecture,
  type LayerKind,
  type LayerSpec,
} from './architecture.ts';
import { augmentationProblems, type AugmentationSetup } from './augmentation.ts';
import { INITIALIZER_NAMES, INITIALIZERS, type InitializerName } from './initializers.ts';
import type { LossName } from './losses.ts';
import { DEFAULT_OPTIMIZERS, OPTIMIZER_KINDS, type OptimizerKind } from './optimizers.ts';
import type { TrainingConfig } from './training.ts';

export type HiddenActivation = Exclude<ActivationName, 'softmax'>;
export const HIDDEN_ACTIVATIONS = ACTIVATION_NAMES.filter(
  (name): name is HiddenActivation => name !== 'softmax',
);

/** 'auto': cross-entropy on the output the classes need (sigmoid for two, softmax for more). */
export type LossChoice = 'auto' | 'meanSquaredError';
export const LOSS_CHOICES: readonly LossChoice[] = ['auto', 'meanSquaredError'];

export type Fit = 'stretch' | 'crop' | 'letterbox';
export const FITS: readonly Fit[] = ['stretch', 'crop', 'letterbox'];

/** A layer before the output layer, of any type (softmax is the output layer's alone). */
export type HiddenLayerSetup = HiddenActivationOf<LayerSpec>;
type HiddenActivationOf<T> = T extends { readonly activation: ActivationName }
  ? Omit<T, 'activation'> & { readonly activation: HiddenActivation }
  : T;

/** How images become the network's input: resized to width × height, RGB, by `fit`. */
export interface InputSetup {
  readonly width: number;
  readonly height: number;
  readonly fit: Fit;
}

export interface RunSetup {
  /** the hidden layers; the output layer follows from the classes */
  readonly hidden: readonly HiddenLayerSetup[];
  readonly loss: LossChoice;
  readonly initializer: InitializerName;
  readonly optimizer: OptimizerKind;
  /** α */
  readonly learningRate: number;
  /** α_epoch = α / (1 + decay·(epoch − 1)) */
  readonly learningRateDecay: number;
  /** examples per mini-batch; 0 for the whole training set (full-batch gradient descent) */
  readonly batchSize: number;
  readonly epochs: number;
  /** λ of the penalty (λ/2M)·Σ‖W[l]‖², M the number of training examples, whatever the batch size */
  readonly l2: number;
  /** draws the validation hold-out */
  readonly splitSeed: number;
  /** draws the initial weights and the order of examples in each epoch */
  readonly trainingSeed: number;
  /**
   * the share of each class of the training split held out for validation, when the data set
   * has no val/ folder of its own; 0 holds out nothing (no validation curve)
   */
  readonly validationFraction: number;
  /**
   * early stopping's patience: epochs without a better validation loss before the run ends with the
   * best epoch's weights (which a run that trains every epoch keeps too); 0 is off
   */
  readonly earlyStopping: number;
  readonly input: InputSetup;
  /** the classes in label order, the first being the negative class of two; null: the data set's order */
  readonly classOrder: readonly string[] | null;
  /** how each training batch is changed on the fly; every strength 0 (NO_AUGMENTATION) is off */
  readonly augmentation: AugmentationSetup;
}

/** Bounds on every number a setup holds; the contract's schema and the CLI check against these. */
export const SETUP_LIMITS = {
  hiddenLayers: 32,
  units: 4096,
  learningRate: 100,
  learningRateDecay: 100,
  batchSize: 1_000_000,
  epochs: 1_000_000,
  l2: 1000,
  seed: 0xffffffff,
  validationFraction: 0.5,
  earlyStopping: 100_000,
  imageSide: 1024,
} as const;

export const DEFAULT_INPUT: InputSetup = { width: 64, height: 64, fit: 'stretch' };

/** What the data set gives a setup: the input's length and the number of classes. */
export interface DataShape {
  readonly inputSize: number;
  readonly classCount: number;
  /** whether the data set has a validation split of its own (a val/ folder); absent: not known here */
  readonly validationFolder?: boolean;
}

/** The output layer's width for k classes: one sigmoid unit for two, else k softmax units. */
export function outputUnitsFor(classCount: number): number {
  return classCount === 2 ? 1 : classCount;
}

/** The network the setup describes for this data: input and output layers follow the data. */
export function architectureFor(setup: RunSetup, data: DataShape): Architecture {
  const outputs = outputUnitsFor(data.classCount);
  const output: ActivationName = outputs === 1 ? 'sigmoid' : 'softmax';
  const crossEntropy: LossName = outputs === 1 ? 'binaryCrossEntropy' : 'softmaxCrossEntropy';
  const { width, height } = setup.input;
  return {
    inputSize: data.inputSize,
    ...(width * height * 3 === data.inputSize ? { inputShape: { height, width, channels: 3 } } : {}),
    layers: [...setup.hidden, { units: outputs, activation: output }],
    loss: setup.loss === 'meanSquaredError' ? 'meanSquaredError' : crossEntropy,
  };
}

/** The training loop's configuration. */
export function trainingConfigFor(setup: RunSetup): TrainingConfig {
  return {
    epochs: setup.epochs,
    batchSize: setup.batchSize,
    learningRate: setup.learningRate,
    learningRateDecay: setup.learningRateDecay,
    optimizer: DEFAULT_OPTIMIZERS[setup.optimizer],
    l2: setup.l2,
    initializer: setup.initializer,
    seed: setup.trainingSeed,
    earlyStopping: setup.earlyStopping,
    augmentation: {
      setup: setup.augmentation,
      shape: { height: setup.input.height, width: setup.input.width, channels: 3 },
    },
  };
}

export function setupParameterCount(setup: RunSetup, data: DataShape): number {
  return parameterCount(architectureFor(setup, data));
}

/** The input's length: width × height × 3 channels. */
export function inputSize(input: InputSetup): number {
  return input.width * input.height * 3;
}

const isIn = (value: unknown, min: number, max: number) =>
  typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
const isWhole = (value: unknown, min: number, max: number) =>
  Number.isInteger(value) && isIn(value, min, max);

/**
 * The reasons a setup cannot be trained on this data (empty when it can), in
 * words for the user. This is the one check of a run before it starts.
 */
export function setupProblems(setup: RunSetup, data?: DataShape): string[] {
  const problems: string[] = [];
  const L = SETUP_LIMITS;
  if (!Array.isArray(setup.hidden) || setup.hidden.length > L.hiddenLayers) {
    problems.push(`at most ${L.hiddenLayers} hidden layers`);
  } else {
    setup.hidden.forEach((layer, i) => {
      const at = `hidden layer ${i + 1}`;
      const fields =
        typeof layer === 'object' && layer !== null ? (layer as unknown as Record<string, unknown>) : {};
      const own = layerSpecProblems(fields, at, false);
      problems.push(...own);
      if (own.length === 0 && isDense(layer) && layer.units > L.units)
        problems.push(`${at}: 1 to ${L.units} units`);
    });
  }
  if (!LOSS_CHOICES.includes(setup.loss)) problems.push(`unknown loss "${String(setup.loss)}"`);
  if (!INITIALIZER_NAMES.includes(setup.initializer))
    problems.push(`unknown initialiser "${String(setup.initializer)}"`);
  if (!OPTIMIZER_KINDS.includes(setup.optimizer))
    problems.push(`unknown optimiser "${String(setup.optimizer)}"`);
  if (!isIn(setup.learningRate, Number.MIN_VALUE, L.learningRate))
    problems.push(`the learning rate must be above 0 and at most ${L.learningRate}`);
  if (!isIn(setup.learningRateDecay, 0, L.learningRateDecay))
    problems.push(`the learning-rate decay must be from 0 to ${L.learningRateDecay}`);
  if (!isWhole(setup.batchSize, 0, L.batchSize))
    problems.push('the batch size must be a whole number (0: full batch)');
  if (!isWhole(setup.epochs, 1, L.epochs))
    problems.push(`epochs must be a whole number from 1 to ${L.epochs}`);
  if (!isIn(setup.l2, 0, L.l2)) problems.push(`L2 must be from 0 to ${L.l2}`);
  for (const seed of ['splitSeed', 'trainingSeed'] as const) {
    if (!isWhole(setup[seed], 0, L.seed))
      problems.push(
        `the ${seed === 'splitSeed' ? 'split' : 'training'} seed must be a whole number from 0 to ${L.seed}`,
      );
  }
  if (!isIn(setup.validationFraction, 0, L.validationFraction))
    problems.push(`the validation share must be from 0 to ${L.validationFraction}`);
  if (!isWhole(setup.earlyStopping, 0, L.earlyStopping))
    problems.push(
      `early stopping's patience must be a whole number of epochs from 0 (off) to ${L.earlyStopping}`,
    );
  const { input } = setup;
  if (
    !isWhole(input?.width, 1, L.imageSide) ||
    !isWhole(input?.height, 1, L.imageSide) ||
    !FITS.includes(input?.fit)
  )
    problems.push(`the input must be 1 to ${L.imageSide} pixels a side, fitted by ${FITS.join(', ')}`);
  if (setup.classOrder !== null) {
    if (!Array.isArray(setup.classOrder) || new Set(setup.classOrder).size !== setup.classOrder.length)
      problems.push('the class order must name each class once');
  }
  problems.push(...augmentationProblems(setup.augmentation));
  if (problems.length > 0 || data === undefined) return problems;
  if (setup.classOrder !== null && setup.classOrder.length !== data.classCount)
    problems.push(
      `the class order names ${setup.classOrder.length} classes; the data has ${data.classCount}`,
    );
  if (inputSize(input) !== data.inputSize)
    problems.push(
      `the input is ${input.width}×${input.height}×3, the images are read as ${data.inputSize} values`,
    );
  const early =
    data.validationFolder === undefined ? null : earlyStoppingProblem(setup, data.validationFolder);
  if (early !== null) problems.push(early);
  return [...problems, ...architectureProblems(architectureFor(setup, data))];
}

/** Early stopping without a validation split to watch (no val/ folder, none held out), in words; else null. */
export function earlyStoppingProblem(
  setup: Pick<RunSetup, 'earlyStopping' | 'validationFraction'>,
  validationFolder: boolean,
): string | null {
  return setup.earlyStopping > 0 && !validationFolder && setup.validationFraction === 0
    ? NEEDS_VALIDATION
    : null;
}

/** Words for the names a setup holds, as the lecture says them. */
export const OPTIMIZER_LABELS: Readonly<Record<OptimizerKind, string>> = {
  gradientDescent: 'gradient descent',
  momentum: 'momentum',
  adam: 'Adam',
};

export const LAYER_LABELS: Readonly<Record<LayerKind, string>> = {
  dense: 'dense',
  conv2d: 'convolution',
  maxPool: 'max pool',
  averagePool: 'average pool',
  flatten: 'flatten',
  dropout: 'dropout',
  batchNorm: 'batch norm',
};

export const LOSS_LABELS: Readonly<Record<LossChoice | LossName, string>> = {
  auto: 'cross-entropy',
  binaryCrossEntropy: 'binary cross-entropy',
  softmaxCrossEntropy: 'softmax cross-entropy',
  meanSquaredError: 'squared error',
};

export const INITIALIZER_LABELS: Readonly<Record<InitializerName, string>> = Object.fromEntries(
  INITIALIZER_NAMES.map((name) => [name, INITIALIZERS[name].label]),
) as Record<InitializerName, string>;

export const FIT_LABELS: Readonly<Record<Fit, string>> = {
  stretch: 'stretched',
  crop: 'cropped to fill',
  letterbox: 'letterboxed',
};

/**
 * Images a share of one class's `count` puts aside (a test or validation
 * split): rounded, and never the class's last image, nor any of the
 * `alreadyAside` another split took.
 */
export function heldOutOfClass(count: number, fraction: number, alreadyAside = 0): number {
  return Math.max(0, Math.min(Math.round(count * fraction), count - 1 - alreadyAside));
}

/** Training examples left once a run's validation share is held out of each class. */
export function trainingExamplesAfterHoldOut(
  trainPerClass: readonly number[],
  validationFraction: number,
): number {
  return trainPerClass.reduce((m, n) => m + n - heldOutOfClass(n, validationFraction), 0);
}
