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
  /** Gives the kernel back the optimiser's state; it must not be used afterwards. */
  dispose(): void;
}

/**
 * Each update runs in `kernel`, over state it allocates beside the parameters
 * (float32, as the parameters), so the fast kernels take the step in one pass.
 */
export function createOptimizer(config: OptimizerConfig, parameterCount: number, kernel: Kernel): Optimizer {
  switch (config.kind) {
    case 'gradientDescent':
      return {
        step(params, grads, alpha, from, to, squares) {
          kernel.descend(params, grads, from, to, alpha, squares);
        },
        dispose() {},
      };
    case 'momentum': {
      // v := β·v + (1 − β)·dθ;  θ := θ − α·v
      const velocity = kernel.allocate(parameterCount);
      return {
        step(params, grads, alpha, from, to, squares) {
          kernel.momentum(params, grads, velocity, from, to, alpha, config.beta, squares);
        },
        dispose: () => kernel.release(velocity),
      };
    }
    case 'adam': {
      // Kingma & Ba 2015, with bias-corrected first and second moments. The step
      // count t advances when a step starts again at the first parameter.
      const moment1 = kernel.allocate(parameterCount);
      const moment2 = kernel.allocate(parameterCount);
      let t = 0;
      return {
        step(params, grads, alpha, from, to, squares) {
          if (from === 0) t++;
          kernel.adam(params, grads, moment1, moment2, from, to, alpha, { ...config, t }, squares);
        },
        dispose() {
          kernel.release(moment1);
          kernel.release(moment2);
        },
      };
    }
  }
}
