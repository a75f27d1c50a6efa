/**
 * One leg of W3's training, run as the app runs it, in a process of its own
 * so that its memory is its own: the backend (this process) opens a folder
 * through its API, the trainer process decodes it, and one run of the
 * "Course: 4-layer" preset trains on it. Prints one JSON line: the seconds of
 * the import and of the run, the decoded pixels' bytes, and the peak resident
 * memory of this process and of the trainer.
 *   node --import tsx bench/scaleRun.ts <folder> <batch size, 0 for full batch>
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AppEvent, DataSetSummary } from '../src/api/contract.ts';
import { Backend } from '../src/backend/backend.ts';
import { forkTrainer } from '../src/backend/childTrainer.ts';
import { TrainerClient } from '../src/backend/trainerClient.ts';
import { preset } from '../src/core/presets.ts';
import type { RunSetup } from '../src/core/runSetup.ts';

export interface ScaleLeg {
  readonly images: number;
  readonly decodedBytes: number;
  readonly importSeconds: number;
  readonly trainSeconds: number;
  /** peak resident memory, bytes */
  readonly hostPeak: number;
  readonly trainerPeak: number;
}

/** A process's peak resident memory so far (Linux's VmHWM), in bytes. */
async function peakResident(pid: number | 'self'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmHWM:\s+(\d+) kB/m.exec(status);
  if (!kb) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(kb[1]) * 1024;
}

/** This process's trainer: the child running trainer/main.ts (tsx starts an esbuild child too). */
async function trainerPid(): Promise<number> {
  const pids: number[] = [];
  for (const task of await readdir('/proc/self/task')) {
    const listed = await readFile(`/proc/self/task/${task}/children`, 'utf8');
    for (const pid of listed.split(' ').filter(Boolean).map(Number)) {
      const command = await readFile(`/proc/${pid}/cmdline`, 'utf8');
      if (command.includes('trainer/main.ts')) pids.push(pid);
    }
  }
  if (pids.length !== 1) throw new Error(`expected one trainer process, found ${pids.length}`);
  return pids[0]!;
}

async function leg(folder: string, batchSize: number): Promise<ScaleLeg> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'whisker-w3-'));
  const trainer = new TrainerClient(forkTrainer);
  const backend = new Backend({ dataDir, trainer, baseline: false });
  try {
    let started = performance.now();
    const summary = (await backend.request('openFolder', {
      path: folder,
      testFraction: 0,
    })) as DataSetSummary;
    const importSeconds = (performance.now() - started) / 1000;
    const setup: RunSetup = { ...preset('Course: 4-layer'), batchSize, epochs: 1 };
    const finished = new Promise<void>((resolve, reject) =>
      backend.onEvent((event: AppEvent) => {
        if (event.type === 'runFinished') resolve();
        else if (event.type === 'runFailed') reject(new Error(`the run failed: ${event.run.explanation}`));
      }),
    );
    started = performance.now();
    await backend.request('startTraining', { setup });
    await finished;
    const trainSeconds = (performance.now() - started) / 1000;
    const images = summary.counts.reduce((sum, c) => sum + c.train + c.validation + c.test, 0);
    return {
      images,
      decodedBytes: images * summary.width * summary.height * 3,
      importSeconds,
      trainSeconds,
      hostPeak: await peakResident('self'),
      trainerPeak: await peakResident(await trainerPid()),
    };
  } finally {
    await backend.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const [folder, batchSize] = process.argv.slice(2);
console.log(JSON.stringify(await leg(folder!, Number(batchSize))));
