import { describe, expect, it } from 'vitest';
import {
  drawDropoutMask,
  dropoutBackward,
  dropoutForwardEvaluation,
  dropoutForwardTraining,
} from '../../src/core/layers/dropout.ts';
import { Random } from '../../src/core/random.ts';
import { dot, numericGradient, randomValues, relativeError } from '../helpers/layerCheck.ts';

function mask(count: number, rate: number, seed: number): Float64Array {
  const values = new Float64Array(count);
  drawDropoutMask(values, count, rate, new Random(seed));
  return values;
}

describe('the dropout mask', () => {
  it.each([0.1, 0.5, 0.8])(
    'keeps a share 1 − %f of the values, scaled by 1/(1 − rate), expectation unchanged',
    (rate) => {
      const count = 20000;
      const values = mask(count, rate, 1);
      const kept = values.filter((value) => value !== 0);
      expect(kept.every((value) => value === 1 / (1 - rate))).toBe(true);
      // within four standard deviations of a binomial count
      const spread = 4 * Math.sqrt(count * rate * (1 - rate));
      expect(Math.abs(kept.length - count * (1 - rate))).toBeLessThan(spread);
    },
  );

  it('is the same for the same seed and differs for another', () => {
    expect(mask(500, 0.5, 7)).toEqual(mask(500, 0.5, 7));
    expect(mask(500, 0.5, 7)).not.toEqual(mask(500, 0.5, 8));
  });

  it('keeps everything at rate 0', () => {
    expect(mask(100, 0, 3).every((value) => value === 1)).toBe(true);
  });

  it.each([1, 1.5, -0.1, NaN])('refuses a rate of %f', (rate) => {
    expect(() => mask(10, rate, 1)).toThrow(`a dropout rate must be from 0 to below 1, not ${rate}`);
  });
});

describe('dropout', () => {
  it('in training multiplies by the mask, forward and backward; in evaluation copies', () => {
    const d = Float64Array.from([2, 0, 2, 0]);
    const out = new Float64Array(4);
    dropoutForwardTraining(out, Float64Array.from([1, 2, 3, 4]), d, 4);
    expect([...out]).toEqual([2, 0, 6, 0]);
    dropoutBackward(out, Float64Array.from([5, 6, 7, 8]), d, 4);
    expect([...out]).toEqual([10, 0, 14, 0]);
    dropoutForwardEvaluation(out, Float64Array.from([1, 2, 3, 4]), 4);
    expect([...out]).toEqual([1, 2, 3, 4]);
  });

  it('agrees with central differences on its input below 1e-7 (float64), with a fixed mask', () => {
    const count = 5 * 7 * 3;
    const random = new Random(4);
    const x = randomValues(count, random);
    const r = randomValues(count, random);
    const d = mask(count, 0.3, 5);
    const out = new Float64Array(count);
    const cost = () => {
      dropoutForwardTraining(out, x, d, count);
      return dot(r, out);
    };
    const dX = new Float64Array(count);
    dropoutBackward(dX, r, d, count);
    expect(relativeError(numericGradient(x, cost), dX)).toBeLessThan(1e-7);
  });
});
