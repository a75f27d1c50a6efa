/**
 * Early stopping on the validation split: which epoch is the best so far,
 * when to stop waiting for a better one (`patience` epochs without), and the
 * words that say which epoch's weights a run kept. It never sees the test
 * split: the training loop gives it validation losses only.
 */
import type { FloatArray } from './matrix.ts';
import { WeightsSnapshot } from './snapshot.ts';

/** The problem of a run with early stopping and no validation split, in words for the user. */
export const NEEDS_VALIDATION = 'early stopping watches the validation split; hold some out';

/**
 * The best epoch by validation loss: the first epoch is the best so far, a later one when its loss
 * is strictly lower (a loss that is not a number counts as infinite).
 * Loss and not accuracy: on a small validation split accuracy moves in steps of 1/m and ties for
 * many epochs, where the loss still tells which weights predict better.
 */
export class BestEpoch {
  /** 0 before the first epoch */
  epoch = 0;
  loss = Infinity;

  /** Whether the epoch's validation loss makes it the best so far (it then is). */
  offer(epoch: number, validationLoss: number): boolean {
    const loss = Number.isNaN(validationLoss) ? Infinity : validationLoss;
    if (this.epoch !== 0 && !(loss < this.loss)) return false;
    this.epoch = epoch;
    this.loss = loss;
    return true;
  }
}

/** The best epoch of a curve by the rule above; null when it has no validation loss. */
export function bestEpochOf(
  curve: readonly { readonly epoch: number; readonly validationLoss: number | null }[],
): number | null {
  const best = new BestEpoch();
  for (const point of curve) if (point.validationLoss !== null) best.offer(point.epoch, point.validationLoss);
  return best.epoch === 0 ? null : best.epoch;
}

/** The end of a run with early stopping on: the weights of `keptEpoch`, the best on validation, were put back. */
export interface KeptEpoch {
  readonly type: 'keptEpoch';
  /** the last epoch trained */
  readonly epoch: number;
  readonly keptEpoch: number;
  /** of the kept weights, on the validation split */
  readonly validationLoss: number;
  /** whether `patience` epochs without a better one ended the run before its last epoch */
  readonly stoppedEarly: boolean;
  readonly patience: number;
}

/** The best epoch's weights, kept while a run trains, and whether it has waited long enough for better. */
export class EarlyStopping {
  private readonly best = new BestEpoch();
  private readonly weights: WeightsSnapshot;

  constructor(
    /** epochs without a better validation loss before the run stops; at least 1 */
    readonly patience: number,
    params: FloatArray,
  ) {
    this.weights = new WeightsSnapshot(params);
  }

  get bestEpoch(): number {
    return this.best.epoch;
  }

  /** Records an epoch's validation loss and, if it is the best so far, the weights at its end. */
  endOfEpoch(epoch: number, validationLoss: number, params: FloatArray): void {
    if (this.best.offer(epoch, validationLoss)) this.weights.take(params);
  }

  /** `patience` epochs have passed since the best without a better one. */
  exhausted(epoch: number): boolean {
    return this.best.epoch > 0 && epoch - this.best.epoch >= this.patience;
  }

  /** Puts the best epoch's weights back, once an epoch has ended. */
  restore(params: FloatArray): void {
    if (this.best.epoch > 0) this.weights.restore(params);
  }

  /** Puts the best epoch's weights back and says so (null before the first epoch ended). */
  keep(params: FloatArray, lastEpoch: number, stoppedEarly: boolean): KeptEpoch | null {
    if (this.best.epoch === 0) return null;
    this.restore(params);
    return {
      type: 'keptEpoch',
      epoch: lastEpoch,
      keptEpoch: this.best.epoch,
      validationLoss: this.best.loss,
      stoppedEarly,
      patience: this.patience,
    };
  }
}

/**
 * How a run with early stopping ended, in a sentence: "Stopped early at epoch 52: the validation loss
 * had not improved for 10 epochs. Kept the weights of epoch 42, the best on validation."
 */
export function describeKeptEpoch(
  kept: Pick<KeptEpoch, 'epoch' | 'keptEpoch' | 'patience'>,
  endedBy: 'early' | 'completed' | 'stopped',
): string {
  const epochs = (n: number) => `${n} epoch${n === 1 ? '' : 's'}`;
  const ended = {
    early: `Stopped early at epoch ${kept.epoch}: the validation loss had not improved for ${epochs(kept.patience)}.`,
    completed: `Trained all ${epochs(kept.epoch)}.`,
    stopped: `Stopped at epoch ${kept.epoch}.`,
  }[endedBy];
  return `${ended} Kept the weights of epoch ${kept.keptEpoch}, the best on validation.`;
}
