/** Whisker itself on a given kernel: full-batch iterations, mini-batch epochs, single predictions. */
import { Batch, type Examples } from '../src/core/examples.ts';
import type { Kernel } from '../src/core/kernels/kernel.ts';
import { createSeededNetwork, train } from '../src/core/training.ts';
import {
  courseArchitecture,
  courseConfig,
  MINI_BATCH,
  ROUNDS,
  WARMUP_ITERATIONS,
  type PeerResult,
} from './workload.ts';

/** Mean milliseconds per epoch after `warmup` epochs, and the last epoch's cost. */
function timeEpochs(kernel: Kernel, examples: Examples, batchSize: number, warmup: number, timed: number) {
  const architecture = courseArchitecture(examples.inputSize);
  const config = courseConfig(warmup + timed, batchSize);
  const { network, random } = createSeededNetwork(architecture, config, kernel);
  let started = performance.now();
  let cost = NaN;
  for (const event of train(network, random, { train: examples, validation: null, classCount: 2 }, config)) {
    if (event.type !== 'epoch') continue;
    if (event.epoch === warmup) started = performance.now();
    cost = event.trainLoss;
  }
  const ms = (performance.now() - started) / timed;
  return { ms, cost, network };
}

/** The run with the median time: these machines' virtual cores are shared, and a round can be disturbed. */
function median<T extends { ms: number }>(runs: T[]): T {
  return [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)]!;
}

/**
 * Trains for `seconds` and throws the result away: WebAssembly starts in a
 * baseline compiler and is recompiled optimised only after running a while,
 * in every thread (about half a second seen here).
 */
function warmUp(kernel: Kernel, examples: Examples, seconds: number): void {
  const architecture = courseArchitecture(examples.inputSize);
  const config = courseConfig(1_000_000, 0);
  const { network, random } = createSeededNetwork(architecture, config, kernel);
  const started = performance.now();
  const run = train(network, random, { train: examples, validation: null, classCount: 2 }, config);
  while (performance.now() - started < seconds * 1000) run.next();
  run.return({ completedEpochs: 0, stoppedBy: 'completed' });
  network.dispose();
}

export function runWhisker(
  name: string,
  kernel: Kernel,
  examples: Examples,
  iterations: number,
  options: { miniBatchEpochs: number; predictions: number },
): PeerResult {
  warmUp(kernel, examples, 1.5);
  const rounds = (batchSize: number, warmup: number, timed: number) =>
    median(
      Array.from({ length: ROUNDS }, () => {
        const run = timeEpochs(kernel, examples, batchSize, warmup, timed);
        run.network.dispose();
        return run;
      }),
    );
  const full = rounds(0, WARMUP_ITERATIONS, iterations);
  let miniBatchEpochMs: number | null = null;
  let predictUs: number | null = null;
  if (options.miniBatchEpochs > 0) miniBatchEpochMs = rounds(MINI_BATCH, 5, options.miniBatchEpochs).ms;
  if (options.predictions > 0) {
    // From the image's bytes to the probability: scaling, then forward propagation of one example.
    const { network } = createSeededNetwork(
      courseArchitecture(examples.inputSize),
      courseConfig(1, 0),
      kernel,
    );
    const batch = new Batch(examples.inputSize, 1, 1, kernel, false);
    const order = Int32Array.of(0);
    const predictOnce = () => {
      batch.gather(examples, order, 0, 1);
      return network.forward(batch.x, 1)[0];
    };
    for (let i = 0; i < 200; i++) predictOnce();
    const started = performance.now();
    for (let i = 0; i < options.predictions; i++) predictOnce();
    predictUs = ((performance.now() - started) * 1000) / options.predictions;
    batch.dispose();
    network.dispose();
  }
  return { name, fullBatchMs: full.ms, miniBatchEpochMs, predictUs, cost: full.cost };
}
