/**
 * Update rules over the flat (params, grads) buffers: θ := θ − α·step(∂J/∂θ),
 * a range at a time so that the training loop can measure each layer in the
 * same pass over memory.
 */
import type { Kernel } from './kernels/kernel.ts';
import type { FloatArray } from './matrix.ts';

export type OptimizerConfig =
  | { readonly kind: 'gradientDescent' }
  | { readonly kind: 'momentum'; readonly beta: number }
  | {
      readonly kind: 'adam';
      readonly beta1: number;
      readonly beta2: number;
      readonly epsilon: number;
    };

export type OptimizerKind = OptimizerConfig['kind'];

export const DEFAULT_OPTIMIZERS: Readonly<{ [K in OptimizerKind]: Extract<OptimizerConfig, { kind: K }> }> = {
  gradientDescent: { kind: 'gradientDescent' },
  momentum: { kind: 'momentum', beta: 0.9 },
  adam: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
};

export const OPTIMIZER_KINDS = Object.keys(DEFAULT_OPTIMIZERS) as OptimizerKind[];

export interface Optimizer {
  /**
   * Updates params[from..to) and, in the same pass, measures them:
   * adds Σ dθ² to squares[0] and Σ θ² after the update to squares[1].
   */
  step(
    params: FloatArray,
    grads: FloatArray,
    learningRate: number,
    from: number,
    to: number,
    squares: Float64Array,
  ): void;
}

/** `kernel` runs plain gradient descent, the course's optimiser, where it can run fastest. */
export function createOptimizer(config: OptimizerConfig, parameterCount: number, kernel: Kernel): Optimizer {
  switch (config.kind) {
    case 'gradientDescent':
      return {
        step(params, grads, alpha, from, to, squares) {
          kernel.descend(params, grads, from, to, alpha, squares);
        },
      };
    case 'momentum': {
      // v := β·v + (1 − β)·dθ;  θ := θ − α·v
      const { beta } = config;
      const v = new Float64Array(parameterCount);
      return {
        step(params, grads, alpha, from, to, squares) {
          let gradients = 0;
          let weights = 0;
          for (let i = from; i < to; i++) {
            const g = grads[i];
            v[i] = beta * v[i] + (1 - beta) * g;
            const w = params[i] - alpha * v[i];
            params[i] = w;
            gradients += g * g;
            weights += w * w;
          }
          squares[0] += gradients;
          squares[1] += weights;
        },
      };
    }
    case 'adam': {
      // Kingma & Ba 2015, with bias-corrected first and second moments. The step
      // count t advances when a step starts again at the first parameter.
      const { beta1, beta2, epsilon } = config;
      const m = new Float64Array(parameterCount);
      const v = new Float64Array(parameterCount);
      let t = 0;
      return {
        step(params, grads, alpha, from, to, squares) {
          if (from === 0) t++;
          const c1 = 1 - beta1 ** t;
          const c2 = 1 - beta2 ** t;
          let gradients = 0;
          let weights = 0;
          for (let i = from; i < to; i++) {
            const g = grads[i];
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            const w = params[i] - (alpha * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + epsilon);
            params[i] = w;
            gradients += g * g;
            weights += w * w;
          }
          squares[0] += gradients;
          squares[1] += weights;
        },
      };
    }
  }
}
