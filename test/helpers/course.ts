/**
 * The course's experiments on cat / non-cat: pixels/255, full-batch gradient
 * descent, seed 1 (the notebooks' np.random.seed(1)), then accuracy on both splits.
 */
import type { Architecture } from '../../src/core/architecture.ts';
import { defaultKernel } from '../../src/core/kernels/defaultKernel.ts';
import { referenceKernel, type Kernel } from '../../src/core/kernels/kernel.ts';
import type { InitializerName } from '../../src/core/initializers.ts';
import { evaluate } from '../../src/core/metrics.ts';
import { DEFAULT_OPTIMIZERS } from '../../src/core/optimizers.ts';
import { createSeededNetwork, train } from '../../src/core/training.ts';
import { toExamples } from '../../src/data/dataSet.ts';
import { loadCatvnoncat } from './catvnoncat.ts';

export interface CourseRun {
  readonly name: string;
  readonly hidden: readonly number[];
  readonly initializer: InitializerName;
  readonly learningRate: number;
  readonly iterations: number;
}

/** The fast kernel, or the plain TypeScript one with WHISKER_KERNEL=reference (slow: minutes). */
export function courseKernel(): Kernel {
  return process.env['WHISKER_KERNEL'] === 'reference' ? referenceKernel() : defaultKernel();
}

export interface CourseResult {
  readonly costs: number[];
  readonly finalCost: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
}

export async function runCourse(run: CourseRun, kernel: Kernel = courseKernel()): Promise<CourseResult> {
  const dataSet = await loadCatvnoncat();
  const architecture: Architecture = {
    inputSize: dataSet.width * dataSet.height * 3,
    layers: [
      ...run.hidden.map((units) => ({ units, activation: 'relu' as const })),
      { units: 1, activation: 'sigmoid' },
    ],
    loss: 'binaryCrossEntropy',
  };
  const config = {
    epochs: run.iterations,
    batchSize: 0,
    learningRate: run.learningRate,
    learningRateDecay: 0,
    optimizer: DEFAULT_OPTIMIZERS.gradientDescent,
    l2: 0,
    initializer: run.initializer,
    seed: 1,
    validateEvery: run.iterations,
  };
  const { network, random } = createSeededNetwork(architecture, config, kernel);
  const examples = toExamples(dataSet.train, dataSet.width, dataSet.height);
  const costs: number[] = [];
  for (const event of train(network, random, { train: examples, validation: null, classCount: 2 }, config)) {
    if (event.type === 'diverged') throw new Error(event.explanation);
    if (event.type === 'batch') costs.push(event.loss);
  }
  const trained = evaluate(network, examples, 2);
  const result = {
    costs,
    finalCost: trained.loss,
    trainAccuracy: trained.accuracy,
    testAccuracy: evaluate(network, toExamples(dataSet.test!, dataSet.width, dataSet.height), 2).accuracy,
  };
  network.dispose();
  console.log(
    `${run.name} (${kernel.name} kernel): cost at iteration 0 ${costs[0]!.toFixed(6)}, at iteration ${costs.length - 1} ${costs.at(-1)!.toFixed(6)}, ` +
      `after training ${result.finalCost.toFixed(6)}, ` +
      `train accuracy ${(result.trainAccuracy * 100).toFixed(2)}%, test accuracy ${(result.testAccuracy * 100).toFixed(2)}%`,
  );
  return result;
}
