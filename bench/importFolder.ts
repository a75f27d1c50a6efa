/**
 * W3: importing a generated folder of 10,000 PNG images (two classes of
 * 128×128 pictures), seconds and peak resident memory.
 */
import { importFolder } from '../src/data/folder.ts';
import { generatedFolder } from './generatedImages.ts';

export interface ImportResult {
  readonly images: number;
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly baselineRssMb: number;
}

export async function benchImport(count = 10_000): Promise<ImportResult> {
  const folder = await generatedFolder(count, 128);
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
