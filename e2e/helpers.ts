/** Files the specs make for themselves, and where the course data set is. */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { setupFromOptions, TRAINING_OPTIONS, type TrainingValues } from '../src/cli/trainingOptions.ts';
import type { Architecture } from '../src/core/architecture.ts';
import { modelFromNetwork } from '../src/core/model.ts';
import { encodeModel } from '../src/core/modelFile.ts';
import type { RunSetup } from '../src/core/runSetup.ts';
import { createSeededNetwork } from '../src/core/training.ts';

export const CATS = path.resolve(
  process.env['WHISKER_CATVNONCAT'] ?? path.join(import.meta.dirname, '../../shared/datasets/catvnoncat'),
);
export const catsAvailable = existsSync(path.join(CATS, 'train'));

/** A temporary folder for the test, removed after `use`. */
export async function inTemporaryFolder<T>(prefix: string, use: (folder: string) => Promise<T>): Promise<T> {
  const folder = await mkdtemp(path.join(tmpdir(), `whisker-${prefix}-`));
  try {
    return await use(folder);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** A folder of class folders, each holding `count` flat PNGs of its own shade, size × size. */
export async function classFolders(
  root: string,
  classes: Record<string, number>,
  { count, size }: { count: number; size: number },
): Promise<void> {
  for (const [name, shade] of Object.entries(classes)) {
    await mkdir(path.join(root, name), { recursive: true });
    for (let i = 0; i < count; i++) {
      await sharp(Buffer.alloc(size * size * 3, shade + i), {
        raw: { width: size, height: size, channels: 3 },
      })
        .png()
        .toFile(path.join(root, name, `${i}.png`));
    }
  }
}

/** A light circle on a dark 64×64 background, like the sample data's circles. */
export function circlePhoto(): Promise<Buffer> {
  return sharp(Buffer.alloc(64 * 64 * 3, 20), { raw: { width: 64, height: 64, channels: 3 } })
    .composite([
      {
        input: Buffer.from(
          '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="18" fill="#eee"/></svg>',
        ),
      },
    ])
    .png()
    .toBuffer();
}

export { writeFile };

/**
 * An untrained model file for 64×64 photos of circles, squares and triangles
 * (one hidden layer of 8 ReLUs, He-initialised from seed 1): a model to open
 * before any data set is.
 */
export async function untrainedShapesModel(file: string): Promise<void> {
  const architecture: Architecture = {
    inputSize: 64 * 64 * 3,
    layers: [
      { units: 8, activation: 'relu' },
      { units: 3, activation: 'softmax' },
    ],
    loss: 'softmaxCrossEntropy',
  };
  const { network } = createSeededNetwork(architecture, { initializer: 'he', seed: 1 });
  const model = modelFromNetwork(network, {
    input: { width: 64, height: 64, channels: 3, layout: 'HWC', scale: 1 / 255, fit: 'stretch' },
    classes: ['circle', 'square', 'triangle'],
    setup: null,
    metrics: null,
    datasetHash: null,
    createdAt: new Date(0).toISOString(),
  });
  await writeFile(file, encodeModel(model));
}

/** A run setup as the command line reads one (`whisker train --layers conv:4,maxpool,…`): each option's default unless given. */
export function setupAsCommandLine(values: TrainingValues): RunSetup {
  const defaults = Object.entries(TRAINING_OPTIONS).map(([name, option]) => [
    name,
    'default' in option ? option.default : undefined,
  ]);
  return setupFromOptions({ ...(Object.fromEntries(defaults) as TrainingValues), ...values });
}
