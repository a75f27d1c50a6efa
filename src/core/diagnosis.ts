/**
 * Explaining failure: from a run's curve and a look inside its network, what
 * goes wrong (it diverged, stalled, collapsed to one class, or overfits), its
 * likeliest cause, and one change of settings that addresses that cause,
 * offered as a one-click new run.
 *
 * A finding must persist. A symptom is judged over the last third of the
 * epochs so far, never from one moment; a loss still falling fast enough to
 * matter by the end of the run (or in as many epochs again) is learning,
 * however slowly it began (the
 * course's networks predict one class for hundreds of epochs before they
 * learn); and a run that learns well gets no finding at all. Each run gets at
 * most one finding, naming one cause (ranked in causes.ts), so its fixes
 * never contradict each other.
 */
import {
  causeOfDivergence,
  causeOfNoLearning,
  type Cause,
  type Evidence,
  type Explained,
  type Fix,
} from './causes.ts';
import type { EpochPoint } from './training.ts';

export type { Cause, Fix, SetupChange } from './causes.ts';

/** What the curve shows. */
export type Symptom = 'diverged' | 'stalled' | 'collapsed' | 'overfitting';
/** What the finding is about, and its fix addresses: a cause, or overfitting. */
export type FindingKind = Cause | 'overfitting';

export interface Finding {
  readonly kind: FindingKind;
  readonly symptom: Symptom;
  /** the cause, in a few words */
  readonly title: string;
  /** the symptom in numbers, then why the cause produces it, in the lecture's words */
  readonly explanation: string;
  readonly fix: Fix | null;
  /** the first epoch of the stretch over which the symptom has held */
  readonly since: number;
}

export interface RunState extends Evidence {
  readonly epochs: readonly Pick<
    EpochPoint,
    'epoch' | 'epochs' | 'trainLoss' | 'trainAccuracy' | 'validationAccuracy' | 'weightNorms' | 'gradientRms'
  >[];
  /** share of the probe batch predicted as, and labelled as, each class */
  readonly predictedShares: readonly number[] | null;
  readonly labelShares: readonly number[] | null;
  /** the training loop's account of the run stopping on NaN or Inf */
  readonly diverged: string | null;
}

/** No symptom but divergence is judged before this many epochs, nor before this share of the run. */
export const MIN_EPOCHS = 10;
export const MIN_SHARE = 0.1;
/** A loss that the rest of the run, at its recent pace, would lower by less than this share has stalled. */
export const STALLED = 0.05;
/** Overfitting: training accuracy at least this, and this far above validation accuracy. */
export const OVERFITTING = { train: 0.9, gap: 0.15 } as const;
/** Collapsed: the share of examples given the same class. */
const ONE_CLASS = 0.95;

type Point = RunState['epochs'][number];

const percent = (share: number) => `${Math.round(share * 100)}%`;
const mean = (points: readonly Point[], value: (p: Point) => number) =>
  points.reduce((sum, p) => sum + value(p), 0) / points.length;

/** Whether enough of the run has passed to judge it: a symptom is never a moment early in training. */
function judgeable(epochs: readonly Point[]): boolean {
  const n = epochs.length;
  return n >= MIN_EPOCHS && n >= MIN_SHARE * epochs.at(-1)!.epochs;
}

/** The last third of the epochs so far, at least 5: the stretch over which a symptom must hold. */
function recentWindow(epochs: readonly Point[]): number {
  return Math.max(5, Math.ceil(epochs.length / 3));
}

/** The accuracy of always answering the largest class. */
function majorityShare(state: RunState): number {
  if (state.labelShares && state.labelShares.length > 0) return Math.max(...state.labelShares);
  return state.predictedShares && state.predictedShares.length > 0 ? 1 / state.predictedShares.length : 0.5;
}

/**
 * The loss has stopped falling, and the network has not learned: at the pace
 * of the last window, the rest of the run (or, near its end, as many epochs
 * again as it has had) would lower the loss by less than STALLED, and
 * training accuracy is still less than halfway from always answering the
 * largest class to perfect.
 */
function stall(state: RunState): { since: number; loss: number; accuracy: number } | null {
  const { epochs } = state;
  const n = epochs.length;
  if (!judgeable(epochs)) return null;
  const w = recentWindow(epochs);
  const recent = epochs.slice(n - w);
  const earlier = epochs.slice(Math.max(0, n - 2 * w), n - w);
  const now = mean(recent, (p) => p.trainLoss);
  const before = mean(earlier, (p) => p.trainLoss);
  if (!Number.isFinite(now) || !Number.isFinite(before)) return null;
  const perEpoch = (before - now) / ((earlier.length + recent.length) / 2);
  const horizon = Math.max(epochs.at(-1)!.epochs - n, n);
  if ((perEpoch * horizon) / Math.abs(now) >= STALLED) return null;
  const majority = majorityShare(state);
  const accuracy = Math.max(...recent.map((p) => p.trainAccuracy));
  if (accuracy >= majority + (1 - majority) / 2) return null;
  return { since: recent[0]!.epoch, loss: now, accuracy };
}

/** The class the probe batch is nearly all given, when few of its examples belong to it. */
function oneClass(state: RunState): { predicted: number; labelled: number } | null {
  const { predictedShares: predicted, labelShares: labels } = state;
  if (!predicted || !labels) return null;
  const top = predicted.indexOf(Math.max(...predicted));
  return predicted[top]! >= ONE_CLASS && labels[top]! <= 0.8
    ? { predicted: predicted[top]!, labelled: labels[top]! }
    : null;
}

/** Training accuracy high and far above validation accuracy, over the whole recent window. */
function overfitting(state: RunState): { since: number; train: number; validation: number } | null {
  const { epochs } = state;
  if (!judgeable(epochs)) return null;
  const recent = epochs.slice(epochs.length - recentWindow(epochs));
  if (recent.some((p) => p.validationAccuracy === null)) return null;
  const train = mean(recent, (p) => p.trainAccuracy);
  const validation = mean(recent, (p) => p.validationAccuracy!);
  return train >= OVERFITTING.train && train - validation > OVERFITTING.gap
    ? { since: recent[0]!.epoch, train, validation }
    : null;
}

function finding(symptom: Symptom, since: number, what: string, cause: Explained): Finding {
  return {
    kind: cause.cause,
    symptom,
    title: cause.title,
    explanation: `${what} ${cause.explanation}`,
    fix: cause.fix,
    since,
  };
}

/** What goes wrong with the run and why: one finding, or none while it learns. */
export function diagnose(state: RunState): Finding[] {
  const { setup, epochs } = state;
  if (state.diverged !== null) {
    return [finding('diverged', epochs.length + 1, state.diverged, causeOfDivergence(state))];
  }
  const stalled = stall(state);
  if (stalled) {
    const collapsed = oneClass(state);
    const what = collapsed
      ? `Since epoch ${stalled.since} it has given ${percent(collapsed.predicted)} of the training examples the same class, ` +
        `to which ${percent(collapsed.labelled)} of them belong, and the loss has stayed near ${stalled.loss.toPrecision(3)}.`
      : `Since epoch ${stalled.since} the loss has stayed near ${stalled.loss.toPrecision(3)}, ` +
        `with at most ${percent(stalled.accuracy)} training accuracy.`;
    return [finding(collapsed ? 'collapsed' : 'stalled', stalled.since, what, causeOfNoLearning(state))];
  }
  const over = overfitting(state);
  if (over) {
    const l2 = setup.l2 > 0 ? Number((setup.l2 * 3).toPrecision(6)) : 0.7;
    return [
      {
        kind: 'overfitting',
        symptom: 'overfitting',
        title: 'It is overfitting',
        explanation:
          `Since epoch ${over.since}, training accuracy has been ${percent(over.train)} against ${percent(over.validation)} on validation: ` +
          'the network is learning its training images rather than what the classes have in common. ' +
          'An L2 penalty (λ/2m)·Σ‖W[l]‖² keeps the weights small.',
        fix: { label: `Start again with L2 λ = ${l2}`, change: { l2 } },
        since: over.since,
      },
    ];
  }
  return [];
}
