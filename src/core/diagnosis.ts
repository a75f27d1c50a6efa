/**
 * Explaining failure: from a run's curve and what inspection saw inside the
 * network, what is going wrong, its likely cause, and a change of settings
 * that addresses it (offered as a one-click new run).
 */
import type { InitializerName } from './initializers.ts';
import type { LayerInspection } from './inspection.ts';
import type { HiddenActivation, HiddenLayerSetup, RunSetup } from './runSetup.ts';
import type { EpochPoint } from './training.ts';

export type FindingKind =
  | 'diverged'
  | 'symmetric'
  | 'vanishing'
  | 'exploding'
  | 'deadUnits'
  | 'saturated'
  | 'collapsed'
  | 'stalled'
  | 'overfitting';

/** What a fix changes in the run's settings; the activation applies to every hidden layer. */
export interface SetupChange {
  readonly learningRate?: number;
  readonly l2?: number;
  readonly initializer?: InitializerName;
  readonly activation?: HiddenActivation;
}

export interface Finding {
  readonly kind: FindingKind;
  readonly title: string;
  readonly explanation: string;
  readonly fix: { readonly label: string; readonly change: SetupChange } | null;
}

export interface RunState {
  readonly setup: Pick<RunSetup, 'learningRate' | 'l2' | 'initializer'> & {
    readonly hidden: readonly Pick<HiddenLayerSetup, 'activation'>[];
  };
  readonly epochs: readonly Pick<
    EpochPoint,
    'trainLoss' | 'trainAccuracy' | 'validationAccuracy' | 'gradientNorms'
  >[];
  /** the latest inspection of the network, if any */
  readonly layers: readonly LayerInspection[] | null;
  /** share of the probe batch predicted as, and labelled as, each class */
  readonly predictedShares: readonly number[] | null;
  readonly labelShares: readonly number[] | null;
  /** the training loop's explanation when the run stopped on NaN or Inf */
  readonly diverged: string | null;
}

/** Gradient norms of the first and last layer further apart than this are vanishing or exploding. */
export const GRADIENT_RATIO = 1e3;

const percent = (share: number) => `${Math.round(share * 100)}%`;
/** a learning rate times a power of ten, without binary fractions showing: 1e-6 × 10 = 1e-5 */
const scaled = (rate: number, factor: number) => Number((rate * factor).toPrecision(6));

function gradientRatio(state: RunState): number | null {
  const norms = state.layers?.map((l) => l.gradientNorm) ?? state.epochs.at(-1)?.gradientNorms;
  if (!norms || norms.length < 3) return null;
  const first = norms[0]!;
  const last = norms[norms.length - 1]!;
  if (!(last > 0) || !Number.isFinite(first)) return null;
  return first / last;
}

/** The findings about the network's inside, which also serve as causes of the symptoms below. */
function insideFindings(state: RunState): Finding[] {
  const { setup } = state;
  const findings: Finding[] = [];
  const hidden = (state.layers ?? []).slice(0, -1);
  const symmetric = hidden.find((l) => l.identicalUnits);
  if (symmetric) {
    findings.push({
      kind: 'symmetric',
      title: `All ${symmetric.units} units of layer ${symmetric.layer} are identical`,
      explanation:
        `With ${setup.initializer === 'zeros' ? 'zero' : 'identical'} initial weights every unit of a layer computes the same ` +
        'value and receives the same gradient, so the units stay copies of each other and the layer acts as one unit. ' +
        'Random initial weights break the symmetry.',
      fix: { label: 'Start again with He initialisation', change: { initializer: 'he' } },
    });
  }
  const ratio = gradientRatio(state);
  const squashing = setup.hidden.some((l) => l.activation === 'sigmoid' || l.activation === 'tanh');
  if (ratio !== null && ratio < 1 / GRADIENT_RATIO) {
    findings.push({
      kind: 'vanishing',
      title: 'The gradients vanish on their way back',
      explanation:
        `The first layer's gradient is ${ratio.toExponential(1)} times the last layer's: backpropagation multiplies ` +
        `dJ/dz by each layer's weights and g'(z) on the way down${squashing ? ", and sigmoid's and tanh's g'(z) are at most 1/4 and 1" : ''}, ` +
        'so the first layers hardly learn.',
      fix: squashing
        ? {
            label: 'Start again with ReLU and He initialisation',
            change: { activation: 'relu', initializer: 'he' },
          }
        : { label: 'Start again with He initialisation', change: { initializer: 'he' } },
    });
  } else if (ratio !== null && ratio > GRADIENT_RATIO) {
    findings.push({
      kind: 'exploding',
      title: 'The gradients explode on their way back',
      explanation:
        `The first layer's gradient is ${ratio.toExponential(1)} times the last layer's: the product of many layers' ` +
        'weights grows with depth when they start too large.',
      fix:
        setup.initializer === 'xavierNormal'
          ? {
              label: 'Start again with a 10× smaller learning rate',
              change: { learningRate: scaled(setup.learningRate, 0.1) },
            }
          : { label: 'Start again with Xavier initialisation', change: { initializer: 'xavierNormal' } },
    });
  }
  const dead = hidden.find((l) => (l.deadFraction ?? 0) >= 0.5);
  if (dead) {
    findings.push({
      kind: 'deadUnits',
      title: `${percent(dead.deadFraction!)} of layer ${dead.layer}'s ReLUs are dead`,
      explanation:
        'A ReLU whose z is negative for every example outputs 0 and passes back no gradient, so it never recovers. ' +
        'Large updates push units there; leaky ReLU keeps a small slope for z < 0.',
      fix: { label: 'Start again with leaky ReLU', change: { activation: 'leakyRelu' } },
    });
  }
  const saturated = hidden.find((l) => (l.saturatedFraction ?? 0) >= 0.5);
  if (saturated) {
    findings.push({
      kind: 'saturated',
      title: `${percent(saturated.saturatedFraction!)} of layer ${saturated.layer}'s ${saturated.activation} units are saturated`,
      explanation:
        `When |z| is large, ${saturated.activation} is flat: g'(z) ≈ 0 and almost no gradient passes. ` +
        'Smaller initial weights keep z near 0, where the slope is largest.',
      fix:
        setup.initializer === 'xavierNormal'
          ? {
              label: 'Start again with ReLU and He initialisation',
              change: { activation: 'relu', initializer: 'he' },
            }
          : { label: 'Start again with Xavier initialisation', change: { initializer: 'xavierNormal' } },
    });
  }
  return findings;
}

/** "Likely cause: …" from the inside findings, or the given fallback. */
function cause(inside: readonly Finding[], fallback: string): string {
  return inside.length > 0 ? `Likely cause: ${inside[0]!.title.toLowerCase()}.` : fallback;
}

export function diagnose(state: RunState): Finding[] {
  const { setup, epochs } = state;
  const inside = insideFindings(state);
  const symptoms: Finding[] = [];
  const lowerRate = {
    label: 'Start again with a 10× smaller learning rate',
    change: { learningRate: scaled(setup.learningRate, 0.1) },
  };

  if (state.diverged !== null) {
    symptoms.push({
      kind: 'diverged',
      title: 'The run diverged',
      explanation: `${state.diverged} ${cause(inside, `The learning rate ${setup.learningRate} is the usual cause.`)}`,
      fix: lowerRate,
    });
  }

  const last = epochs.at(-1);
  const predicted = state.predictedShares;
  const labels = state.labelShares;
  if (epochs.length >= 3 && predicted && labels) {
    const top = predicted.indexOf(Math.max(...predicted));
    if (predicted[top]! >= 0.95 && labels[top]! <= 0.8) {
      symptoms.push({
        kind: 'collapsed',
        title: `It predicts one class for ${percent(predicted[top]!)} of the examples`,
        explanation:
          `Only ${percent(labels[top]!)} of them belong to it: the network has collapsed to always giving the same answer. ` +
          cause(inside, 'Updates too large for the loss surface often end here.'),
        fix: inside[0]?.fix ?? lowerRate,
      });
    }
  }

  const window = 10;
  if (last && epochs.length >= window + 1 && last.trainAccuracy < 0.95) {
    const before = epochs[epochs.length - 1 - window]!.trainLoss;
    const change = Math.abs(before - last.trainLoss) / Math.max(1e-12, Math.abs(before));
    if (change < 0.005) {
      symptoms.push({
        kind: 'stalled',
        title: 'The loss has stopped falling',
        explanation:
          `It changed by ${(change * 100).toFixed(2)}% over the last ${window} epochs at ${percent(last.trainAccuracy)} ` +
          `training accuracy. ${cause(inside, `A learning rate of ${setup.learningRate} may be too small to make progress.`)}`,
        fix: inside[0]?.fix ?? {
          label: 'Start again with a 10× larger learning rate',
          change: { learningRate: scaled(setup.learningRate, 10) },
        },
      });
    }
  }

  if (last && last.validationAccuracy !== null && last.trainAccuracy >= 0.9) {
    const gap = last.trainAccuracy - last.validationAccuracy;
    if (gap > 0.15) {
      const l2 = setup.l2 > 0 ? setup.l2 * 3 : 0.7;
      symptoms.push({
        kind: 'overfitting',
        title: 'It is overfitting',
        explanation:
          `Training accuracy ${percent(last.trainAccuracy)} against ${percent(last.validationAccuracy)} on validation: ` +
          'the network is learning its training images rather than what the classes have in common. ' +
          'An L2 penalty keeps the weights small.',
        fix: { label: `Start again with L2 λ = ${l2}`, change: { l2 } },
      });
    }
  }
  return [...symptoms, ...inside];
}
