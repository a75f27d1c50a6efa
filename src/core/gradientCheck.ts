/**
 * Gradient check: backward propagation's dJ/dθ against central differences
 * (J(θ + ε) − J(θ − ε)) / 2ε, all in float64, reported per layer as the
 * relative error ‖g_numeric − g_analytic‖ / (‖g_numeric‖ + ‖g_analytic‖).
 */
import type { Architecture } from './architecture.ts';
import { referenceKernel } from './kernels/kernel.ts';
import { Network, type ForwardMode } from './network.ts';
import type { Random } from './random.ts';

export interface GradientCheckOptions {
  readonly epsilon?: number;
  /** check at most this many parameters per layer (weights and biases), drawn at random */
  readonly maxPerLayer?: number;
  readonly l2?: number;
}

export interface LayerGradientCheck {
  /** 1-based, as W[l] in the notes */
  readonly layer: number;
  readonly relativeError: number;
  readonly checked: number;
}

/**
 * `params` are the network's parameters (any float array of the right length),
 * `x` is [m, n_0] and `y` is [m, n_L], both already as the network sees them.
 */
export function gradientCheck(
  architecture: Architecture,
  params: ArrayLike<number>,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  m: number,
  random: Random,
  options: GradientCheckOptions = {},
): LayerGradientCheck[] {
  const { epsilon = 1e-6, maxPerLayer = Infinity, l2 = 0 } = options;
  const network = new Network(architecture, referenceKernel(Float64Array));
  if (params.length !== network.params.length) {
    throw new RangeError(`expected ${network.params.length} parameters, got ${params.length}`);
  }
  network.params.set(params);
  const x64 = Float64Array.from(x);
  const y64 = Float64Array.from(y);
  // J as training computes it (dropout's masks, the batch's statistics), the masks drawn once
  const costAt = (mode: ForwardMode = 'replay') => {
    network.forward(x64, m, mode);
    return network.cost(y64, m, l2);
  };

  network.useForMasks(random);
  costAt('train');
  network.backward(x64, y64, m, l2);
  const analytic = network.grads.slice();

  return network.weighted.map((layer) => {
    const indices = chooseIndices(layer.size, maxPerLayer, random);
    let difference = 0;
    let numericNorm = 0;
    let analyticNorm = 0;
    for (const local of indices) {
      const i = layer.offset + local;
      const saved = network.params[i];
      network.params[i] = saved + epsilon;
      const plus = costAt();
      network.params[i] = saved - epsilon;
      const minus = costAt();
      network.params[i] = saved;
      const numeric = (plus - minus) / (2 * epsilon);
      difference += (numeric - analytic[i]) ** 2;
      numericNorm += numeric ** 2;
      analyticNorm += analytic[i] ** 2;
    }
    const denominator = Math.sqrt(numericNorm) + Math.sqrt(analyticNorm);
    return {
      layer: layer.index + 1,
      relativeError: denominator === 0 ? 0 : Math.sqrt(difference) / denominator,
      checked: indices.length,
    };
  });
}

function chooseIndices(size: number, max: number, random: Random): number[] {
  const all = Array.from({ length: size }, (_, i) => i);
  if (size <= max) return all;
  return random
    .shuffle(all)
    .slice(0, max)
    .sort((a, b) => a - b);
}
