import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parameterCount } from '../../src/core/architecture.ts';
import { candidatePythons } from '../../bench/pythonPeers.ts';
import { w5Architecture, w5Workload, type CnnWorkload } from '../../bench/workload.ts';

const withModule = (module: string) =>
  candidatePythons().find((p) => spawnSync(p, ['-c', `import ${module}`]).status === 0);
const numpyPython = withModule('numpy');
const torchPython = withModule('torch');

/** Runs `lines` in a Python with bench/ on its path and the network as `network`; its last line, parsed. */
function runPython(python: string, network: CnnWorkload, lines: string[]): unknown {
  const script = [
    'import json, sys',
    "sys.path.insert(0, 'bench')",
    'import numpy as np',
    'network = json.loads(sys.argv[1])',
    ...lines,
  ].join('\n');
  const run = spawnSync(python, ['-c', script, JSON.stringify(network)], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!);
}

/** W5's layer types on odd sizes: 'same' and 'valid', a pool that drops an edge. */
const small: CnnWorkload = {
  input: [7, 6, 2],
  layers: [
    { type: 'conv2d', filters: 3, kernel: 3, stride: 1, padding: 'same', activation: 'relu' },
    { type: 'maxPool', size: 2, stride: 2 },
    { type: 'conv2d', filters: 4, kernel: 3, stride: 1, padding: 'valid', activation: 'relu' },
    { type: 'flatten' },
    { units: 5, activation: 'relu' },
    { units: 1, activation: 'sigmoid' },
  ],
  learningRate: 0.01,
  batchSize: 4,
};

describe("W5's Python peers", () => {
  it.skipIf(numpyPython === undefined)(
    "numpy's hand-written backward pass agrees with central differences of the cost (float64)",
    () => {
      const worst = runPython(numpyPython!, small, [
        'from python_cnn import NumpyNetwork',
        'rng = np.random.default_rng(1)',
        'net = NumpyNetwork(network, np.float64, rng)',
        // biases off zero, so that no ReLU sits exactly at its kink
        'for layer in net.weighted(): layer.b[:] = rng.standard_normal(layer.b.shape) * 0.1',
        'x = rng.random((4, 7, 6, 2)) - 0.5',
        'y = np.array([[0.], [1.], [1.], [0.]])',
        'net.gradients(x, y)',
        'pairs = [(p, g.copy()) for l in net.weighted() for p, g in ((l.W, l.dW), (l.b, l.db))]',
        'errors = []',
        'for p, g in pairs:',
        '    numeric = np.zeros_like(p)',
        '    for i in np.ndindex(p.shape):',
        '        keep = p[i]',
        '        p[i] = keep + 1e-6; up = net.gradients(x, y)',
        '        p[i] = keep - 1e-6; down = net.gradients(x, y)',
        '        p[i] = keep',
        '        numeric[i] = (up - down) / 2e-6',
        '    errors.append(np.linalg.norm(numeric - g) / (np.linalg.norm(numeric) + np.linalg.norm(g)))',
        'print(json.dumps(max(errors)))',
      ]);
      expect(worst).toBeLessThan(1e-7);
    },
  );

  const expected = parameterCount(w5Architecture(64 * 64 * 3));

  it.skipIf(numpyPython === undefined)('numpy builds the network core describes', () => {
    const count = runPython(numpyPython!, w5Workload(64 * 64 * 3), [
      'from python_cnn import NumpyNetwork',
      'net = NumpyNetwork(network, np.float32, np.random.default_rng(1))',
      'print(sum(l.W.size + l.b.size for l in net.weighted()))',
    ]);
    expect(count).toBe(expected);
  });

  it.skipIf(torchPython === undefined)('PyTorch builds the network core describes', () => {
    const count = runPython(torchPython!, w5Workload(64 * 64 * 3), [
      'import torch',
      'from python_cnn import torch_model',
      'print(sum(p.numel() for p in torch_model(torch, network).parameters()))',
    ]);
    expect(count).toBe(expected);
  });
});
