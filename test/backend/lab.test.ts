import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppEvent, MethodName, Params, Reply, RunSetup } from '../../src/api/contract.ts';
import { Backend } from '../../src/backend/backend.ts';
import { forkTrainer } from '../../src/backend/childTrainer.ts';
import { TrainerClient } from '../../src/backend/trainerClient.ts';
import { preset } from '../../src/core/presets.ts';

let dataDir: string;
let backend: Backend;
const events: AppEvent[] = [];

const setup = (overrides: Partial<RunSetup> = {}): RunSetup => ({
  ...preset('Quick: one hidden layer, Adam'),
  hidden: [{ units: 8, activation: 'relu' }],
  epochs: 3,
  ...overrides,
});

function ask<M extends MethodName>(
  method: M,
  params: Params<M> | Record<string, never> = {},
): Promise<Reply<M>> {
  return backend.request(method, params) as Promise<Reply<M>>;
}

/** Waits until `count` runs have ended (finished or failed), counting from now. */
function runsEnded(
  count: number,
  timeout = 60_000,
): Promise<Extract<AppEvent, { type: 'runFinished' | 'runFailed' }>[]> {
  const ended: Extract<AppEvent, { type: 'runFinished' | 'runFailed' }>[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${ended.length} of ${count} runs ended in time`)),
      timeout,
    );
    const off = backend.onEvent((event) => {
      if (event.type !== 'runFinished' && event.type !== 'runFailed') return;
      ended.push(event);
      if (ended.length < count) return;
      clearTimeout(timer);
      off();
      resolve(ended);
    });
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'whisker-lab-'));
  backend = new Backend({ dataDir, trainer: new TrainerClient(forkTrainer) });
  backend.onEvent((event) => events.push(event));
  await ask('loadSample', {});
}, 60_000);
afterAll(async () => {
  await backend.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the learning lab behind the contract', () => {
  it('trains a logistic regression first, once per data set and setup, as the reference for every network, and says so', async () => {
    const ended = runsEnded(2);
    expect((await ask('startTraining', { setup: setup() })).baseline).toBe('queued');
    const [baseline, network] = await ended;
    expect(baseline!.run).toMatchObject({
      name: 'Baseline: logistic regression',
      baseline: true,
      architecture: '12288 → 3 softmax',
      status: 'completed',
    });
    expect(network!.run).toMatchObject({ baseline: false, architecture: '12288 → 8 ReLU → 3 softmax' });
    expect(network!.run.dataSetHash).toMatch(/^[0-9a-f]{64}$/);
    expect(baseline!.run.dataSetHash).toBe(network!.run.dataSetHash);
    expect((await ask('state')).model?.architecture).toBe('12288 → 8 ReLU → 3 softmax');

    // the same data opened again, the same settings: not trained again
    await ask('loadSample', {});
    const again = runsEnded(1);
    expect((await ask('startTraining', { setup: setup() })).baseline).toBe('reused');
    expect((await again)[0]!.run.baseline).toBe(false);

    // asked not to
    const off = runsEnded(1);
    expect((await ask('startTraining', { setup: setup({ epochs: 2 }), baseline: false })).baseline).toBe(
      'off',
    );
    expect((await off)[0]!.run.baseline).toBe(false);
  }, 90_000);

  it('gives an experiment with other settings its own baseline, in the experiment, and finds it again after a restart', async () => {
    const ended = runsEnded(2);
    const reply = await ask('startExperiment', {
      name: 'Four epochs',
      runs: [{ setup: setup({ epochs: 4 }) }],
    });
    expect(reply).toEqual({ queued: 1, baseline: 'queued' });
    const [baseline] = await ended;
    expect(baseline!.run).toMatchObject({ baseline: true, experiment: 'Four epochs' });
    expect(baseline!.run.setup).toMatchObject({ epochs: 4, hidden: [], initializer: 'zeros' });

    const restarted = new Backend({ dataDir, trainer: new TrainerClient(forkTrainer) });
    try {
      await restarted.request('loadSample', {});
      const { baseline: plan } = (await restarted.request('startExperiment', {
        name: 'Four epochs again',
        runs: [{ setup: setup({ epochs: 4 }) }],
      })) as Reply<'startExperiment'>;
      expect(plan).toBe('reused');
      await restarted.request('stop', {});
    } finally {
      await restarted.close();
    }
  }, 90_000);

  it('looks inside the network while it trains: layers, first-layer images and findings', async () => {
    const inspections = events.filter(
      (e): e is Extract<AppEvent, { type: 'inspection' }> => e.type === 'inspection',
    );
    expect(inspections.length).toBeGreaterThan(0);
    const last = inspections.at(-1)!;
    expect(last.layers.map((l) => [l.layer, l.activation, l.units])).toEqual([
      [1, 'relu', 8],
      [2, 'softmax', 3],
    ]);
    expect(last.layers[0]!.deadFraction).toBeGreaterThanOrEqual(0);
    expect(last.firstLayer).toMatchObject({ units: 8, width: 64, height: 64 });
    expect(Buffer.from(last.firstLayer!.base64, 'base64')).toHaveLength(8 * 64 * 64 * 3);
    expect(Array.isArray(last.findings)).toBe(true);
  });

  it('queues an experiment, trains its runs one after another, and keeps them to reopen, rename and delete', async () => {
    const ended = runsEnded(3);
    const reply = await ask('startExperiment', {
      name: 'Initialisation',
      runs: ['he', 'xavierNormal', 'smallRandom'].map((initializer) => ({
        name: initializer,
        setup: setup({ initializer: initializer as RunSetup['initializer'] }),
      })),
    });
    expect(reply).toEqual({ queued: 3, baseline: 'reused' });
    const runs = (await ended).map((e) => e.run);
    expect(runs.map((r) => [r.name, r.experiment, r.setup.initializer])).toEqual([
      ['he', 'Initialisation', 'he'],
      ['xavierNormal', 'Initialisation', 'xavierNormal'],
      ['smallRandom', 'Initialisation', 'smallRandom'],
    ]);
    // the same seed: the runs differ only in what was varied
    const started = events.filter((e) => e.type === 'runStarted').slice(-3);
    expect(started.map((e) => (e.type === 'runStarted' ? e.waiting : -1))).toEqual([2, 1, 0]);

    const renamed = await ask('renameRun', { id: runs[0]!.id, name: 'He (ReLU)' });
    expect(renamed.run.name).toBe('He (ReLU)');
    const opened = await ask('openRun', { id: runs[1]!.id });
    expect(opened.model.setup).toMatchObject({ initializer: 'xavierNormal' });
    await ask('deleteRun', { id: runs[2]!.id });
    const listed = (await ask('listRuns')).runs;
    expect(listed.find((r) => r.id === runs[0]!.id)?.name).toBe('He (ReLU)');
    expect(listed.some((r) => r.id === runs[2]!.id)).toBe(false);
    await expect(ask('openRun', { id: runs[2]!.id })).rejects.toThrow(
      /there is no run|no such file|cannot be read/,
    );
  }, 90_000);

  it('drops the runs still waiting while the one going finishes, and names a run without a name after its network', async () => {
    const ended = runsEnded(1);
    const started = events.length;
    await ask('startExperiment', {
      name: 'Dropped',
      runs: [{ setup: setup() }, { setup: setup() }, { setup: setup() }],
    });
    expect(await ask('clearQueue')).toEqual({ dropped: 2 });
    const [only] = await ended;
    expect(only!.run).toMatchObject({
      name: '12288 → 8 ReLU → 3 softmax, Adam at 0.001',
      experiment: 'Dropped',
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(events.slice(started).filter((e) => e.type === 'runStarted')).toHaveLength(1);
  }, 60_000);

  it('explains a run that diverges by its learning rate, and offers the usual one', async () => {
    const { runId } = await ask('startTraining', {
      baseline: false,
      setup: setup({
        hidden: [
          { units: 8, activation: 'leakyRelu' },
          { units: 8, activation: 'leakyRelu' },
        ],
        optimizer: 'gradientDescent',
        learningRate: 10,
        epochs: 50,
      }),
    });
    const failed = await vi.waitFor(
      () => {
        const ended = events.find(
          (e) => (e.type === 'runFailed' || e.type === 'runFinished') && e.run.id === runId,
        );
        if (!ended) throw new Error('still running');
        return ended as Extract<AppEvent, { type: 'runFailed' }>;
      },
      { timeout: 30_000, interval: 50 },
    );
    expect(failed.type).toBe('runFailed');
    expect(failed.run.status).toBe('diverged');
    // a learning rate of 10 is 1,333 times the usual one for gradient descent: the cause, and the fix
    expect(failed.run.findings).toEqual([
      expect.objectContaining({
        symptom: 'diverged',
        kind: 'learningRateTooLarge',
        fix: { label: 'Start again with the usual learning rate, 0.0075', change: { learningRate: 0.0075 } },
      }),
    ]);
  }, 60_000);

  it('checks backpropagation against numerical gradients for the network in the editor', async () => {
    const { layers } = await ask('gradientCheck', {
      setup: setup({ hidden: [{ units: 4, activation: 'tanh' }] }),
    });
    expect(layers.map((l) => l.layer)).toEqual([1, 2]);
    for (const layer of layers) {
      expect(layer.checked).toBeGreaterThan(0);
      expect(layer.relativeError).toBeLessThan(1e-6);
    }
  }, 60_000);
});
