import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parameterCount } from '../../src/core/architecture.ts';
import { createTfjsCnn } from '../../bench/tfjsCnn.ts';
import { useWasmBackend } from '../../bench/tfjsPeer.ts';
import { w5Architecture, w5Workload, type CnnWorkload } from '../../bench/workload.ts';

/** A small network of W5's layer types, on odd sizes: 'same' and 'valid', a pool that drops an edge. */
const small: CnnWorkload = {
  input: [7, 6, 2],
  layers: [
    { type: 'conv2d', filters: 3, kernel: 3, stride: 1, padding: 'same', activation: 'relu' },
    { type: 'maxPool', size: 2, stride: 2 },
    { type: 'conv2d', filters: 4, kernel: 2, stride: 1, padding: 'valid', activation: 'relu' },
    { type: 'flatten' },
    { units: 5, activation: 'relu' },
    { units: 1, activation: 'sigmoid' },
  ],
  learningRate: 1,
  batchSize: 4,
};

const values = (v: tf.Variable) => Float32Array.from(v.dataSync());

describe("W5's tfjs peer", () => {
  beforeAll(useWasmBackend);

  it('steps every weight and bias by its gradient, as central differences of the cost find it', () => {
    const X = tf.randomUniform([4, ...small.input], -0.5, 0.5, 'float32', 7);
    const Y = tf.tensor2d([[0], [1], [1], [0]]);
    const network = createTfjsCnn(small);
    const variables = network.variables();
    expect(variables).toHaveLength(8);
    const before = variables.map(values);
    const eps = 1e-3;
    const numeric = variables.map((v, t) =>
      before[t]!.map((_, i) => {
        const at = (delta: number) => {
          const moved = before[t]!.slice();
          moved[i] += delta;
          v.assign(tf.tensor(moved, v.shape));
          return network.cost(X, Y);
        };
        const slope = (at(eps) - at(-eps)) / (2 * eps);
        v.assign(tf.tensor(before[t]!, v.shape));
        return slope;
      }),
    );
    network.step(X, Y, 1);
    variables.forEach((v, t) => {
      const step = values(v).map((after, i) => before[t]![i]! - after); // θ − (θ − 1·dJ/dθ)
      const norm = (a: Float32Array) => Math.hypot(...a);
      const error = norm(step.map((g, i) => g - numeric[t]![i]!)) / (norm(step) + norm(numeric[t]!));
      expect(norm(step), `variable ${t}`).toBeGreaterThan(1e-4);
      expect(error, `variable ${t}`).toBeLessThan(2e-3);
    });
    tf.dispose([X, Y, ...variables]);
  });

  it('builds the network core describes', () => {
    const variables = createTfjsCnn(w5Workload(64 * 64 * 3)).variables();
    expect(variables.reduce((sum, v) => sum + v.size, 0)).toBe(parameterCount(w5Architecture(64 * 64 * 3)));
    tf.dispose(variables);
  });
});
