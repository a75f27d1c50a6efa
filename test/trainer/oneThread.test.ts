/**
 * A trainer in a process without shared memory, or where worker threads cannot start (as a
 * utility process might be, were Chromium to withhold them), says so when it is ready, computes
 * on one thread, and trains: it never waits on helper threads that cannot exist.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { forkTrainer } from '../../src/backend/childTrainer.ts';
import { TrainerClient, type TrainerEvent } from '../../src/backend/trainerClient.ts';
import { preset } from '../../src/core/presets.ts';

/** A module the trainer imports before its own code: it takes something away from the process. */
const before = (source: string) => `data:text/javascript,${encodeURIComponent(source)}`;

// (V8's --no-harmony-sharedarraybuffer would also take it from tsx, which runs the trainer here)
const NO_SHARED_MEMORY = before('delete globalThis.SharedArrayBuffer;');
const NO_WORKERS = before(`
import threads from 'node:worker_threads';
import { syncBuiltinESMExports } from 'node:module';
threads.Worker = class {
  constructor() {
    throw new Error('workers are not allowed in this process');
  }
};
syncBuiltinESMExports();
`);

const clients: TrainerClient[] = [];
afterAll(() => clients.forEach((client) => client.kill()));

/** Starts a trainer without `what`, reads the sample data and trains a small run to its end. */
async function trainWithout(what: string) {
  const client = new TrainerClient(() => forkTrainer([what]));
  clients.push(client);
  const ended = new Promise<Extract<TrainerEvent, { type: 'runEnded' }>>((resolve) =>
    client.onEvent((event) => {
      if (event.type === 'runEnded') resolve(event);
    }),
  );
  await client.request({ kind: 'loadSample', seed: 1, perClass: 20 });
  await client.request({
    kind: 'startRun',
    runId: 'one-thread',
    setup: {
      ...preset('Quick: one hidden layer, Adam'),
      hidden: [{ units: 8, activation: 'relu' }],
      epochs: 3,
    },
    datasetHash: 'h',
  });
  return { kernel: client.kernel, ended: await ended };
}

describe('a trainer that cannot run threads over shared memory', () => {
  it('where there is no shared memory: one thread without SIMD, saying why, and trains', async () => {
    const { kernel, ended } = await trainWithout(NO_SHARED_MEMORY);
    expect(kernel).toEqual({
      name: 'TypeScript float32',
      threads: 1,
      simd: false,
      relaxedSimd: false,
      fallback: 'there is no shared memory (SharedArrayBuffer)',
    });
    expect(ended).toMatchObject({ runId: 'one-thread', status: 'completed' });
  }, 60_000);

  it('where worker threads cannot start: one thread with SIMD, saying why, and trains', async () => {
    const { kernel, ended } = await trainWithout(NO_WORKERS);
    // the trainer runs with relaxed SIMD: its fused multiply-add build
    expect(kernel).toEqual({
      name: 'WebAssembly relaxed SIMD (FMA)',
      threads: 1,
      simd: true,
      relaxedSimd: true,
      fallback: 'worker threads cannot be started here (workers are not allowed in this process)',
    });
    expect(ended).toMatchObject({ runId: 'one-thread', status: 'completed' });
  }, 60_000);
});
