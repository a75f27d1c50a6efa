/**
 * W3's training leg: the app (backend and trainer process) on generated 64×64
 * images, one epoch of the "Course: 4-layer" preset in mini-batches of 64 on
 * 50,000 of them, and one full-batch iteration on 10,000; each leg in fresh
 * processes (bench/scaleRun.ts), timed, with the peak resident memory of every
 * Whisker process, held to 1.5 × the decoded pixels' bytes + 300 MB.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedFolder } from './generatedImages.ts';
import type { ScaleLeg } from './scaleRun.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const MB = 2 ** 20;

/** The bound on all Whisker processes' memory together, for this many decoded bytes. */
export function memoryBound(decodedBytes: number): number {
  return 1.5 * decodedBytes + 300 * MB;
}

async function runLeg(folder: string, batchSize: number): Promise<ScaleLeg> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(here, 'scaleRun.ts'), folder, String(batchSize)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`W3: the training leg on ${folder} failed (exit ${code})`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as ScaleLeg;
}

export interface ScaleResult {
  readonly what: string;
  readonly leg: ScaleLeg;
}

export async function benchTrainingScale(
  miniBatchImages = 50_000,
  fullBatchImages = 10_000,
): Promise<ScaleResult[]> {
  const many = await generatedFolder(miniBatchImages, 64);
  const fewer = await generatedFolder(fullBatchImages, 64);
  return [
    {
      what: `one epoch in batches of 64 on ${miniBatchImages.toLocaleString('en')} images`,
      leg: await runLeg(many, 64),
    },
    {
      what: `one full-batch iteration on ${fullBatchImages.toLocaleString('en')} images`,
      leg: await runLeg(fewer, 0),
    },
  ];
}

export function describeScale({ what, leg }: ScaleResult): string {
  const peak = leg.hostPeak + leg.trainerPeak;
  const bound = memoryBound(leg.decodedBytes);
  return (
    `W3 training, ${what} (64×64, the app's backend and trainer): import ${leg.importSeconds.toFixed(1)} s, ` +
    `run ${leg.trainSeconds.toFixed(1)} s (start to finished, evaluation included); peak resident memory ` +
    `${(peak / MB).toFixed(0)} MB (backend ${(leg.hostPeak / MB).toFixed(0)} + trainer ${(leg.trainerPeak / MB).toFixed(0)}), ` +
    `${(leg.decodedBytes / MB).toFixed(0)} MB of decoded pixels, bound ${(bound / MB).toFixed(0)} MB: ` +
    (peak <= bound ? 'within it' : 'OVER it')
  );
}
