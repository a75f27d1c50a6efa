/**
 * W3: importing a generated folder of 10,000 PNG images (two classes of
 * 128×128 pictures), seconds and peak resident memory. The folder is made
 * once and kept in the system's temporary folder for later runs.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { Random } from '../src/core/random.ts';
import { importFolder } from '../src/data/folder.ts';

const SIZE = 128;
const CLASSES = ['bright', 'dark'];

async function generate(folder: string, count: number): Promise<void> {
  const random = new Random(10_000);
  const done = path.join(folder, '.complete');
  if (existsSync(done)) return;
  for (const name of CLASSES) mkdirSync(path.join(folder, name), { recursive: true });
  const pixels = Buffer.alloc(SIZE * SIZE * 3);
  for (let i = 0; i < count; i++) {
    const label = i % 2;
    const base = label === 0 ? 150 : 30;
    // Smooth gradients with noise: compresses like a photo, not like a flat colour.
    for (let p = 0; p < pixels.length; p++) pixels[p] = base + ((p >> 5) % 64) + random.below(40);
    const file = path.join(folder, CLASSES[label]!, `${String(i).padStart(5, '0')}.png`);
    await sharp(pixels, { raw: { width: SIZE, height: SIZE, channels: 3 } })
      .png()
      .toFile(file);
  }
  writeFileSync(done, '');
}

export interface ImportResult {
  readonly images: number;
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly baselineRssMb: number;
}

export async function benchImport(count = 10_000): Promise<ImportResult> {
  const folder = path.join(tmpdir(), `whisker-bench-${count}-png`);
  await generate(folder, count);
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const dataSet = await importFolder(folder, { split: { testFraction: 0 } });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return {
    images: dataSet.train.labels.length,
    seconds,
    peakRssMb: peak / 2 ** 20,
    baselineRssMb: baseline / 2 ** 20,
  };
}
