/**
 * npm run bench: the course's 4-layer network [12288, 20, 7, 5, 1] trained
 * full batch on the cat training set, milliseconds per iteration and GFLOP/s
 * for Whisker and, in the same run, for numpy (bench/course_numpy.py).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Architecture } from '../src/core/architecture.ts';
import { Batch } from '../src/core/examples.ts';
import { referenceKernel } from '../src/core/kernels/kernel.ts';
import { DEFAULT_OPTIMIZERS } from '../src/core/optimizers.ts';
import { createSeededNetwork, train } from '../src/core/training.ts';
import { toExamples } from '../src/data/folder.ts';
import { catvnoncatAvailable, CATVNONCAT_DIR, loadCatvnoncat } from '../test/helpers/catvnoncat.ts';

const WARMUP = 20;
const ITERATIONS = Number(process.env['WHISKER_BENCH_ITERATIONS'] ?? 100);
const here = path.dirname(fileURLToPath(import.meta.url));

/** Floating-point operations of one full-batch iteration: forward, dW for every layer, dA below the first. */
function flopsPerIteration(architecture: Architecture, m: number): number {
  let flops = 0;
  let fanIn = architecture.inputSize;
  architecture.layers.forEach((layer, l) => {
    const product = 2 * m * layer.units * fanIn;
    flops += product * (l === 0 ? 2 : 3);
    fanIn = layer.units;
  });
  return flops;
}

interface NumpyResult {
  msPerIteration: number;
  cost: number;
  numpy: string;
  blas: string[];
}

function runNumpy(x: Float32Array, y: Float32Array, m: number): NumpyResult | string {
  const dir = mkdtempSync(path.join(tmpdir(), 'whisker-bench-'));
  try {
    writeFileSync(path.join(dir, 'x.f32'), x);
    writeFileSync(path.join(dir, 'y.f32'), y);
    for (const python of [process.env['WHISKER_PYTHON'], '/usr/bin/python3', 'python3'].filter(
      Boolean,
    ) as string[]) {
      const probe = spawnSync(python, ['-c', 'import numpy'], { encoding: 'utf8' });
      if (probe.status !== 0) continue;
      const run = spawnSync(
        python,
        [
          path.join(here, 'course_numpy.py'),
          path.join(dir, 'x.f32'),
          path.join(dir, 'y.f32'),
          String(m),
          String(ITERATIONS),
        ],
        { encoding: 'utf8' },
      );
      if (run.status !== 0) return `numpy run failed: ${run.stderr.trim().split('\n').at(-1)}`;
      return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as NumpyResult;
    }
    return 'skipped: no Python with numpy (Debian: apt-get install python3-numpy libopenblas0-pthread)';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!catvnoncatAvailable) {
    console.log(`Benchmark skipped: the cat data set is not at ${CATVNONCAT_DIR} (set WHISKER_CATVNONCAT).`);
    return;
  }
  const { train: trainSet } = await loadCatvnoncat();
  const examples = toExamples(trainSet);
  const m = examples.count;
  const architecture: Architecture = {
    inputSize: examples.inputSize,
    layers: [
      { units: 20, activation: 'relu' },
      { units: 7, activation: 'relu' },
      { units: 5, activation: 'relu' },
      { units: 1, activation: 'sigmoid' },
    ],
    loss: 'binaryCrossEntropy',
  };
  const config = {
    epochs: WARMUP + ITERATIONS,
    batchSize: 0,
    learningRate: 0.0075,
    learningRateDecay: 0,
    optimizer: DEFAULT_OPTIMIZERS.gradientDescent,
    l2: 0,
    initializer: 'lecun' as const,
    seed: 1,
    validateEvery: WARMUP + ITERATIONS,
  };
  const { network, random } = createSeededNetwork(architecture, config);
  let started = 0;
  let cost = NaN;
  for (const event of train(network, random, { train: examples, validation: null, classCount: 2 }, config)) {
    if (event.type !== 'epoch') continue;
    if (event.epoch === WARMUP) started = performance.now();
    cost = event.train.loss;
  }
  const whiskerMs = (performance.now() - started) / ITERATIONS;

  const batch = new Batch(examples.inputSize, 1, m, referenceKernel());
  batch.gather(
    examples,
    Int32Array.from({ length: m }, (_, i) => i),
    0,
    m,
  );
  const numpy = runNumpy(batch.x as Float32Array, batch.y as Float32Array, m);

  const gflop = flopsPerIteration(architecture, m) / 1e9;
  const row = (name: string, ms: number, extra: string) =>
    `${name.padEnd(10)} ${ms.toFixed(2).padStart(10)} ${(gflop / (ms / 1000)).toFixed(1).padStart(8)}   ${extra}`;
  console.log(
    `W1: [12288, 20, 7, 5, 1], full batch of ${m}, float32, ${gflop.toFixed(3)} GFLOP per iteration, ${ITERATIONS} iterations after ${WARMUP} of warm-up`,
  );
  console.log(`${'peer'.padEnd(10)} ${'ms/iter'.padStart(10)} ${'GFLOP/s'.padStart(8)}   notes`);
  console.log(row('Whisker', whiskerMs, `cost ${cost.toFixed(6)}`));
  if (typeof numpy === 'string') {
    console.log(`numpy      ${numpy}`);
  } else {
    console.log(
      row(
        'numpy',
        numpy.msPerIteration,
        `cost ${numpy.cost.toFixed(6)}, numpy ${numpy.numpy}, BLAS ${numpy.blas.join(', ')}`,
      ),
    );
    console.log(`Whisker / numpy time: ${(whiskerMs / numpy.msPerIteration).toFixed(1)}×`);
  }
}

await main();
