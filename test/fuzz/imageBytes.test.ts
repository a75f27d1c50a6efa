/**
 * Fuzzing the image pipeline: valid PNG, JPEG, WebP and GIF files (still and
 * animated, with alpha, grey, 16-bit, progressive, lossless), mutated byte by
 * byte, cut short, spliced and lengthened, or rewritten to claim other sizes.
 * Each file, read and decoded as an import reads it, is either decoded to
 * exactly the pixels asked for or skipped with a reason, within a time bound;
 * never a crash, a hang, or an error of another kind.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, type Fit } from '../../src/data/decode.ts';
import { ImageError } from '../../src/data/imageFile.ts';
import { importFolder } from '../../src/data/folder.ts';
import { imageSeeds, mutate, mutation, type ImageSeed } from '../helpers/hostileImages.ts';
import { fuzzParameters, fuzzTimeout, Tally } from './budget.ts';

const BOUNDED_FILES = 200;
const BOUNDED_FOLDERS = 4;
const MS_PER_FILE = 5000;

let dir: string;
let seeds: ImageSeed[];

const decodeSize = fc.record({
  width: fc.integer({ min: 1, max: 64 }),
  height: fc.integer({ min: 1, max: 64 }),
  fit: fc.constantFrom<Fit>('stretch', 'crop', 'letterbox'),
});

/** Keeps a file that failed in test-results/fuzz/, to replay it; returns its path. */
async function keep(bytes: Buffer, name: string): Promise<string> {
  const folder = path.resolve('test-results', 'fuzz');
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, `${Date.now()}-${name}`);
  await writeFile(file, bytes);
  return file;
}

/** Fails, instead of hanging, when there is no answer in time. */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'whisker-fuzz-images-'));
  seeds = await imageSeeds();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the image pipeline, fuzzed', () => {
  it(
    'decodes each mutated image file to the pixels asked for, or skips it with a reason, in bounded time',
    async () => {
      const tally = new Tally();
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.nat(),
          fc.array(mutation, { minLength: 1, maxLength: 3 }),
          decodeSize,
          async (which, mutations, size) => {
            const seed = seeds[which % seeds.length]!;
            const file = path.join(dir, `${n++}-${seed.name}`);
            const bytes = mutate(seed.bytes, mutations);
            await writeFile(file, bytes);
            try {
              const pixels = await within(MS_PER_FILE, decodeImage(file, size));
              expect(pixels.length).toBe(size.width * size.height * 3);
              tally.add(`decoded (${path.extname(seed.name)})`);
            } catch (error) {
              if (!(error instanceof ImageError) || error.reason.length === 0) {
                throw new Error(`${await keep(bytes, seed.name)} (${JSON.stringify(size)}): ${error}`, {
                  cause: error,
                });
              }
              tally.add('skipped with a reason');
            } finally {
              await rm(file, { force: true });
            }
          },
        ),
        fuzzParameters(BOUNDED_FILES),
      );
      console.log(tally.report('image files', n));
    },
    fuzzTimeout(BOUNDED_FILES, 100),
  );

  it(
    'imports a folder of mutated images with every file either read or listed as skipped with a reason',
    async () => {
      const tally = new Tally();
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 2 })), {
            minLength: 1,
            maxLength: 12,
          }),
          async (files) => {
            const root = path.join(dir, `folder-${n++}`);
            // one sound image per class, so the import itself can succeed
            for (const name of ['a', 'b']) {
              await mkdir(path.join(root, name), { recursive: true });
              await writeFile(path.join(root, name, `sound-${seeds[0]!.name}`), seeds[0]!.bytes);
            }
            const written = files.map(([which, mutations], i) => {
              const seed = seeds[which % seeds.length]!;
              return { file: path.join(root, i % 2 ? 'a' : 'b', `${i}-${seed.name}`), seed, mutations };
            });
            for (const { file, seed, mutations } of written)
              await writeFile(file, mutate(seed.bytes, mutations));
            try {
              const dataSet = await within(
                MS_PER_FILE * (files.length + 2),
                importFolder(root, { decode: { width: 8, height: 8 }, split: { testFraction: 0 } }),
              );
              const read = new Set(dataSet.train.files);
              const skipped = new Map(dataSet.skipped.map((s) => [s.file, s.reason]));
              for (const { file } of written) {
                expect(read.has(file) !== skipped.has(file), file).toBe(true);
                if (skipped.has(file)) expect(skipped.get(file)!.length).toBeGreaterThan(0);
              }
              expect(dataSet.train.pixels.length).toBe(read.size * 8 * 8 * 3);
              tally.add('mutated files read', written.filter(({ file }) => read.has(file)).length);
              tally.add(
                'mutated files skipped with a reason',
                written.filter(({ file }) => skipped.has(file)).length,
              );
            } finally {
              await rm(root, { recursive: true, force: true });
            }
          },
        ),
        fuzzParameters(BOUNDED_FOLDERS),
      );
      console.log(tally.report('image folders', n));
    },
    fuzzTimeout(BOUNDED_FOLDERS, 2000),
  );
});
