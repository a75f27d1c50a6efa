/**
 * The command line's training options, checked and turned into the core's
 * architecture and training configuration.
 */
import { ACTIVATION_NAMES, type ActivationName } from '../core/activations.ts';
import { architectureProblems, type Architecture, type LayerSpec } from '../core/architecture.ts';
import { outputUnitsFor } from '../core/examples.ts';
import { INITIALIZER_NAMES, type InitializerName } from '../core/initializers.ts';
import { LOSS_NAMES, type LossName } from '../core/losses.ts';
import { DEFAULT_OPTIMIZERS, type OptimizerKind } from '../core/optimizers.ts';
import type { TrainingConfig } from '../core/training.ts';
import { FITS, type DecodeOptions, type Fit } from '../data/decode.ts';
import { UsageError } from './errors.ts';

export const TRAINING_OPTIONS = {
  layers: { type: 'string', default: '20,7,5' },
  activation: { type: 'string', default: 'relu' },
  loss: { type: 'string' },
  init: { type: 'string' },
  optimizer: { type: 'string', default: 'gradientDescent' },
  'learning-rate': { type: 'string', default: '0.0075' },
  'lr-decay': { type: 'string', default: '0' },
  'batch-size': { type: 'string', default: '0' },
  epochs: { type: 'string', default: '2500' },
  l2: { type: 'string', default: '0' },
  seed: { type: 'string', default: '1' },
  size: { type: 'string', default: '64' },
  fit: { type: 'string', default: 'stretch' },
  'test-fraction': { type: 'string', default: '0.2' },
  'validation-fraction': { type: 'string', default: '0' },
  classes: { type: 'string' },
} as const;

export type TrainingValues = { [K in keyof typeof TRAINING_OPTIONS]?: string };

function number(
  name: string,
  text: string | undefined,
  check: (v: number) => boolean,
  expected: string,
): number {
  const value = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(value) || !check(value)) {
    throw new UsageError(`--${name} must be ${expected}, got "${text ?? ''}"`);
  }
  return value;
}

function oneOf<T extends string>(name: string, text: string, choices: readonly T[]): T {
  if (!choices.includes(text as T))
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got "${text}"`);
  return text as T;
}

const OPTIMIZER_ALIASES: Record<string, OptimizerKind> = {
  gd: 'gradientDescent',
  sgd: 'gradientDescent',
  gradientDescent: 'gradientDescent',
  momentum: 'momentum',
  adam: 'adam',
};

export function decodeOptions(values: TrainingValues): DecodeOptions {
  const match = /^(\d+)(?:x(\d+))?$/.exec(values.size ?? '64');
  if (match === null) throw new UsageError(`--size must be like 64 or 64x48, got "${values.size}"`);
  const width = Number(match[1]);
  const height = Number(match[2] ?? match[1]);
  return { width, height, fit: oneOf<Fit>('fit', values.fit ?? 'stretch', FITS) };
}

export function splitOptions(values: TrainingValues) {
  const fraction = (v: number) => v >= 0 && v <= 0.9;
  return {
    testFraction: number('test-fraction', values['test-fraction'], fraction, 'a fraction from 0 to 0.9'),
    validationFraction: number(
      'validation-fraction',
      values['validation-fraction'],
      fraction,
      'a fraction from 0 to 0.9',
    ),
    seed: seedOf(values),
  };
}

function seedOf(values: TrainingValues): number {
  return number(
    'seed',
    values.seed,
    (v) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff,
    'an integer from 0 to 4294967295',
  );
}

/**
 * Hidden layers as "20,7,5" with --activation for all of them, or per layer as
 * "20:relu,7:tanh"; the output layer and loss follow the number of classes.
 */
export function architectureFor(values: TrainingValues, inputSize: number, classCount: number): Architecture {
  const hiddenActivation = oneOf<ActivationName>('activation', values.activation ?? 'relu', ACTIVATION_NAMES);
  const spec = (values.layers ?? '').trim();
  const hidden: LayerSpec[] =
    spec === '' || spec === 'none'
      ? []
      : spec.split(',').map((part) => {
          const [units, activation] = part.split(':');
          return {
            units: number(
              'layers',
              units,
              (v) => Number.isInteger(v) && v >= 1,
              'hidden layer sizes like 20,7,5',
            ),
            activation: activation
              ? oneOf<ActivationName>('layers', activation, ACTIVATION_NAMES)
              : hiddenActivation,
          };
        });
  const outputs = outputUnitsFor(classCount);
  const loss = values.loss
    ? oneOf<LossName>('loss', values.loss, LOSS_NAMES)
    : outputs === 1
      ? 'binaryCrossEntropy'
      : 'softmaxCrossEntropy';
  const outputActivation: ActivationName =
    loss === 'binaryCrossEntropy'
      ? 'sigmoid'
      : loss === 'softmaxCrossEntropy'
        ? 'softmax'
        : outputs === 1
          ? 'sigmoid'
          : 'softmax';
  const architecture = {
    inputSize,
    layers: [...hidden, { units: outputs, activation: outputActivation }],
    loss,
  };
  const problems = architectureProblems(architecture);
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  return architecture;
}

export function trainingConfig(values: TrainingValues, hiddenLayers: number): TrainingConfig {
  const kind = OPTIMIZER_ALIASES[values.optimizer ?? 'gradientDescent'];
  if (kind === undefined) {
    throw new UsageError(`--optimizer must be one of gd, momentum, adam, got "${values.optimizer}"`);
  }
  const positive = (v: number) => v > 0;
  // The course's choices: 0.01·randn for one hidden layer, randn/√n for deeper nets, zeros for logistic regression.
  const defaultInit: InitializerName =
    hiddenLayers === 0 ? 'zeros' : hiddenLayers === 1 ? 'smallRandom' : 'lecun';
  return {
    epochs: number(
      'epochs',
      values.epochs,
      (v) => Number.isInteger(v) && v >= 1 && v <= 1_000_000,
      'a whole number from 1 to 1000000',
    ),
    batchSize: number(
      'batch-size',
      values['batch-size'],
      (v) => Number.isInteger(v) && v >= 0,
      'a whole number (0 for full batch)',
    ),
    learningRate: number('learning-rate', values['learning-rate'], positive, 'a positive number'),
    learningRateDecay: number('lr-decay', values['lr-decay'], (v) => v >= 0, 'zero or positive'),
    optimizer: DEFAULT_OPTIMIZERS[kind],
    l2: number('l2', values.l2, (v) => v >= 0, 'zero or positive'),
    initializer: oneOf<InitializerName>('init', values.init ?? defaultInit, INITIALIZER_NAMES),
    seed: seedOf(values),
    validateEvery: 1,
  };
}
