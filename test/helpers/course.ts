/**
 * The course's experiments on cat / non-cat, as the presets describe them:
 * pixels/255, full-batch gradient descent, seed 1 (the notebooks'
 * np.random.seed(1)), then accuracy on both splits.
 */
import { defaultKernel } from '../../src/core/kernels/defaultKernel.ts';
import { referenceKernel, type Kernel } from '../../src/core/kernels/kernel.ts';
import { evaluate } from '../../src/core/metrics.ts';
import { preset } from '../../src/core/presets.ts';
import { architectureFor, trainingConfigFor, type RunSetup } from '../../src/core/runSetup.ts';
import { createSeededNetwork, train } from '../../src/core/training.ts';
import { toExamples } from '../../src/data/dataSet.ts';
import { runSplits } from '../../src/data/runSplits.ts';
import { loadCatvnoncat } from './catvnoncat.ts';

export type CoursePreset = 'Course: logistic regression' | 'Course: 2-layer' | 'Course: 4-layer';

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

/** A course preset as the app runs it; `epochs` shortens it. */
export async function runCourse(
  name: CoursePreset,
  { epochs, kernel = courseKernel() }: { epochs?: number; kernel?: Kernel } = {},
): Promise<CourseResult> {
  const dataSet = await loadCatvnoncat();
  const setup: RunSetup = { ...preset(name), ...(epochs ? { epochs } : {}) };
  const splits = runSplits(dataSet, setup);
  const config = trainingConfigFor(setup);
  const architecture = architectureFor(setup, {
    inputSize: dataSet.width * dataSet.height * 3,
    classCount: 2,
  });
  const { network, random } = createSeededNetwork(architecture, config, kernel);
  const examples = toExamples(splits.train, dataSet.width, dataSet.height);
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
    testAccuracy: evaluate(network, toExamples(splits.test!, dataSet.width, dataSet.height), 2).accuracy,
  };
  network.dispose();
  console.log(
    `${name}, ${setup.epochs} iterations (${kernel.name} kernel): cost at iteration 0 ${costs[0]!.toFixed(6)}, at iteration ${costs.length - 1} ${costs.at(-1)!.toFixed(6)}, ` +
      `after training ${result.finalCost.toFixed(6)}, ` +
      `train accuracy ${(result.trainAccuracy * 100).toFixed(2)}%, test accuracy ${(result.testAccuracy * 100).toFixed(2)}%`,
  );
  return result;
}
