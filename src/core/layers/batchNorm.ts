/**
 * Batch normalisation (Ioffe & Szegedy 2015) over the last axis: the channels of a
 * convolution's output [m, H, W, C] or the units of a dense layer's [m, n]; both are
 * N rows of C values, N = m·H·W (or m).
 *
 *   X, Y, dX, dY  [N, C]     γ, β, dγ, dβ, running mean, running variance  [C]
 *
 * training    μ = Σ_rows x / N,   σ² = Σ_rows (x − μ)² / N        (the biased variance)
 *             x̂ = (x − μ) / √(σ² + ε),   y = γ·x̂ + β,   ε = 1e-5 (architecture.ts)
 * then, once per training batch (not when the same batch is replayed):
 *             running mean     := (1 − 0.1)·running mean     + 0.1·μ
 *             running variance := (1 − 0.1)·running variance + 0.1·σ²·N/(N − 1)
 *             (momentum 0.1 as PyTorch, whose running variance takes the *unbiased* batch
 *             variance: so a model agrees with PyTorch's and ONNX's BatchNormalization)
 * evaluation  y = γ·(x − running mean) / √(running variance + ε) + β
 * backward    dβ = Σ_rows dY,   dγ = Σ_rows dY·x̂                   (dJ/dβ, dJ/dγ, [C])
 * (training)  dX = γ / (N·√(σ² + ε)) · (N·dY − dβ − x̂·dγ)           (dJ/dX, [N, C])
 *             with the μ and σ² of the batch: dX includes their dependence on X
 * (for a batch taken in parts, each part's dγ and dβ are added to the parts' before it;
 * the statistics, though, are each part's own)
 */
import { BATCH_NORM_EPSILON } from '../architecture.ts';
import type { FloatArray } from '../matrix.ts';

/** the share of each training batch's statistics in the running ones, as PyTorch */
export const BATCH_NORM_MOMENTUM = 0.1;

/**
 * Per-channel numbers a layer keeps between its forward and backward, in float64:
 * they are sums over up to m·H·W rows.
 */
export interface NormStatistics {
  /** the mean the last forward normalised with: μ of the batch in training, the running mean in evaluation [C] */
  readonly mean: Float64Array;
  /** σ², the biased variance of the last training batch [C] */
  readonly variance: Float64Array;
  /** 1/√(σ² + ε) the last forward normalised with, of the batch or of the running variance [C] */
  readonly inverseStd: Float64Array;
  /** backward's Σ_rows dY [C] */
  readonly sumDY: Float64Array;
  /** backward's Σ_rows dY·x̂ [C] */
  readonly sumDYXHat: Float64Array;
}

export function normStatistics(channels: number): NormStatistics {
  return {
    mean: new Float64Array(channels),
    variance: new Float64Array(channels),
    inverseStd: new Float64Array(channels),
    sumDY: new Float64Array(channels),
    sumDYXHat: new Float64Array(channels),
  };
}

export function batchNormForwardTraining(
  y: FloatArray,
  x: FloatArray,
  gamma: FloatArray,
  beta: FloatArray,
  { mean, variance, inverseStd }: NormStatistics,
  rows: number,
  channels: number,
): void {
  if (rows < 2) {
    // PyTorch refuses it too: the unbiased variance of one value is 0/0
    throw new RangeError(
      'batch normalisation cannot train on a batch of one value per channel (a single example, 1×1)',
    );
  }
  const count = rows * channels;
  mean.fill(0);
  for (let i = 0; i < count; i += channels) {
    for (let c = 0; c < channels; c++) mean[c] += x[i + c];
  }
  for (let c = 0; c < channels; c++) mean[c] /= rows;
  variance.fill(0);
  for (let i = 0; i < count; i += channels) {
    for (let c = 0; c < channels; c++) variance[c] += (x[i + c] - mean[c]) ** 2;
  }
  for (let c = 0; c < channels; c++) {
    variance[c] /= rows;
    inverseStd[c] = 1 / Math.sqrt(variance[c] + BATCH_NORM_EPSILON);
  }
  normalize(y, x, gamma, beta, mean, inverseStd, rows, channels);
}

/** After batchNormForwardTraining on a new batch of `rows`: moves the running statistics towards its own. */
export function updateRunningStatistics(
  runningMean: FloatArray,
  runningVariance: FloatArray,
  { mean, variance }: NormStatistics,
  rows: number,
  channels: number,
): void {
  const keep = 1 - BATCH_NORM_MOMENTUM;
  const unbiased = rows / (rows - 1);
  for (let c = 0; c < channels; c++) {
    runningMean[c] = keep * runningMean[c] + BATCH_NORM_MOMENTUM * mean[c];
    runningVariance[c] = keep * runningVariance[c] + BATCH_NORM_MOMENTUM * variance[c] * unbiased;
  }
}

export function batchNormForwardEvaluation(
  y: FloatArray,
  x: FloatArray,
  gamma: FloatArray,
  beta: FloatArray,
  runningMean: FloatArray,
  runningVariance: FloatArray,
  { mean, inverseStd }: NormStatistics,
  rows: number,
  channels: number,
): void {
  for (let c = 0; c < channels; c++) {
    mean[c] = runningMean[c];
    inverseStd[c] = 1 / Math.sqrt(runningVariance[c] + BATCH_NORM_EPSILON);
  }
  normalize(y, x, gamma, beta, mean, inverseStd, rows, channels);
}

/** y = γ·(x − mean)·inverseStd + β, row by row */
function normalize(
  y: FloatArray,
  x: FloatArray,
  gamma: FloatArray,
  beta: FloatArray,
  mean: Float64Array,
  inverseStd: Float64Array,
  rows: number,
  channels: number,
): void {
  const count = rows * channels;
  for (let i = 0; i < count; i += channels) {
    for (let c = 0; c < channels; c++) {
      y[i + c] = gamma[c] * ((x[i + c] - mean[c]) * inverseStd[c]) + beta[c];
    }
  }
}

/** After batchNormForwardTraining: `x` is the input it normalised, `statistics` as it left them. */
export function batchNormBackward(
  dGamma: FloatArray,
  dBeta: FloatArray,
  dX: FloatArray | null,
  dY: FloatArray,
  x: FloatArray,
  gamma: FloatArray,
  { mean, inverseStd, sumDY, sumDYXHat }: NormStatistics,
  rows: number,
  channels: number,
  accumulate = false,
): void {
  const count = rows * channels;
  sumDY.fill(0);
  sumDYXHat.fill(0);
  for (let i = 0; i < count; i += channels) {
    for (let c = 0; c < channels; c++) {
      const xHat = (x[i + c] - mean[c]) * inverseStd[c];
      sumDY[c] += dY[i + c];
      sumDYXHat[c] += dY[i + c] * xHat;
    }
  }
  for (let c = 0; c < channels; c++) {
    dBeta[c] = (accumulate ? dBeta[c] : 0) + sumDY[c];
    dGamma[c] = (accumulate ? dGamma[c] : 0) + sumDYXHat[c];
  }
  if (dX === null) return;
  for (let i = 0; i < count; i += channels) {
    for (let c = 0; c < channels; c++) {
      const xHat = (x[i + c] - mean[c]) * inverseStd[c];
      const scale = (gamma[c] * inverseStd[c]) / rows;
      dX[i + c] = scale * (rows * dY[i + c] - sumDY[c] - xHat * sumDYXHat[c]);
    }
  }
}
