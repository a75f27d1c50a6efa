/**
 * Update rules over the flat (params, grads) buffers: θ := θ − α·step(∂J/∂θ).
 * Moment buffers are allocated on the first step.
 */
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

export interface Optimizer {
  step(params: FloatArray, grads: FloatArray, learningRate: number): void;
}

export function createOptimizer(config: OptimizerConfig): Optimizer {
  switch (config.kind) {
    case 'gradientDescent':
      return {
        step(params, grads, alpha) {
          for (let i = 0; i < params.length; i++) params[i] -= alpha * grads[i];
        },
      };
    case 'momentum': {
      // v := β·v + (1 − β)·dθ;  θ := θ − α·v
      const { beta } = config;
      let v: Float64Array | null = null;
      return {
        step(params, grads, alpha) {
          v ??= new Float64Array(params.length);
          for (let i = 0; i < params.length; i++) {
            v[i] = beta * v[i] + (1 - beta) * grads[i];
            params[i] -= alpha * v[i];
          }
        },
      };
    }
    case 'adam': {
      // Kingma & Ba 2015, with bias-corrected first and second moments.
      const { beta1, beta2, epsilon } = config;
      let m: Float64Array | null = null;
      let v: Float64Array | null = null;
      let t = 0;
      return {
        step(params, grads, alpha) {
          m ??= new Float64Array(params.length);
          v ??= new Float64Array(params.length);
          t++;
          const c1 = 1 - beta1 ** t;
          const c2 = 1 - beta2 ** t;
          for (let i = 0; i < params.length; i++) {
            const g = grads[i];
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            params[i] -= (alpha * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + epsilon);
          }
        },
      };
    }
  }
}
