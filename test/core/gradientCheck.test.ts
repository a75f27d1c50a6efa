import { describe, expect, it, vi } from 'vitest';
import { ACTIVATIONS, type ActivationName } from '../../src/core/activations.ts';
import type { Architecture } from '../../src/core/architecture.ts';
import { gradientCheck } from '../../src/core/gradientCheck.ts';
import type { LossName } from '../../src/core/losses.ts';
import { parameterCount } from '../../src/core/architecture.ts';
import { Random } from '../../src/core/random.ts';

const HIDDEN: ActivationName[] = ['relu', 'leakyRelu', 'sigmoid', 'tanh', 'linear'];
/** each loss with the output activations it can sit on */
const OUTPUTS: [LossName, ActivationName, number][] = [
  ['binaryCrossEntropy', 'sigmoid', 1],
  ['softmaxCrossEntropy', 'softmax', 3],
  ['meanSquaredError', 'linear', 2],
  ['meanSquaredError', 'sigmoid', 1],
  ['meanSquaredError', 'tanh', 2],
  ['meanSquaredError', 'softmax', 3],
];

function problem(
  hidden: ActivationName,
  depth: number,
  lossName: LossName,
  output: ActivationName,
  outputs: number,
) {
  const random = new Random(42);
  const inputSize = 4;
  const m = 6;
  const architecture: Architecture = {
    inputSize,
    layers: [
      ...Array.from({ length: depth }, (_, i) => ({ units: 5 - (i % 2), activation: hidden })),
      { units: outputs, activation: output },
    ],
    loss: lossName,
  };
  const params = Array.from({ length: parameterCount(architecture) }, () => random.normal() * 0.5);
  const x = Array.from({ length: m * inputSize }, () => random.normal());
  const y = Array.from({ length: m * outputs }, () => 0);
  for (let r = 0; r < m; r++) {
    if (output === 'linear' || output === 'tanh') {
      for (let c = 0; c < outputs; c++) y[r * outputs + c] = random.normal() * 0.5;
    } else if (outputs === 1) {
      y[r] = random.below(2);
    } else {
      y[r * outputs + random.below(outputs)] = 1;
    }
  }
  return { architecture, params, x, y, m, random };
}

describe('gradient check: backward propagation agrees with central differences', () => {
  for (const depth of [1, 3]) {
    for (const hidden of HIDDEN) {
      for (const [lossName, output, outputs] of OUTPUTS) {
        it(`${depth} hidden ${hidden} layer(s), ${output} output, ${lossName}: relative error < 1e-7`, () => {
          const { architecture, params, x, y, m, random } = problem(hidden, depth, lossName, output, outputs);
          const report = gradientCheck(architecture, params, x, y, m, random);
          expect(report).toHaveLength(depth + 1);
          for (const layer of report) expect(layer.relativeError).toBeLessThan(1e-7);
        });
      }
    }
  }

  it('holds with the L2 penalty', () => {
    const { architecture, params, x, y, m, random } = problem('tanh', 2, 'binaryCrossEntropy', 'sigmoid', 1);
    for (const layer of gradientCheck(architecture, params, x, y, m, random, { l2: 0.7 })) {
      expect(layer.relativeError).toBeLessThan(1e-7);
    }
  });

  it('catches a wrong derivative in backward propagation', () => {
    const { architecture, params, x, y, m, random } = problem('tanh', 1, 'binaryCrossEntropy', 'sigmoid', 1);
    // tanh' written as 1 − a instead of 1 − a²
    const wrong = vi.spyOn(ACTIVATIONS.tanh, 'backward').mockImplementation((_z, a, dA, dZ, rows, cols) => {
      for (let i = 0; i < rows * cols; i++) dZ[i] = dA[i]! * (1 - a[i]!);
    });
    try {
      const [first] = gradientCheck(architecture, params, x, y, m, random);
      expect(first!.relativeError).toBeGreaterThan(1e-3);
    } finally {
      wrong.mockRestore();
    }
  });

  it('samples at most maxPerLayer parameters per layer', () => {
    const { architecture, params, x, y, m, random } = problem('relu', 1, 'binaryCrossEntropy', 'sigmoid', 1);
    const report = gradientCheck(architecture, params, x, y, m, random, { maxPerLayer: 3 });
    expect(report.map((l) => l.checked)).toEqual([3, 3]);
  });
});
