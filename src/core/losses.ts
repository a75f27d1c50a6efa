/**
 * Costs J over a batch of m examples (the mean of per-example losses), each
 * with its gradient dJ/dz[L] at the output layer beside it.
 *
 * Cross-entropies are computed from the logits z[L], never from log(a), so a
 * saturated output gives a large finite cost instead of log(0).
 */
import type { Activation, ActivationName } from './activations.ts';
import type { FloatArray } from './matrix.ts';

export type LossName = 'binaryCrossEntropy' | 'softmaxCrossEntropy' | 'meanSquaredError';
export const LOSS_NAMES: readonly LossName[] = [
  'binaryCrossEntropy',
  'softmaxCrossEntropy',
  'meanSquaredError',
];

export interface Loss {
  readonly name: LossName;
  /** The output activation this loss is defined on, or null when any will do. */
  readonly requiredOutput: ActivationName | null;
  /** J = (1/m) Σ_i L(a_i, y_i) for `rows` examples of `cols` outputs. */
  cost(z: FloatArray, a: FloatArray, y: FloatArray, rows: number, cols: number): number;
  /**
   * dZ = dJ/dz[L]. `scratch` holds rows·cols values for losses that go through dJ/da.
   * `m`: the batch's examples, when these rows are a part of it (J is the batch's mean).
   */
  backward(
    z: FloatArray,
    a: FloatArray,
    y: FloatArray,
    dZ: FloatArray,
    rows: number,
    cols: number,
    output: Activation,
    scratch: FloatArray,
    m?: number,
  ): void;
}

/** dJ/dz = (a − y)/m: the gradient of both cross-entropies on their matching outputs. */
function outputMinusTarget(
  a: FloatArray,
  y: FloatArray,
  dZ: FloatArray,
  rows: number,
  cols: number,
  m = rows,
) {
  const size = rows * cols;
  for (let i = 0; i < size; i++) dZ[i] = (a[i] - y[i]) / m;
}

/** −[y log σ(z) + (1−y) log(1−σ(z))] = max(z, 0) − z·y + log(1 + e^−|z|) */
const binaryCrossEntropy: Loss = {
  name: 'binaryCrossEntropy',
  requiredOutput: 'sigmoid',
  cost(z, _a, y, rows, cols) {
    const size = rows * cols;
    let sum = 0;
    for (let i = 0; i < size; i++) {
      const zi = z[i];
      sum += Math.max(zi, 0) - zi * y[i] + Math.log1p(Math.exp(-Math.abs(zi)));
    }
    return sum / rows;
  },
  backward(_z, a, y, dZ, rows, cols, _output, _scratch, m) {
    outputMinusTarget(a, y, dZ, rows, cols, m);
  },
};

/** −Σ_c y_c log softmax(z)_c = Σ_c y_c (logsumexp(z) − z_c) */
const softmaxCrossEntropy: Loss = {
  name: 'softmaxCrossEntropy',
  requiredOutput: 'softmax',
  cost(z, _a, y, rows, cols) {
    let sum = 0;
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let max = -Infinity;
      for (let c = 0; c < cols; c++) max = Math.max(max, z[o + c]);
      let exps = 0;
      for (let c = 0; c < cols; c++) exps += Math.exp(z[o + c] - max);
      const logSumExp = max + Math.log(exps);
      for (let c = 0; c < cols; c++) sum += y[o + c] * (logSumExp - z[o + c]);
    }
    return sum / rows;
  },
  backward(_z, a, y, dZ, rows, cols, _output, _scratch, m) {
    outputMinusTarget(a, y, dZ, rows, cols, m);
  },
};

/** ½‖a − y‖² per example, as in the notes' squared loss; dJ/da = (a − y)/m. */
const meanSquaredError: Loss = {
  name: 'meanSquaredError',
  requiredOutput: null,
  cost(_z, a, y, rows, cols) {
    const size = rows * cols;
    let sum = 0;
    for (let i = 0; i < size; i++) {
      const d = a[i] - y[i];
      sum += d * d;
    }
    return sum / (2 * rows);
  },
  backward(z, a, y, dZ, rows, cols, output, scratch, m) {
    outputMinusTarget(a, y, scratch, rows, cols, m);
    output.backward(z, a, scratch, dZ, rows, cols);
  },
};

export const LOSSES: Readonly<Record<LossName, Loss>> = {
  binaryCrossEntropy,
  softmaxCrossEntropy,
  meanSquaredError,
};

export function loss(name: LossName): Loss {
  return LOSSES[name];
}
