import { describe, expect, it } from 'vitest';
import { BATCH_NORM_EPSILON } from '../../src/core/architecture.ts';
import {
  batchNormBackward,
  batchNormForwardEvaluation,
  batchNormForwardTraining,
  normStatistics,
  updateRunningStatistics,
} from '../../src/core/layers/batchNorm.ts';
import { Random } from '../../src/core/random.ts';
import { dot, numericGradient, randomValues, relativeError } from '../helpers/layerCheck.ts';

/** column c of a [rows, channels] matrix */
function column(x: Float64Array, channels: number, c: number): number[] {
  return Array.from({ length: x.length / channels }, (_, r) => x[r * channels + c]!);
}
const meanOf = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
const varianceOf = (values: number[]) => meanOf(values.map((v) => (v - meanOf(values)) ** 2));

/** rows × channels: a conv output [2, 3, 5, 3] (N = m·H·W = 30) and a dense one [7, 4] */
const SHAPES: [string, number, number][] = [
  ['conv output [2, 3, 5, 3]', 2 * 3 * 5, 3],
  ['dense output [7, 4]', 7, 4],
];

function setting(rows: number, channels: number, seed: number) {
  const random = new Random(seed);
  return {
    // channels with means and spreads of their own
    x: Float64Array.from(
      { length: rows * channels },
      (_, i) => (1 + (i % channels)) * random.normal() + (i % channels),
    ),
    gamma: randomValues(channels, random),
    beta: randomValues(channels, random),
    r: randomValues(rows * channels, random),
    y: new Float64Array(rows * channels),
    runningMean: new Float64Array(channels),
    runningVariance: new Float64Array(channels).fill(1),
    statistics: normStatistics(channels),
  };
}

describe('batch normalisation in training', () => {
  it('normalises each channel with its batch mean and biased variance (hand-worked, one channel)', () => {
    const s = setting(4, 1, 1);
    s.gamma[0] = 2;
    s.beta[0] = 0.5;
    const x = Float64Array.from([1, 2, 3, 6]);
    batchNormForwardTraining(s.y, x, s.gamma, s.beta, s.statistics, 4, 1);
    // μ = 3, σ² = (4 + 1 + 0 + 9) / 4 = 3.5
    const expected = [-2, -1, 0, 3].map((d) => (2 * d) / Math.sqrt(3.5 + 1e-5) + 0.5);
    s.y.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 14));
  });

  it('moves the running statistics 0.1 of the way, the variance towards the unbiased one, as PyTorch', () => {
    const s = setting(4, 1, 1);
    const x = Float64Array.from([1, 2, 3, 6]);
    batchNormForwardTraining(s.y, x, s.gamma, s.beta, s.statistics, 4, 1);
    updateRunningStatistics(s.runningMean, s.runningVariance, s.statistics, 4, 1);
    // from (0, 1): mean 0.9·0 + 0.1·3; variance 0.9·1 + 0.1·(14 / 3), the unbiased variance
    expect(s.runningMean[0]).toBeCloseTo(0.3, 15);
    expect(s.runningVariance[0]).toBeCloseTo(0.9 + 1.4 / 3, 15);
  });

  it.each(SHAPES)(
    'gives each channel of a %s mean β and standard deviation |γ|·σ/√(σ² + ε)',
    (_, rows, channels) => {
      const s = setting(rows, channels, 2);
      batchNormForwardTraining(s.y, s.x, s.gamma, s.beta, s.statistics, rows, channels);
      for (let c = 0; c < channels; c++) {
        const variance = varianceOf(column(s.x, channels, c));
        expect(meanOf(column(s.y, channels, c))).toBeCloseTo(s.beta[c]!, 13);
        expect(Math.sqrt(varianceOf(column(s.y, channels, c)))).toBeCloseTo(
          Math.abs(s.gamma[c]!) * Math.sqrt(variance / (variance + BATCH_NORM_EPSILON)),
          13,
        );
      }
    },
  );

  it('refuses a batch of one value per channel, whose unbiased variance is undefined', () => {
    const s = setting(1, 3, 3);
    expect(() => batchNormForwardTraining(s.y, s.x, s.gamma, s.beta, s.statistics, 1, 3)).toThrow(
      'batch normalisation cannot train on a batch of one value per channel',
    );
  });
});

describe('batch normalisation in evaluation', () => {
  it('uses the running statistics, not the batch’s', () => {
    const s = setting(5, 2, 4);
    s.runningMean.set([1, -2]);
    s.runningVariance.set([4, 0.25]);
    batchNormForwardEvaluation(
      s.y,
      s.x,
      s.gamma,
      s.beta,
      s.runningMean,
      s.runningVariance,
      s.statistics,
      5,
      2,
    );
    s.y.forEach((value, i) => {
      const c = i % 2;
      const expected =
        (s.gamma[c]! * (s.x[i]! - s.runningMean[c]!)) / Math.sqrt(s.runningVariance[c]! + 1e-5) + s.beta[c]!;
      expect(value).toBeCloseTo(expected, 14);
    });
  });
});

describe('batchNormBackward', () => {
  it.each(SHAPES)(
    'agrees with central differences on X, γ and β below 1e-7 (float64), the batch statistics included: %s',
    (_, rows, channels) => {
      const s = setting(rows, channels, 5);
      const cost = () => {
        batchNormForwardTraining(s.y, s.x, s.gamma, s.beta, s.statistics, rows, channels);
        return dot(s.r, s.y);
      };
      cost();
      const [dGamma, dBeta, dX] = [
        new Float64Array(channels),
        new Float64Array(channels),
        new Float64Array(rows * channels),
      ];
      batchNormBackward(dGamma, dBeta, dX, s.r, s.x, s.gamma, s.statistics, rows, channels);
      expect(relativeError(numericGradient(s.x, cost), dX)).toBeLessThan(1e-7);
      expect(relativeError(numericGradient(s.gamma, cost), dGamma)).toBeLessThan(1e-7);
      expect(relativeError(numericGradient(s.beta, cost), dBeta)).toBeLessThan(1e-7);
    },
  );

  it('adds dγ and dβ to what is there when accumulating, and skips dX when it is null', () => {
    const [rows, channels] = [6, 2];
    const s = setting(rows, channels, 6);
    batchNormForwardTraining(s.y, s.x, s.gamma, s.beta, s.statistics, rows, channels);
    const [dGamma, dBeta] = [new Float64Array(channels), new Float64Array(channels)];
    batchNormBackward(dGamma, dBeta, null, s.r, s.x, s.gamma, s.statistics, rows, channels);
    const once = [...dGamma, ...dBeta];
    batchNormBackward(dGamma, dBeta, null, s.r, s.x, s.gamma, s.statistics, rows, channels, true);
    [...dGamma, ...dBeta].forEach((value, i) => expect(value).toBeCloseTo(2 * once[i]!, 14));
    expect(once.some((value) => value !== 0)).toBe(true);
  });
});
