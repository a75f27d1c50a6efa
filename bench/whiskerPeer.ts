/** Whisker itself on a given kernel, one round: W1 and W2 on the course network, W4 single predictions, W5, W6. */
import type { Architecture } from '../src/core/architecture.ts';
import { Batch, type Examples } from '../src/core/examples.ts';
import type { Kernel } from '../src/core/kernels/kernel.ts';
import { createSeededNetwork, train, type TrainingConfig } from '../src/core/training.ts';
import {
  courseArchitecture,
  courseConfig,
  MINI_BATCH,
  w5Architecture,
  w5Config,
  w6Architecture,
  w6Config,
  w6Examples,
  W6_CLASSES,
  WARMUP_ITERATIONS,
  type Counts,
  type PeerResult,
} from './workload.ts';

interface Run {
  architecture: Architecture;
  config: TrainingConfig;
  examples: Examples;
  classCount: number;
}

/** Mean milliseconds per epoch after `warmup` epochs, and the last epoch's cost. */
function timeEpochs(kernel: Kernel, run: Run, warmup: number, timed: number) {
  const config = { ...run.config, epochs: warmup + timed, validateEvery: warmup + timed };
  const { network, random } = createSeededNetwork(run.architecture, config, kernel);
  let started = performance.now();
  let cost = NaN;
  const data = { train: run.examples, validation: null, classCount: run.classCount };
  for (const event of train(network, random, data, config)) {
    if (event.type === 'diverged') throw new Error(event.explanation);
    if (event.type !== 'epoch') continue;
    if (event.epoch === warmup) started = performance.now();
    cost = event.trainLoss;
  }
  const ms = (performance.now() - started) / timed;
  network.dispose();
  return { ms, cost };
}

/**
 * Trains for `seconds` and throws the result away: WebAssembly starts in a
 * baseline compiler and is recompiled optimised only after running a while,
 * in every thread (about half a second seen here).
 */
function warmUp(kernel: Kernel, run: Run, seconds: number): void {
  const config = { ...run.config, epochs: 1_000_000 };
  const { network, random } = createSeededNetwork(run.architecture, config, kernel);
  const started = performance.now();
  const data = { train: run.examples, validation: null, classCount: run.classCount };
  const training = train(network, random, data, config);
  while (performance.now() - started < seconds * 1000) training.next();
  training.return({ completedEpochs: 0, stoppedBy: 'completed' });
  network.dispose();
}

/** From the image's bytes to the probability: scaling, then forward propagation of one example. */
function timePrediction(kernel: Kernel, examples: Examples, predictions: number): number {
  const { network } = createSeededNetwork(courseArchitecture(examples.inputSize), courseConfig(1, 0), kernel);
  const batch = new Batch(examples.inputSize, 1, 1, kernel);
  const order = Int32Array.of(0);
  const predictOnce = () => {
    batch.gather(examples, order, 0, 1);
    return network.forward(batch.x, 1)[0];
  };
  for (let i = 0; i < 200; i++) predictOnce();
  const started = performance.now();
  for (let i = 0; i < predictions; i++) predictOnce();
  const us = ((performance.now() - started) * 1000) / predictions;
  batch.dispose();
  network.dispose();
  return us;
}

function courseRun(examples: Examples, batchSize: number): Run {
  return {
    architecture: courseArchitecture(examples.inputSize),
    config: courseConfig(1, batchSize),
    examples,
    classCount: 2,
  };
}

/** W1 after warm-up: ms per full-batch iteration, and the last one's cost. */
export function fullBatchMs(kernel: Kernel, examples: Examples, iterations: number) {
  warmUp(kernel, courseRun(examples, 0), 1.5);
  return timeEpochs(kernel, courseRun(examples, 0), WARMUP_ITERATIONS, iterations);
}

export function runWhisker(name: string, kernel: Kernel, examples: Examples, counts: Counts): PeerResult {
  const w6 = (optimizer: 'adam' | 'momentum'): Run => ({
    architecture: w6Architecture(examples.inputSize),
    config: w6Config(1, optimizer),
    examples: w6Examples(examples),
    classCount: W6_CLASSES,
  });
  const w5: Run = {
    architecture: w5Architecture(examples.inputSize),
    config: w5Config(1),
    examples,
    classCount: 2,
  };
  const { iterations, epochs, predictions, cnnEpochs } = counts;
  const full = iterations > 0 ? fullBatchMs(kernel, examples, iterations) : null;
  const perEpoch = (run: Run) => {
    if (epochs <= 0) return null;
    warmUp(kernel, run, 0.3);
    return timeEpochs(kernel, run, 5, epochs).ms;
  };
  const perCnnEpoch = () => {
    if (cnnEpochs <= 0) return null;
    warmUp(kernel, w5, 1);
    return timeEpochs(kernel, w5, 1, cnnEpochs).ms;
  };
  return {
    name,
    threads: 'threads' in kernel ? (kernel.threads as number) : 1,
    fullBatchMs: full?.ms ?? null,
    cost: full?.cost ?? null,
    miniBatchEpochMs: perEpoch(courseRun(examples, MINI_BATCH)),
    adamEpochMs: perEpoch(w6('adam')),
    momentumEpochMs: perEpoch(w6('momentum')),
    predictUs: predictions > 0 ? timePrediction(kernel, examples, predictions) : null,
    cnnEpochMs: perCnnEpoch(),
  };
}
