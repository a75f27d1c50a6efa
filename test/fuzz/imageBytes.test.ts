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
import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, ImageError, type Fit } from '../../src/data/decode.ts';
import { importFolder } from '../../src/data/folder.ts';
import { gradientPixels } from '../helpers/images.ts';
import { fuzzParameters, fuzzTimeout, Tally } from './budget.ts';

const BOUNDED_FILES = 200;
const BOUNDED_FOLDERS = 4;
const MS_PER_FILE = 5000;

let dir: string;
let seeds: { name: string; bytes: Buffer }[];

async function makeSeeds(): Promise<{ name: string; bytes: Buffer }[]> {
  const [w, h] = [16, 12];
  const rgb = () => sharp(gradientPixels(w, h, 3), { raw: { width: w, height: h, channels: 3 } });
  const rgba = Buffer.alloc(w * h * 4);
  for (let i = 0; i < rgba.length; i++) rgba[i] = (i * 37) % 256;
  const frames = Buffer.concat([gradientPixels(w, h, 1), gradientPixels(w, h, 90)]);
  const animated = () => sharp(frames, { raw: { width: w, height: 2 * h, channels: 3, pageHeight: h } });
  return [
    { name: 'rgb.png', bytes: await rgb().png().toBuffer() },
    {
      name: 'alpha.png',
      bytes: await sharp(rgba, { raw: { width: w, height: h, channels: 4 } })
        .png()
        .toBuffer(),
    },
    { name: 'grey16.png', bytes: await rgb().greyscale().toColourspace('grey16').png().toBuffer() },
    { name: 'palette.png', bytes: await rgb().png({ palette: true }).toBuffer() },
    { name: 'baseline.jpg', bytes: await rgb().jpeg({ quality: 80 }).toBuffer() },
    { name: 'progressive.jpg', bytes: await rgb().jpeg({ progressive: true }).toBuffer() },
    { name: 'lossy.webp', bytes: await rgb().webp().toBuffer() },
    { name: 'lossless.webp', bytes: await rgb().webp({ lossless: true }).toBuffer() },
    { name: 'animated.webp', bytes: await animated().webp().toBuffer() },
    { name: 'still.gif', bytes: await rgb().gif().toBuffer() },
    { name: 'animated.gif', bytes: await animated().gif({ loop: 0 }).toBuffer() },
  ];
}

/** A PNG whose IHDR claims another size, with its CRC made right so that only the size lies. */
function pngClaiming(png: Buffer, width: number, height: number): Buffer {
  if (png.length < 33 || png.subarray(12, 16).toString('latin1') !== 'IHDR') return png;
  const out = Buffer.from(png);
  out.writeUInt32BE(width, 16);
  out.writeUInt32BE(height, 20);
  out.writeUInt32BE(crc32(out.subarray(12, 29)), 29);
  return out;
}

type Mutation = (bytes: Buffer) => Buffer;

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc
    .array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 16 })
    .map((flips) => (bytes: Buffer) => {
      const out = Buffer.from(bytes);
      for (const [at, value] of flips) out[at % out.length] = value;
      return out;
    }),
  fc.nat().map((at) => (bytes: Buffer) => bytes.subarray(0, at % bytes.length)),
  fc
    .tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 256 }))
    .map(([at, chunk]) => (bytes: Buffer) => {
      const cut = at % bytes.length;
      return Buffer.concat([bytes.subarray(0, cut), chunk, bytes.subarray(cut)]);
    }),
  fc
    .tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 64 }))
    .map(([from, to, length]) => (bytes: Buffer) => {
      const start = from % bytes.length;
      const chunk = bytes.subarray(start, start + length);
      const cut = to % bytes.length;
      return Buffer.concat([bytes.subarray(0, cut), chunk, bytes.subarray(cut)]);
    }),
  // a 16- or 32-bit field somewhere (sizes, lengths, offsets) set to an edge value
  fc
    .tuple(fc.nat(), fc.constantFrom(0, 1, 0x7fff, 0xffff, 0x3fff, 0x7fffffff, 0xffffffff), fc.boolean())
    .map(([at, value, wide]) => (bytes: Buffer) => {
      const out = Buffer.from(bytes);
      const size = wide ? 4 : 2;
      if (out.length < size) return out;
      const position = at % (out.length - size + 1);
      if (wide) out.writeUInt32BE(value >>> 0, position);
      else out.writeUInt16BE(value & 0xffff, position);
      return out;
    }),
  fc.tuple(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 2 ** 31 - 1 })).map(
    ([width, height]) =>
      (bytes: Buffer) =>
        pngClaiming(bytes, width, height),
  ),
);

const decodeSize = fc.record({
  width: fc.integer({ min: 1, max: 64 }),
  height: fc.integer({ min: 1, max: 64 }),
  fit: fc.constantFrom<Fit>('stretch', 'crop', 'letterbox'),
});

function mutate(bytes: Buffer, mutations: Mutation[]): Buffer {
  return mutations.reduce((b, m) => (b.length === 0 ? b : m(b)), bytes);
}

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
  seeds = await makeSeeds();
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
