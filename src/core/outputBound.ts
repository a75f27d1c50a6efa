/**
 * A bound, from the weights alone, on how large a network's pre-activations
 * can get over every possible image (interval arithmetic, layer by layer):
 *   |z_j[l]| ≤ Σ_i |W_ji[l]|·A[l−1] + |b_j[l]|
 * where A[0] is the largest input (255 · scale), and A[l] bounds |a[l]|: 1
 * after sigmoid, tanh or softmax, the bound on z[l] itself after relu, leaky
 * relu or linear. Below float32's range, every product and partial sum of the
 * forward pass is finite, and so are the probabilities.
 */
import type { Architecture } from './architecture.ts';

/** Bounds on |z| past this could reach float32's largest value (3.4e38) once rounding is counted. */
export const LARGEST_SAFE_Z = 1e37;

const BOUNDED = new Set(['sigmoid', 'tanh', 'softmax']);

/** The first layer (1-based) whose bound on |z| passes LARGEST_SAFE_Z, with that bound; null when none does. */
export function overflowingLayer(
  architecture: Architecture,
  params: Float32Array,
  largestInput: number,
): { layer: number; bound: number } | null {
  let activationBound = largestInput;
  let fanIn = architecture.inputSize;
  let offset = 0;
  for (const [l, layer] of architecture.layers.entries()) {
    // W[l] is [n_l, n_(l−1)], row by row, then b[l] is [n_l]
    const biases = offset + layer.units * fanIn;
    let layerBound = 0;
    for (let j = 0; j < layer.units; j++) {
      let sum = Math.abs(params[biases + j]!);
      const row = offset + j * fanIn;
      for (let i = 0; i < fanIn; i++) sum += Math.abs(params[row + i]!) * activationBound;
      layerBound = Math.max(layerBound, sum);
    }
    if (!(layerBound <= LARGEST_SAFE_Z)) return { layer: l + 1, bound: layerBound };
    activationBound = BOUNDED.has(layer.activation) ? 1 : layerBound;
    offset = biases + layer.units;
    fanIn = layer.units;
  }
  return null;
}
