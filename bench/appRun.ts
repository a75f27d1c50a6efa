/**
 * W7, the app end to end: the "Course: 4-layer" preset started through the
 * backend's own API (as both hosts call it) on the real trainer process, timed
 * from the start request to the run's finished event, the data set already open
 * in a trainer just started, as after a user opens a folder. Beside it, in the
 * same round so that the machine's load falls on all alike: the command line's
 * whole time for the same run (node started, images decoded, trained, evaluated,
 * model written), its start-up (the same command for one epoch, less one W1
 * iteration), and W1 on the parallel kernel in this process.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppEvent, RunRecord } from '../src/api/contract.ts';
import { Backend } from '../src/backend/backend.ts';
import { forkTrainer } from '../src/backend/childTrainer.ts';
import { TrainerClient, type TrainerEvent } from '../src/backend/trainerClient.ts';
import type { Examples } from '../src/core/examples.ts';
import { preset } from '../src/core/presets.ts';
import type { RunSetup } from '../src/core/runSetup.ts';
import type { ParallelKernel } from '../src/trainer/parallelKernel.ts';
import { CATVNONCAT_DIR } from '../test/helpers/catvnoncat.ts';
import type { OverheadCosts } from './appOverhead.ts';
import { fullBatchMs } from './whiskerPeer.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const WHISKER = path.join(here, '../bin/whisker.mjs');
const PRESET = 'Course: 4-layer';

/** What the trainer sent the backend during the run, besides the points every epoch brings. */
export interface AppMessages {
  /** messages of the loop's points (coalesced, at most one per 50 ms) */
  readonly messages: number;
  readonly epochs: number;
  /** messages that carried a copy of the weights (about one a second) */
  readonly weightSnapshots: number;
  readonly inspections: number;
  /** inspections that carried the first layer's pictures (at most one a second) */
  readonly pictures: number;
}

export interface AppRound {
  readonly epochs: number;
  /** start request to the finished event */
  readonly appMs: number;
  /** the command line's whole run, and its run for one epoch */
  readonly cliMs: number;
  readonly cliOneEpochMs: number;
  /** W1 on the parallel kernel, ms per iteration */
  readonly w1Ms: number;
  readonly messages: AppMessages;
  /** accuracies the app and the command line reached: the same run gives the same numbers */
  readonly app: { train: number; test: number };
  readonly cli: { train: number; test: number };
}

/** One run of the preset through the backend, on a trainer started for it. */
async function appRun(setup: RunSetup): Promise<{ ms: number; messages: AppMessages; run: RunRecord }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'whisker-w7-'));
  const trainer = new TrainerClient(forkTrainer);
  // The CLI trains no baseline logistic regression first; the app's first run on a data set does.
  const backend = new Backend({ dataDir, trainer, baseline: false });
  const counts = { messages: 0, epochs: 0, weightSnapshots: 0, inspections: 0, pictures: 0 };
  const counting = trainer.onEvent((event: TrainerEvent) => {
    if (event.type === 'points') {
      counts.messages++;
      counts.epochs += event.points.filter((point) => point.type === 'epoch').length;
      if (event.params) counts.weightSnapshots++;
    } else if (event.type === 'inspection') {
      counts.inspections++;
      if (event.firstLayer.units > 0) counts.pictures++;
    }
  });
  try {
    await backend.request('openFolder', { path: CATVNONCAT_DIR });
    const finished = new Promise<RunRecord>((resolve, reject) => {
      backend.onEvent((event: AppEvent) => {
        if (event.type === 'runFinished') resolve(event.run);
        else if (event.type === 'runFailed')
          reject(new Error(`W7: the run failed: ${event.run.explanation}`));
      });
    });
    const started = performance.now();
    await backend.request('startTraining', { setup });
    const run = await finished;
    return { ms: performance.now() - started, messages: counts, run };
  } finally {
    counting();
    await backend.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** `whisker train` on the same folder with the same setup, timed from spawning node to its exit. */
async function cliRun(epochs: number): Promise<{ ms: number; train: number; test: number }> {
  const folder = await mkdtemp(path.join(tmpdir(), 'whisker-w7-cli-'));
  const args = [WHISKER, 'train', CATVNONCAT_DIR, '--out', path.join(folder, 'model.safetensors')];
  args.push('--epochs', String(epochs), '--print-every', String(epochs));
  try {
    const started = performance.now();
    const { code, stdout, stderr } = await new Promise<{
      code: number | null;
      stdout: string;
      stderr: string;
    }>((resolve, reject) => {
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    const ms = performance.now() - started;
    const accuracies = /Train accuracy ([\d.]+)%.*test accuracy ([\d.]+)%/.exec(stdout);
    if (code !== 0 || !accuracies) throw new Error(`W7: whisker train failed (${code}): ${stderr || stdout}`);
    return { ms, train: Number(accuracies[1]) / 100, test: Number(accuracies[2]) / 100 };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** The preset as W7 runs it: its own length unless `epochs` shortens it. */
export function appSetup(epochs?: number): RunSetup {
  const setup = preset(PRESET);
  return { ...setup, epochs: epochs ?? setup.epochs };
}

/** One round: W1, the command line for one epoch and for all, the app. */
export async function appRound(
  kernel: ParallelKernel,
  examples: Examples,
  iterations: number,
  setup: RunSetup,
): Promise<AppRound> {
  const w1Ms = fullBatchMs(kernel, examples, iterations).ms;
  const one = await cliRun(1);
  const cli = await cliRun(setup.epochs);
  const app = await appRun(setup);
  const metrics = app.run.metrics;
  return {
    epochs: setup.epochs,
    appMs: app.ms,
    cliMs: cli.ms,
    cliOneEpochMs: one.ms,
    w1Ms,
    messages: app.messages,
    app: { train: metrics.trainAccuracy ?? NaN, test: metrics.testAccuracy ?? NaN },
    cli: { train: cli.train, test: cli.test },
  };
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

/** The points a message carried, on average, in the rounds. */
export function pointsPerMessage(rounds: readonly AppRound[]): number {
  // a full-batch epoch brings two points: its one batch's and its own
  return Math.max(1, Math.round(median(rounds.map((r) => (2 * r.epochs) / r.messages.messages))));
}

/** The rounds' medians, the ratios the issue asks for, and where the app's time beyond W1 × iterations goes. */
export function describeAppRounds(rounds: readonly AppRound[], costs: OverheadCosts): string[] {
  const of = (pick: (round: AppRound) => number) => median(rounds.map(pick));
  const { epochs, app, cli } = rounds[0]!;
  const appS = of((r) => r.appMs) / 1000;
  const cliS = of((r) => r.cliMs) / 1000;
  const w1 = of((r) => r.w1Ms);
  const rest = of((r) => r.cliOneEpochMs - r.w1Ms) / 1000;
  const trainingS = (w1 * epochs) / 1000;
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const counts = {
    messages: of((r) => r.messages.messages),
    weightSnapshots: of((r) => r.messages.weightSnapshots),
    inspections: of((r) => r.messages.inspections),
    pictures: of((r) => r.messages.pictures),
  };
  const parts = [
    ['messages of points', counts.messages, costs.pointsMessage],
    ['weight snapshots', counts.weightSnapshots, costs.weightSnapshot],
    ['inspections', counts.inspections, costs.inspection],
    ["first layer's pictures", counts.pictures, costs.pictures],
    ['evaluation and the model at the end', 1, costs.finish],
  ] as const;
  const accounted = parts.reduce((sum, [, count, ms]) => sum + (count * ms) / 1000, 0);
  const share = (seconds: number) => `${((100 * seconds) / trainingS).toFixed(1)}%`;
  return [
    `W7 "${PRESET}" (${epochs} full-batch iterations), medians of ${rounds.length} rounds: ` +
      `app ${appS.toFixed(2)} s from the start request to the finished event; ` +
      `command line ${cliS.toFixed(2)} s, of which ${rest.toFixed(2)} s is not iterations (node, decoding the images, ` +
      `the kernel; evaluation, the model written); W1 ${w1.toFixed(2)} ms × ${epochs} = ${trainingS.toFixed(2)} s`,
    `  app / command line ${(appS / cliS).toFixed(2)}×; app / (W1 × iterations) ${(appS / trainingS).toFixed(2)}×; ` +
      `command line / (W1 × iterations + the rest) ${(cliS / (trainingS + rest)).toFixed(2)}×`,
    '  each round (app, command line, W1 × iterations, in s): ' +
      rounds
        .map((r) =>
          [r.appMs / 1000, r.cliMs / 1000, (r.w1Ms * epochs) / 1000].map((s) => s.toFixed(1)).join(' / '),
        )
        .join('; '),
    `  train / test accuracy: app ${pct(app.train)} / ${pct(app.test)}, command line ${pct(cli.train)} / ${pct(cli.test)}`,
    `  the app's time beyond W1 × iterations, ${(appS - trainingS).toFixed(2)} s (${share(appS - trainingS)}): ` +
      parts
        .map(([what, count, ms]) => `${what} ${count} × ${ms.toFixed(2)} ms = ${share((count * ms) / 1000)}`)
        .join(', ') +
      `; the remaining ${share(appS - trainingS - accounted)}: the trainer's first iterations before its WebAssembly ` +
      'is optimised, turns of its event loop, the run saved to the history, and the cores shared with the backend',
  ];
}
