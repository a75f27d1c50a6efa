/**
 * The command line's training options: strings into the one run setup
 * (core/runSetup.ts), and into how the source is read and split. Nothing
 * else is decided here.
 */
import { LIMITS, PADDINGS, type Padding } from '../core/architecture.ts';
import {
  AUGMENTATION_NAMES,
  AUGMENTATIONS,
  type AugmentationName,
  type AugmentationSetup,
} from '../core/augmentation.ts';
import { INITIALIZER_NAMES, type InitializerName } from '../core/initializers.ts';
import { OPTIMIZER_KINDS, type OptimizerKind } from '../core/optimizers.ts';
import {
  FITS,
  HIDDEN_ACTIVATIONS,
  LOSS_CHOICES,
  SETUP_LIMITS,
  setupProblems,
  type Fit,
  type HiddenActivation,
  type HiddenLayerSetup,
  type LossChoice,
  type RunSetup,
} from '../core/runSetup.ts';
import type { SplitOptions } from '../data/dataSet.ts';
import { UsageError } from './errors.ts';

/** One option per augmentation, named as core names it: --flip 0.5 --rotation 10 … */
const AUGMENTATION_OPTIONS = Object.fromEntries(
  AUGMENTATION_NAMES.map((name) => [name, { type: 'string', default: '0' }]),
) as Record<AugmentationName, { type: 'string'; default: string }>;

export const TRAINING_OPTIONS = {
  layers: { type: 'string', default: '20,7,5' },
  activation: { type: 'string', default: 'relu' },
  loss: { type: 'string', default: 'auto' },
  init: { type: 'string' },
  optimizer: { type: 'string', default: 'gd' },
  'learning-rate': { type: 'string', default: '0.0075' },
  'lr-decay': { type: 'string', default: '0' },
  'batch-size': { type: 'string', default: '0' },
  epochs: { type: 'string', default: '2500' },
  l2: { type: 'string', default: '0' },
  seed: { type: 'string', default: '1' },
  'split-seed': { type: 'string', default: '1' },
  size: { type: 'string', default: '64' },
  fit: { type: 'string', default: 'stretch' },
  'test-fraction': { type: 'string', default: '0.2' },
  'validation-fraction': { type: 'string', default: '0' },
  'early-stopping': { type: 'string', default: '0' },
  classes: { type: 'string' },
  ...AUGMENTATION_OPTIONS,
} as const;

/** The augmentation options' lines of `whisker help`, from core's definitions. */
export function augmentationUsage(): string {
  const lines = AUGMENTATION_NAMES.map((name) => {
    const { note, max, unit } = AUGMENTATIONS[name];
    return `  ${`--${name} 0`.padEnd(23)}${note}; 0 to ${max}${unit}`;
  });
  return ['  Augmentation: each training batch changed on the fly, never stored (all 0: off)', ...lines].join(
    '\n',
  );
}

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

const whole = (min: number, max: number) => (v: number) => Number.isInteger(v) && v >= min && v <= max;

function oneOf<T extends string>(name: string, text: string, choices: readonly T[]): T {
  if (!choices.includes(text as T))
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got "${text}"`);
  return text as T;
}

const OPTIMIZER_ALIASES: Record<string, OptimizerKind> = {
  gd: 'gradientDescent',
  sgd: 'gradientDescent',
  ...Object.fromEntries(OPTIMIZER_KINDS.map((kind) => [kind, kind])),
};

/** How --layers writes each layer type; `whisker help` shows these. */
export const LAYER_SYNTAX = `20 or 20:tanh (dense), conv:16 or conv:16:5x5:s2:valid:tanh (3×3, stride 1,
                         same padding unless given), maxpool or maxpool:3:s2 (2×2, stride = size unless
                         given), avgpool, flatten, dropout:0.5, batchnorm`;

/**
 * Hidden layers as "20,7,5" with --activation for all of them, or per layer as "20:relu,7:tanh",
 * and the other layer types by name (LAYER_SYNTAX).
 */
function hiddenLayers(values: TrainingValues): HiddenLayerSetup[] {
  const activation = oneOf<HiddenActivation>('activation', values.activation ?? 'relu', HIDDEN_ACTIVATIONS);
  const spec = (values.layers ?? '').trim();
  if (spec === '' || spec === 'none') return [];
  return spec.split(',').map((part) => hiddenLayer(part.trim(), activation));
}

function hiddenLayer(part: string, activation: HiddenActivation): HiddenLayerSetup {
  const [head = '', ...rest] = part.split(':');
  const side = (text: string) =>
    number('layers', text, whole(1, LIMITS.maxKernel), `a side from 1 to ${LIMITS.maxKernel} in "${part}"`);
  const strideOf = (text: string) =>
    number('layers', text.slice(1), whole(1, LIMITS.maxStride), `a stride like s2 in "${part}"`);
  switch (head.toLowerCase()) {
    case 'conv': {
      const [filters, ...options] = rest;
      const layer = {
        type: 'conv2d' as const,
        filters: number(
          'layers',
          filters,
          whole(1, SETUP_LIMITS.units),
          `a number of filters like conv:16, got "${part}"`,
        ),
        kernel: 3,
        stride: 1,
        padding: 'same' as Padding,
        activation,
      };
      for (const option of options) {
        const kernel = /^(\d+)x\1$/.exec(option);
        if (kernel) layer.kernel = side(kernel[1]!);
        else if (/^s\d+$/.test(option)) layer.stride = strideOf(option);
        else if (PADDINGS.includes(option as Padding)) layer.padding = option as Padding;
        else layer.activation = oneOf<HiddenActivation>('layers', option, HIDDEN_ACTIVATIONS);
      }
      return layer;
    }
    case 'maxpool':
    case 'avgpool': {
      const size = rest[0] === undefined ? 2 : side(rest[0]);
      const stride = rest[1] === undefined ? size : strideOf(rest[1]);
      return { type: head.toLowerCase() === 'maxpool' ? 'maxPool' : 'averagePool', size, stride };
    }
    case 'flatten':
      return { type: 'flatten' };
    case 'batchnorm':
      return { type: 'batchNorm' };
    case 'dropout':
      return {
        type: 'dropout',
        rate: number(
          'layers',
          rest[0],
          (v) => v >= 0 && v < 1,
          `a rate from 0 to below 1 like dropout:0.5, got "${part}"`,
        ),
      };
    default:
      return {
        units: number(
          'layers',
          head,
          whole(1, SETUP_LIMITS.units),
          `layers like 20,7,5 or conv:16,maxpool,flatten,64 (whisker help), got "${part}"`,
        ),
        activation: rest[0] ? oneOf<HiddenActivation>('layers', rest[0], HIDDEN_ACTIVATIONS) : activation,
      };
  }
}

function augmentationOf(values: TrainingValues): AugmentationSetup {
  return Object.fromEntries(
    AUGMENTATION_NAMES.map((name) => {
      const { max, whole: wholeOnly, unit } = AUGMENTATIONS[name];
      const fits = (v: number) => v >= 0 && v <= max && (!wholeOnly || Number.isInteger(v));
      const expected = `${wholeOnly ? 'a whole number' : 'a number'} from 0 to ${max}${unit}`;
      return [name, number(name, values[name] ?? '0', fits, expected)];
    }),
  ) as AugmentationSetup;
}

function seed(name: 'seed' | 'split-seed', values: TrainingValues): number {
  return number(name, values[name], whole(0, SETUP_LIMITS.seed), `an integer from 0 to ${SETUP_LIMITS.seed}`);
}

function inputOf(values: TrainingValues): RunSetup['input'] {
  const match = /^(\d+)(?:x(\d+))?$/.exec(values.size ?? '64');
  if (match === null) throw new UsageError(`--size must be like 64 or 64x48, got "${values.size}"`);
  return {
    width: Number(match[1]),
    height: Number(match[2] ?? match[1]),
    fit: oneOf<Fit>('fit', values.fit ?? 'stretch', FITS),
  };
}

/** The run setup the options describe; every mistake is a usage error naming the option. */
export function setupFromOptions(values: TrainingValues): RunSetup {
  const hidden = hiddenLayers(values);
  const optimizer = OPTIMIZER_ALIASES[values.optimizer ?? 'gd'];
  if (optimizer === undefined) {
    throw new UsageError(`--optimizer must be one of gd, momentum, adam, got "${values.optimizer}"`);
  }
  // The course's choices: zeros for logistic regression, 0.01·randn for one hidden layer, randn/√n
  // deeper; He for a network with convolutions, as for ReLU layers generally.
  const courseInit: InitializerName = hidden.some((l) => l.type === 'conv2d')
    ? 'he'
    : hidden.length === 0
      ? 'zeros'
      : hidden.length === 1
        ? 'smallRandom'
        : 'lecun';
  const classOrder = values.classes?.split(',').map((name) => name.trim());
  const setup: RunSetup = {
    hidden,
    loss: oneOf<LossChoice>('loss', values.loss ?? 'auto', LOSS_CHOICES),
    initializer: oneOf<InitializerName>('init', values.init ?? courseInit, INITIALIZER_NAMES),
    optimizer,
    learningRate: number('learning-rate', values['learning-rate'], (v) => v > 0, 'a positive number'),
    learningRateDecay: number('lr-decay', values['lr-decay'], (v) => v >= 0, 'zero or positive'),
    batchSize: number(
      'batch-size',
      values['batch-size'],
      whole(0, SETUP_LIMITS.batchSize),
      'a whole number (0 for full batch)',
    ),
    epochs: number(
      'epochs',
      values.epochs,
      whole(1, SETUP_LIMITS.epochs),
      `a whole number from 1 to ${SETUP_LIMITS.epochs}`,
    ),
    l2: number('l2', values.l2, (v) => v >= 0, 'zero or positive'),
    splitSeed: seed('split-seed', values),
    trainingSeed: seed('seed', values),
    validationFraction: number(
      'validation-fraction',
      values['validation-fraction'],
      (v) => v >= 0 && v <= SETUP_LIMITS.validationFraction,
      `a fraction from 0 to ${SETUP_LIMITS.validationFraction}`,
    ),
    earlyStopping: number(
      'early-stopping',
      values['early-stopping'],
      whole(0, SETUP_LIMITS.earlyStopping),
      `a whole number of epochs from 0 (off) to ${SETUP_LIMITS.earlyStopping}`,
    ),
    input: inputOf(values),
    classOrder: classOrder ?? null,
    augmentation: augmentationOf(values),
  };
  const problems = setupProblems(setup);
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  return setup;
}

/** How a folder without train/ and test/ is split into them (validation is the setup's business). */
export function splitOptions(values: TrainingValues, setup: RunSetup): SplitOptions {
  return {
    testFraction: number(
      'test-fraction',
      values['test-fraction'],
      (v) => v >= 0 && v <= 0.9,
      'a fraction from 0 to 0.9',
    ),
    validationFraction: 0,
    seed: setup.splitSeed,
  };
}
