/**
 * Activation functions a[l] = g(z[l]), each with its backward pass beside it:
 * given dJ/da it writes dJ/dz = dJ/da ⊙ g'(z) (softmax: the Jacobian–vector
 * product, since each output depends on the whole row).
 *
 * Buffers hold `rows` examples of `cols` units, row-major.
 */
import type { FloatArray } from './matrix.ts';

export type ActivationName = 'relu' | 'leakyRelu' | 'sigmoid' | 'tanh' | 'linear' | 'softmax';
export const ACTIVATION_NAMES: readonly ActivationName[] = [
  'relu',
  'leakyRelu',
  'sigmoid',
  'tanh',
  'linear',
  'softmax',
];

export interface Activation {
  readonly name: ActivationName;
  /** a = g(z) */
  forward(z: FloatArray, a: FloatArray, rows: number, cols: number): void;
  /** dZ = dJ/dz from dA = dJ/da, using the z and a kept by forward. */
  backward(z: FloatArray, a: FloatArray, dA: FloatArray, dZ: FloatArray, rows: number, cols: number): void;
}

/** Slope of leaky ReLU for z < 0. */
export const LEAKY_SLOPE = 0.01;

/** Logistic sigmoid, written so that exp never overflows. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

function elementwise(
  name: ActivationName,
  g: (z: number) => number,
  /** g'(z), given z and a = g(z) */
  derivative: (z: number, a: number) => number,
): Activation {
  return {
    name,
    forward(z, a, rows, cols) {
      const size = rows * cols;
      for (let i = 0; i < size; i++) a[i] = g(z[i]);
    },
    backward(z, a, dA, dZ, rows, cols) {
      const size = rows * cols;
      for (let i = 0; i < size; i++) dZ[i] = dA[i] * derivative(z[i], a[i]);
    },
  };
}

const relu = elementwise(
  'relu',
  (z) => (z > 0 ? z : 0),
  (z) => (z > 0 ? 1 : 0),
);

const leakyRelu = elementwise(
  'leakyRelu',
  (z) => (z > 0 ? z : LEAKY_SLOPE * z),
  (z) => (z > 0 ? 1 : LEAKY_SLOPE),
);

const sigmoidActivation = elementwise('sigmoid', sigmoid, (_z, a) => a * (1 - a));

const tanh = elementwise('tanh', Math.tanh, (_z, a) => 1 - a * a);

const linear = elementwise(
  'linear',
  (z) => z,
  () => 1,
);

/** Row-wise softmax; subtracting the row's maximum keeps exp from overflowing. */
const softmax: Activation = {
  name: 'softmax',
  forward(z, a, rows, cols) {
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let max = -Infinity;
      for (let c = 0; c < cols; c++) max = Math.max(max, z[o + c]);
      let sum = 0;
      for (let c = 0; c < cols; c++) {
        const e = Math.exp(z[o + c] - max);
        a[o + c] = e;
        sum += e;
      }
      for (let c = 0; c < cols; c++) a[o + c] = a[o + c] / sum;
    }
  },
  // dz_c = a_c (da_c − Σ_k da_k a_k)
  backward(_z, a, dA, dZ, rows, cols) {
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let dot = 0;
      for (let c = 0; c < cols; c++) dot += dA[o + c] * a[o + c];
      for (let c = 0; c < cols; c++) dZ[o + c] = a[o + c] * (dA[o + c] - dot);
    }
  },
};

export const ACTIVATIONS: Readonly<Record<ActivationName, Activation>> = {
  relu,
  leakyRelu,
  sigmoid: sigmoidActivation,
  tanh,
  linear,
  softmax,
};

export function activation(name: ActivationName): Activation {
  return ACTIVATIONS[name];
}

/** Each activation as the lecture writes it. */
export const ACTIVATION_LABELS: Readonly<Record<ActivationName, string>> = {
  relu: 'ReLU',
  leakyRelu: 'leaky ReLU',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  linear: 'linear',
  softmax: 'softmax',
};
