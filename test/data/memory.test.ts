import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, expect, it } from 'vitest';
import { Random } from '../../src/core/random.ts';
import { withModuleFile } from '../helpers/moduleFile.ts';

const IMAGES = 10_000;
let root: string | undefined;
afterAll(() => (root ? rm(root, { recursive: true, force: true }) : undefined));

const WARM_UP = 500;

/**
 * Imports `folder` in a fresh Node process and reports its resident memory before and at its peak.
 * "Before" is after decoding WARM_UP of its images: the image library's own working memory (for
 * sharp's WebAssembly build, its heap and compiled code, some 150 MB) is there whatever the folder.
 */
async function importInChild(
  folder: string,
): Promise<{ images: number; baselineMb: number; peakMb: number }> {
  const script = `
    import { readdir } from 'node:fs/promises';
    import path from 'node:path';
    import { decodeImage } from ${JSON.stringify(path.resolve('src/data/decode.ts'))};
    import { importFolder } from ${JSON.stringify(path.resolve('src/data/folder.ts'))};
    import { runPool } from ${JSON.stringify(path.resolve('src/data/pool.ts'))};
    const some = path.join(${JSON.stringify(folder)}, 'a');
    const warmUp = (await readdir(some)).slice(0, ${WARM_UP}).map((name) => path.join(some, name));
    await runPool(warmUp, async (file) => void (await decodeImage(file)));
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const dataSet = await importFolder(${JSON.stringify(folder)});
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    const images = dataSet.train.labels.length + (dataSet.test?.labels.length ?? 0);
    console.log(JSON.stringify({ images, baselineMb: baseline / 2 ** 20, peakMb: peak / 2 ** 20 }));`;
  const run = await withModuleFile(script, (file) =>
    spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8' }),
  );
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!);
}

it('imports a folder of 10,000 images with memory bounded by the decoded pixels, not the files', async () => {
  root = await mkdtemp(path.join(tmpdir(), 'whisker-10k-'));
  const random = new Random(7);
  const side = 96;
  const pixels = Buffer.alloc(side * side * 3);
  for (const name of ['a', 'b']) await mkdir(path.join(root, name));
  for (let i = 0; i < IMAGES; i++) {
    for (let p = 0; p < pixels.length; p++) pixels[p] = (p >> 4) + random.below(32);
    await sharp(pixels, { raw: { width: side, height: side, channels: 3 } })
      .png({ compressionLevel: 1 })
      .toFile(path.join(root, i % 2 ? 'a' : 'b', `${i}.png`));
  }
  const result = await importInChild(root);
  expect(result.images).toBe(IMAGES);
  // One decoded copy is 10,000 × 64×64×3 bytes = 117 MiB, and the split moves images within it. A
  // second copy (a split made by copying), every file, or every image at its full 96×96 would pass this bound.
  const decodedMb = (IMAGES * 64 * 64 * 3) / 2 ** 20;
  console.log(
    `10,000 images: resident memory ${result.baselineMb.toFixed(0)} MB before, ${result.peakMb.toFixed(0)} MB at the peak`,
  );
  expect(result.peakMb - result.baselineMb).toBeLessThan(decodedMb + 100);
}, 180_000);
