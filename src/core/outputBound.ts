/**
 * A bound, from the weights alone, on how large a network's pre-activations
 * can get over every possible image (interval arithmetic, layer by layer):
 *   |z_j[l]| ≤ Σ_i |W_ji[l]|·A[l−1] + |b_j[l]|
 * where A[0] is the largest input (255 · scale), and A[l] bounds |a[l]|: 1
 * after sigmoid, tanh or softmax, the bound on z[l] itself after relu, leaky
 * relu or linear. Below float32's range, every product and partial sum of the
 * forward pass is finite, and so are the probabilities.
 */
import {
  activationOf,
  BATCH_NORM_EPSILON,
  placeLayers,
  type Architecture,
  type PlacedLayer,
} from './architecture.ts';

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
  let offset = 0;
  for (const [l, layer] of placeLayers(architecture).entries()) {
    const layerBound = zBound(layer, params, offset, activationBound);
    if (!(layerBound <= LARGEST_SAFE_Z)) return { layer: l + 1, bound: layerBound };
    activationBound = BOUNDED.has(activationOf(layer.spec)) ? 1 : layerBound;
    offset += layer.stored;
  }
  return null;
}

/** The bound on |z| of one layer whose stored values start at `offset`, its input bounded by `a`. */
function zBound(layer: PlacedLayer, params: Float32Array, offset: number, a: number): number {
  const channels = layer.tensors[0]?.shape[0] ?? 0;
  switch (layer.kind) {
    case 'dense':
    case 'conv2d': {
      // W is [rows, fanIn] row by row (a convolution's [filters, k·k·C] likewise), then b is [rows]
      const biases = offset + channels * layer.fanIn;
      let bound = 0;
      for (let j = 0; j < channels; j++) {
        let sum = Math.abs(params[biases + j]!);
        const row = offset + j * layer.fanIn;
        for (let i = 0; i < layer.fanIn; i++) sum += Math.abs(params[row + i]!) * a;
        bound = Math.max(bound, sum);
      }
      return bound;
    }
    case 'batchNorm': {
      // at evaluation z = γ·(x − μ)/√(σ² + ε) + β, per channel: γ, β, μ, σ² in that order
      let bound = 0;
      for (let c = 0; c < channels; c++) {
        const [gamma, beta, mean, variance] = [0, 1, 2, 3].map((t) => params[offset + t * channels + c]!);
        bound = Math.max(
          bound,
          (Math.abs(gamma) * (a + Math.abs(mean))) / Math.sqrt(variance + BATCH_NORM_EPSILON) +
            Math.abs(beta),
        );
      }
      return bound;
    }
    default:
      // pooling, flatten and dropout at evaluation never make a value larger
      return a;
  }
}
