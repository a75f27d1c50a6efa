import { describe, expect, it } from 'vitest';
import { BestEpoch, bestEpochOf, describeKeptEpoch, EarlyStopping } from '../../src/core/bestEpoch.ts';

/** Offers each loss as epochs 1, 2, … and returns the best epoch after each. */
function bestAfterEach(losses: readonly number[]): number[] {
  const best = new BestEpoch();
  return losses.map((loss, i) => {
    best.offer(i + 1, loss);
    return best.epoch;
  });
}

describe('the best epoch by validation loss', () => {
  it('moves to every epoch whose loss is lower than the best so far', () => {
    expect(bestAfterEach([0.9, 0.7, 0.8, 0.5, 0.6])).toEqual([1, 2, 2, 4, 4]);
  });

  it('stays on a plateau: an equal loss is no improvement', () => {
    expect(bestAfterEach([0.5, 0.5, 0.5])).toEqual([1, 1, 1]);
  });

  it('starts at the first epoch whatever its loss, and counts a loss that is not a number as infinite', () => {
    expect(bestAfterEach([Infinity, NaN, 3])).toEqual([1, 1, 3]);
    expect(bestAfterEach([NaN, Infinity, 1e30])).toEqual([1, 1, 3]);
    expect(bestAfterEach([0.4, NaN])).toEqual([1, 1]);
  });

  it('is found the same way in a curve, where epochs without validation do not count', () => {
    const curve = [0.9, 0.4, 0.6, 0.4, 0.3, 0.5].map((validationLoss, i) => ({
      epoch: i + 1,
      validationLoss,
    }));
    expect(bestEpochOf(curve)).toBe(5);
    expect(bestEpochOf(curve.slice(0, 4))).toBe(2);
    expect(bestEpochOf([{ epoch: 1, validationLoss: null }])).toBeNull();
    expect(bestEpochOf([])).toBeNull();
  });
});

describe('early stopping', () => {
  const weights = (...values: number[]) => Float32Array.from(values);

  it('runs out of patience once that many epochs passed without a better loss', () => {
    const params = weights(0, 0);
    const early = new EarlyStopping(2, params);
    const exhaustedAfter = [0.5, 0.4, 0.45, 0.41].map((loss, i) => {
      early.endOfEpoch(i + 1, loss, params);
      return early.exhausted(i + 1);
    });
    expect(exhaustedAfter).toEqual([false, false, false, true]);
    expect(early.bestEpoch).toBe(2);
  });

  it('waits again from every improvement', () => {
    const params = weights(0);
    const early = new EarlyStopping(2, params);
    const losses = [0.5, 0.6, 0.4, 0.45, 0.3, 0.35];
    losses.forEach((loss, i) => early.endOfEpoch(i + 1, loss, params));
    expect(early.exhausted(losses.length)).toBe(false);
    expect(early.bestEpoch).toBe(5);
  });

  it('puts back exactly the weights at the end of the best epoch, and says which epoch they are', () => {
    const params = weights(0, 0, 0);
    const early = new EarlyStopping(3, params);
    const losses = [0.8, 0.3, 0.5, 0.6];
    losses.forEach((loss, i) => {
      params.set([i + 1, -(i + 1), Math.fround(0.1 * (i + 1))]);
      early.endOfEpoch(i + 1, loss, params);
    });
    params.set([99, 99, 99]);
    const kept = early.keep(params, 4, false);
    expect(Array.from(params)).toEqual([2, -2, Math.fround(0.2)]);
    expect(kept).toEqual({
      type: 'keptEpoch',
      epoch: 4,
      keptEpoch: 2,
      validationLoss: 0.3,
      stoppedEarly: false,
      patience: 3,
    });
  });

  it('keeps nothing and leaves the weights alone before the first epoch has ended', () => {
    const params = weights(1, 2);
    const early = new EarlyStopping(1, params);
    params.set([3, 4]);
    expect(early.keep(params, 0, false)).toBeNull();
    early.restore(params);
    expect(Array.from(params)).toEqual([3, 4]);
    expect(early.exhausted(5)).toBe(false);
  });
});

describe('how a run with early stopping ended, in words', () => {
  it('says where it stopped, why, and which epoch’s weights it kept', () => {
    const kept = { epoch: 52, keptEpoch: 42, patience: 10 };
    expect(describeKeptEpoch(kept, 'early')).toBe(
      'Stopped early at epoch 52: the validation loss had not improved for 10 epochs. Kept the weights of epoch 42, the best on validation.',
    );
    expect(describeKeptEpoch({ ...kept, epoch: 60 }, 'completed')).toBe(
      'Trained all 60 epochs. Kept the weights of epoch 42, the best on validation.',
    );
    expect(describeKeptEpoch({ epoch: 7, keptEpoch: 6, patience: 1 }, 'stopped')).toBe(
      'Stopped at epoch 7. Kept the weights of epoch 6, the best on validation.',
    );
  });
});
