/**
 * Why a run fails: the evidence for each likely cause, in the order in which
 * the diagnosis tries them, each with the lecture's explanation and the one
 * change of settings that addresses it. Evidence is measured (the loss, the
 * gradient per weight of each layer, dead and saturated units) or follows
 * from the settings (a learning rate far above the usual, initial weights
 * that multiply the signal far from 1 on its way through the network).
 */
import { INITIALIZERS, type InitializerName } from './initializers.ts';
import type { LayerInspection } from './inspection.ts';
import { activationOf, placeLayers, weightRows } from './architecture.ts';
import {
  OPTIMIZER_LABELS,
  architectureFor,
  inputSize,
  type HiddenActivation,
  type RunSetup,
} from './runSetup.ts';
import type { OptimizerKind } from './optimizers.ts';
import type { EpochPoint } from './training.ts';

export type Cause =
  | 'learningRateTooLarge'
  | 'learningRateTooSmall'
  | 'exploding'
  | 'vanishing'
  | 'symmetric'
  | 'saturated'
  | 'deadUnits'
  | 'l2TooStrong';

/** What a fix changes in the run's settings; the activation applies to every hidden layer. */
export interface SetupChange {
  readonly learningRate?: number;
  readonly l2?: number;
  readonly initializer?: InitializerName;
  readonly activation?: HiddenActivation;
}

export interface Fix {
  readonly label: string;
  readonly change: SetupChange;
}

export interface Explained {
  readonly cause: Cause;
  readonly title: string;
  readonly explanation: string;
  readonly fix: Fix;
}

/** What the causes are judged from. */
export interface Evidence {
  readonly setup: Pick<RunSetup, 'learningRate' | 'l2' | 'initializer' | 'optimizer' | 'hidden' | 'input'>;
  readonly epochs: readonly Pick<EpochPoint, 'trainLoss' | 'weightNorms' | 'gradientRms'>[];
  /** the latest look inside the network, if any */
  readonly layers: readonly LayerInspection[] | null;
}

/** The usual learning rate of each optimiser: the course's for gradient descent, Adam's paper's for Adam. */
export const USUAL_LEARNING_RATES: Readonly<Record<OptimizerKind, number>> = {
  gradientDescent: 0.0075,
  momentum: 0.0075,
  adam: 0.001,
};

/** A learning rate this many times the usual one is the cause of any failure. */
export const FAR_TOO_LARGE = 100;
/** Per weight, a first layer's gradient this many times the last's (or its inverse) explodes (vanishes). */
export const GRADIENT_RATIO = 1e3;
/**
 * At the first epoch, while the output's error is still large, a first layer's gradient per
 * parameter under this share of the last layer's has vanished; later, when the output has settled
 * (on always answering the largest class, say), every gradient is small and only GRADIENT_RATIO tells.
 */
export const FIRST_EPOCH_RATIO = 1e-2;
/** Initial weights that multiply the signal by more than this (or less than its inverse) explode (vanish). */
export const SIGNAL_GAIN = 1e2;
/** The loss rising to this many times its first value shows updates overshooting. */
const LOSS_RISE = 1.5;
/** Shares of a layer's units counted as saturated, or dead, enough to block learning. */
const SATURATED = 0.5;
const DEAD = 0.9;

const percent = (share: number) => `${Math.round(share * 100)}%`;
/** a learning rate times a factor, without binary fractions showing: 1e-6 × 10 = 1e-5 */
const scaled = (rate: number, factor: number) => Number((rate * factor).toPrecision(6));
const times = (ratio: number) =>
  ratio >= 1000 || ratio < 0.01 ? ratio.toExponential(1) : String(Number(ratio.toPrecision(2)));
const loss = (value: number) => (Math.abs(value) >= 1000 ? value.toExponential(1) : value.toPrecision(3));

/** The activations of the hidden layers that have weights (dense and convolutional). */
const hiddenActivations = (setup: Evidence['setup']) =>
  setup.hidden.filter((l) => weightRows(l) > 0).map(activationOf);
const squashing = (setup: Evidence['setup']) =>
  hiddenActivations(setup).some((a) => a === 'sigmoid' || a === 'tanh');
const reluLike = (setup: Evidence['setup']) =>
  hiddenActivations(setup).every((a) => a === 'relu' || a === 'leakyRelu');

/** The initialiser that keeps the signal's size for these activations: He for ReLU, Xavier for tanh and sigmoid. */
function fittingInitializer(setup: Evidence['setup']): InitializerName {
  return reluLike(setup) ? 'he' : 'xavierNormal';
}

function initializerFix(setup: Evidence['setup']): Fix {
  const name = fittingInitializer(setup);
  return {
    label: `Start again with ${name === 'he' ? 'He' : 'Xavier'} initialisation`,
    change: { initializer: name },
  };
}

export function rateOverUsual(setup: Evidence['setup']): number {
  return setup.learningRate / USUAL_LEARNING_RATES[setup.optimizer];
}

/**
 * How many times the initial weights multiply the size of the signal on its
 * way from the input to the output: per layer std(W[l])·√n[l−1], halved in
 * variance by a ReLU. He keeps it near 1 for ReLU layers; 0.01·randn shrinks
 * it and randn·1 grows it by orders of magnitude with every layer.
 */
export function initialSignalGain(setup: Evidence['setup']): number {
  const initializer = INITIALIZERS[setup.initializer];
  const architecture = architectureFor(setup as RunSetup, {
    inputSize: inputSize(setup.input),
    classCount: 2,
  });
  let gain = 1;
  for (const layer of placeLayers(architecture).slice(0, -1)) {
    if (layer.fanIn === 0 || layer.kind === 'batchNorm') continue;
    const activation = activationOf(layer.spec);
    const rectified = activation === 'relu' || activation === 'leakyRelu';
    gain *=
      initializer.std(layer.fanIn, layer.fanOut) * Math.sqrt(layer.fanIn) * (rectified ? Math.SQRT1_2 : 1);
  }
  return gain;
}

/** The first over the last of per-layer sizes, for networks of 2 hidden layers or more. */
function firstOverLast(sizes: readonly number[] | undefined): number | null {
  if (!sizes || sizes.length < 3) return null;
  const [first, last] = [sizes[0]!, sizes.at(-1)!];
  if (!(first > 0) || !(last > 0) || !Number.isFinite(first) || !Number.isFinite(last)) return null;
  return first / last;
}

/** Per weight, the first layer's gradient over the last's, in the latest look inside. */
export function gradientRatio(layers: readonly LayerInspection[] | null): number | null {
  return firstOverLast(layers?.map((l) => l.gradientRms));
}

/** The loss at its highest in the first epochs, when that is well above where it started. */
function lossRise(epochs: Evidence['epochs']): { from: number; to: number } | null {
  const from = epochs[0]?.trainLoss;
  if (from === undefined || !Number.isFinite(from)) return null;
  const early = epochs.slice(1, 20).map((p) => p.trainLoss);
  const to = Math.max(...early.map((v) => (Number.isFinite(v) ? v : Infinity)));
  return early.length > 0 && to >= LOSS_RISE * from ? { from, to } : null;
}

function deadLayer(layers: Evidence['layers']): LayerInspection | undefined {
  return (layers ?? []).slice(0, -1).find((l) => (l.deadFraction ?? 0) >= DEAD);
}

function learningRateTooLarge(evidence: Evidence, rise: { from: number; to: number } | null): Explained {
  const { setup } = evidence;
  const over = rateOverUsual(setup);
  const usual = USUAL_LEARNING_RATES[setup.optimizer];
  const dead = deadLayer(evidence.layers);
  const farTooLarge = over >= FAR_TOO_LARGE;
  const parts = [
    farTooLarge
      ? `A learning rate of ${setup.learningRate} is ${Math.round(over).toLocaleString('en')} times the usual ${usual} for ${OPTIMIZER_LABELS[setup.optimizer]}:`
      : `With a learning rate of ${setup.learningRate},`,
    'each update θ := θ − α·∂J/∂θ jumps past the minimum instead of down into it.',
  ];
  if (rise) parts.push(`The loss rose from ${loss(rise.from)} to ${loss(rise.to)} after the first updates.`);
  if (dead)
    parts.push(
      `The large updates left ${percent(dead.deadFraction!)} of layer ${dead.layer}'s ReLUs with z ≤ 0 for every example: ` +
        'dead units that pass back no gradient are a consequence, not the cause.',
    );
  const rate = farTooLarge ? usual : scaled(setup.learningRate, 0.1);
  return {
    cause: 'learningRateTooLarge',
    title: 'The learning rate is too large',
    explanation: parts.join(' '),
    fix: {
      label: farTooLarge
        ? `Start again with the usual learning rate, ${rate}`
        : 'Start again with a 10× smaller learning rate',
      change: { learningRate: rate },
    },
  };
}

function symmetric(evidence: Evidence, units: number, layer: number): Explained {
  return {
    cause: 'symmetric',
    title: `All ${units} units of layer ${layer} are identical`,
    explanation:
      `With ${evidence.setup.initializer === 'zeros' ? 'zero' : 'identical'} initial weights every unit of a layer computes the same ` +
      'value and receives the same gradient, so the units stay copies of each other and the layer acts as one unit. ' +
      'Random initial weights break the symmetry.',
    fix: initializerFix(evidence.setup),
  };
}

function initialWeights(evidence: Evidence, gain: number, grows: boolean): Explained {
  const { setup } = evidence;
  const fitting = INITIALIZERS[fittingInitializer(setup)];
  const initializer = INITIALIZERS[setup.initializer];
  return {
    cause: grows ? 'exploding' : 'vanishing',
    title: grows ? 'The initial weights are too large' : 'The initial weights are too small',
    explanation:
      `Weights drawn as ${initializer.formula} multiply the signal by about ${times(gain)} on its way through ` +
      `${setup.hidden.length} hidden layer${setup.hidden.length === 1 ? '' : 's'}, and backpropagation multiplies dJ/dz by the same weights on the way back: ` +
      (grows
        ? 'z, the loss and the gradients explode. '
        : 'the signal and the gradients vanish, and the first layers hardly learn. ') +
      `${fitting.standardName}, ${fitting.formula}, keeps their size near 1 from layer to layer.`,
    fix: initializerFix(setup),
  };
}

function explodingGradients(evidence: Evidence, ratio: number): Explained {
  const { setup } = evidence;
  const fits = setup.initializer === fittingInitializer(setup);
  return {
    cause: 'exploding',
    title: 'The gradients explode on their way back',
    explanation:
      `Per weight, the first layer's gradient is ${times(ratio)} times the last layer's: backpropagation multiplies ` +
      "dJ/dz by each layer's weights on the way down, and the product grows with depth when they are large.",
    fix: fits
      ? {
          label: 'Start again with a 10× smaller learning rate',
          change: { learningRate: scaled(setup.learningRate, 0.1) },
        }
      : initializerFix(setup),
  };
}

function vanishingGradients(evidence: Evidence, ratio: number, atStart: boolean): Explained {
  const sigmoidOrTanh = squashing(evidence.setup);
  return {
    cause: 'vanishing',
    title: 'The gradients vanish on their way back',
    explanation:
      `Per weight, the first layer's gradient ${atStart ? 'was' : 'is'} ${times(ratio)} times the last layer's` +
      `${atStart ? ' at the first epoch' : ''}: backpropagation multiplies ` +
      `dJ/dz by each layer's weights and g'(z) on the way down${sigmoidOrTanh ? ", and sigmoid's g'(z) is at most 1/4 (tanh's at most 1, less when saturated)" : ''}, ` +
      'so the first layers hardly learn.',
    fix: sigmoidOrTanh
      ? {
          label: 'Start again with ReLU and He initialisation',
          change: { activation: 'relu', initializer: 'he' },
        }
      : initializerFix(evidence.setup),
  };
}

function saturated(evidence: Evidence, layer: LayerInspection): Explained {
  const { setup } = evidence;
  return {
    cause: 'saturated',
    title: `${percent(layer.saturatedFraction!)} of layer ${layer.layer}'s ${layer.activation} units are saturated`,
    explanation:
      `When |z| is large, ${layer.activation} is flat: g'(z) ≈ 0 and almost no gradient passes. ` +
      'Initial weights scaled to the layer keep z near 0, where the slope is largest.',
    fix:
      setup.initializer === 'xavierNormal' || setup.initializer === 'xavierUniform'
        ? {
            label: 'Start again with ReLU and He initialisation',
            change: { activation: 'relu', initializer: 'he' },
          }
        : { label: 'Start again with Xavier initialisation', change: { initializer: 'xavierNormal' } },
  };
}

function deadUnits(layer: LayerInspection): Explained {
  return {
    cause: 'deadUnits',
    title: `${percent(layer.deadFraction!)} of layer ${layer.layer}'s ReLUs are dead`,
    explanation:
      'A ReLU whose z is negative for every example outputs 0 and passes back no gradient, so it never recovers, ' +
      'and a layer of dead units passes nothing on to the layers before it. Leaky ReLU keeps a small slope for z < 0.',
    fix: { label: 'Start again with leaky ReLU', change: { activation: 'leakyRelu' } },
  };
}

/** The weights shrank to a tenth of their first size or less. */
function shrunkWeights(epochs: Evidence['epochs']): { from: number; to: number } | null {
  const size = (p: Evidence['epochs'][number]) => Math.hypot(...p.weightNorms);
  const [first, last] = [epochs[0], epochs.at(-1)];
  if (!first || !last || first.weightNorms.length === 0) return null;
  const [from, to] = [size(first), size(last)];
  return to <= from / 10 ? { from, to } : null;
}

function l2TooStrong(evidence: Evidence, shrunk: { from: number; to: number }): Explained {
  const { l2 } = evidence.setup;
  const smaller = scaled(l2, 0.1);
  return {
    cause: 'l2TooStrong',
    title: 'The L2 penalty is too strong',
    explanation:
      `With λ = ${l2} the penalty (λ/2m)·Σ‖W[l]‖² outweighs what the data asks for: the weights shrank from ` +
      `${loss(shrunk.from)} to ${loss(shrunk.to)}, until the network gives almost every image the same answer.`,
    fix: { label: `Start again with L2 λ = ${smaller}`, change: { l2: smaller } },
  };
}

function learningRateTooSmall(evidence: Evidence): Explained {
  const { setup } = evidence;
  return {
    cause: 'learningRateTooSmall',
    title: 'The learning rate is too small',
    explanation:
      'Nothing inside the network blocks the gradient (no vanishing or exploding gradients, no dead or saturated units), ' +
      `so the steps α·∂J/∂θ of a learning rate of ${setup.learningRate} are too small to make progress.`,
    fix: {
      label: 'Start again with a 10× larger learning rate',
      change: { learningRate: scaled(setup.learningRate, 10) },
    },
  };
}

/** The likeliest cause of a run that diverged: a learning rate too large, or initial weights too large. */
export function causeOfDivergence(evidence: Evidence): Explained {
  const { setup } = evidence;
  if (rateOverUsual(setup) < FAR_TOO_LARGE) {
    const gain = initialSignalGain(setup);
    if (gain > SIGNAL_GAIN) return initialWeights(evidence, gain, true);
  }
  return learningRateTooLarge(evidence, lossRise(evidence.epochs));
}

/**
 * The likeliest cause of a run that does not learn, tried in this order: the
 * learning rate far too large; identical units; initial weights too large or
 * exploding gradients; the loss rising after the first updates; an L2
 * penalty that shrank the weights; initial weights too small or vanishing
 * gradients; saturated units; dead ReLUs; and, when nothing else shows, a
 * learning rate too small.
 */
export function causeOfNoLearning(evidence: Evidence): Explained {
  const { setup, layers, epochs } = evidence;
  const rise = lossRise(epochs);
  if (rateOverUsual(setup) >= FAR_TOO_LARGE) return learningRateTooLarge(evidence, rise);
  const hidden = (layers ?? []).slice(0, -1);
  const identical = hidden.find((l) => l.identicalUnits);
  if (identical) return symmetric(evidence, identical.units, identical.layer);
  const firstWeighted = setup.hidden.findIndex((l) => weightRows(l) > 0);
  if (setup.initializer === 'zeros' && firstWeighted >= 0)
    return symmetric(evidence, weightRows(setup.hidden[firstWeighted]!), firstWeighted + 1);
  const gain = initialSignalGain(setup);
  if (gain > SIGNAL_GAIN) return initialWeights(evidence, gain, true);
  const ratio = gradientRatio(layers);
  if (ratio !== null && ratio > GRADIENT_RATIO) return explodingGradients(evidence, ratio);
  if (rise) return learningRateTooLarge(evidence, rise);
  const shrunk = setup.l2 > 0 ? shrunkWeights(epochs) : null;
  if (shrunk) return l2TooStrong(evidence, shrunk);
  if (setup.hidden.length > 0 && gain < 1 / SIGNAL_GAIN) return initialWeights(evidence, gain, false);
  if (ratio !== null && ratio < 1 / GRADIENT_RATIO) return vanishingGradients(evidence, ratio, false);
  const atStart = firstOverLast(epochs[0]?.gradientRms);
  if (atStart !== null && atStart < FIRST_EPOCH_RATIO) return vanishingGradients(evidence, atStart, true);
  const flat = hidden.find((l) => (l.saturatedFraction ?? 0) >= SATURATED);
  if (flat) return saturated(evidence, flat);
  const dead = deadLayer(layers);
  if (dead) return deadUnits(dead);
  return learningRateTooSmall(evidence);
}
