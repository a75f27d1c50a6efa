/**
 * sharp's two builds, native and WebAssembly (the one Electron uses on Linux), decode the same
 * files to the same pixels and refuse the same files for the same reasons: the course data set,
 * and the image fuzzer's files with a fixed set of damages plus the hostile files of the tests.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecodeOptions } from '../../src/data/decode.ts';
import { catvnoncatAvailable, CATVNONCAT_DIR } from '../helpers/catvnoncat.ts';
import { decodeOutcomesWith } from '../helpers/decodeOutcomes.ts';
import { imageSeeds, mutate, mutation } from '../helpers/hostileImages.ts';
import { bmp, pngClaiming, truncatedJpeg } from '../helpers/images.ts';

const DAMAGED_FILES = 150;
const SIZES: DecodeOptions[] = [
  { width: 64, height: 64, fit: 'stretch' },
  { width: 31, height: 17, fit: 'crop' },
  { width: 20, height: 40, fit: 'letterbox' },
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'whisker-sharp-builds-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function bothBuilds(files: string[], sizes: DecodeOptions[]) {
  const [native, wasm] = await Promise.all([
    decodeOutcomesWith('native', files, sizes),
    decodeOutcomesWith('wasm', files, sizes),
  ]);
  expect([native.build, wasm.build]).toEqual(['native', 'wasm']);
  return { native: native.outcomes, wasm: wasm.outcomes };
}

describe('the native and the WebAssembly sharp builds', () => {
  it.skipIf(!catvnoncatAvailable)(
    'decode every image of the course data set to the same pixels, at its size and resized',
    async () => {
      const files: string[] = [];
      for (const split of ['train', 'test'])
        for (const label of ['cat', 'non-cat']) {
          const folder = path.join(CATVNONCAT_DIR, split, label);
          for (const name of (await readdir(folder)).sort()) files.push(path.join(folder, name));
        }
      expect(files.length).toBe(259);
      const { native, wasm } = await bothBuilds(files, SIZES);
      expect(Object.values(native).every((outcome) => outcome.startsWith('pixels '))).toBe(true);
      expect(wasm).toEqual(native);
    },
    120_000,
  );

  it('decode damaged and hostile files alike: the same pixels, or refused for the same reason', async () => {
    const seeds = await imageSeeds();
    const damages = fc.sample(fc.tuple(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3 })), {
      numRuns: DAMAGED_FILES,
      seed: 15,
    });
    const corpus = new Map<string, Buffer | string>([
      ...seeds.map(({ name, bytes }) => [name, bytes] as const),
      ...damages.map(([which, mutations], i) => {
        const seed = seeds[which % seeds.length]!;
        return [`${i}-${seed.name}`, mutate(seed.bytes, mutations)] as const;
      }),
      ['claims-16383-squared.png', await pngClaiming(16383, 16383)],
      ['truncated.jpg', await truncatedJpeg()],
      ['drawing.bmp', bmp()],
      // the WebAssembly build reads Radiance HDR files, the native one does not: Whisker refuses them in both
      ['sky.hdr', Buffer.from('#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 1 +X 1\n\x80\x80\x80\x80', 'latin1')],
      ['text.png', 'not an image at all'],
      ['empty.png', ''],
      ['drawing.png', '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'],
    ]);
    const files: string[] = [];
    for (const [name, bytes] of corpus) {
      files.push(path.join(dir, name));
      await writeFile(files.at(-1)!, bytes);
    }
    const { native, wasm } = await bothBuilds(files, SIZES.slice(0, 2));
    const decoded = Object.values(native).filter((outcome) => outcome.startsWith('pixels ')).length;
    expect(decoded).toBeGreaterThan(files.length / 4);
    expect(decoded).toBeLessThan(files.length * 2);
    expect(wasm).toEqual(native);
  }, 120_000);
});
