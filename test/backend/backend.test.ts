import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEvent, MethodName, Params, Reply, RunRecord, RunSetup } from '../../src/api/contract.ts';
import { Backend } from '../../src/backend/backend.ts';
import { forkTrainer } from '../../src/backend/childTrainer.ts';
import { TrainerClient } from '../../src/backend/trainerClient.ts';
import { bestEpochOf } from '../../src/core/bestEpoch.ts';
import { preset } from '../../src/core/presets.ts';
import { writeImage } from '../helpers/images.ts';

let dataDir: string;
let backend: Backend;
const events: AppEvent[] = [];

const setup = (epochs: number): RunSetup => ({ ...preset('Quick: one hidden layer, Adam'), epochs });

function ask<M extends MethodName>(
  method: M,
  params: Params<M> | Record<string, never> = {},
): Promise<Reply<M>> {
  return backend.request(method, params) as Promise<Reply<M>>;
}

function next<T extends AppEvent['type']>(
  type: T,
  timeout = 30_000,
): Promise<Extract<AppEvent, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} within ${timeout} ms`)), timeout);
    const off = backend.onEvent((event) => {
      if (event.type !== type) return;
      clearTimeout(timer);
      off();
      resolve(event as Extract<AppEvent, { type: T }>);
    });
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'whisker-backend-'));
  backend = new Backend({ dataDir, baseline: false, trainer: new TrainerClient(forkTrainer) });
  backend.onEvent((event) => events.push(event));
});
afterAll(async () => {
  await backend.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the backend behind the contract', () => {
  it('refuses malformed requests with the reason, and unknown ones', async () => {
    await expect(backend.request('startTraining', { setup: { ...setup(5), epochs: -1 } })).rejects.toThrow(
      /^startTraining: setup\.epochs: /,
    );
    await expect(backend.request('deleteEverything', {})).rejects.toThrow(
      'unknown request "deleteEverything"',
    );
    await expect(backend.request('startTraining', { setup: setup(5) })).rejects.toThrow(
      /no data set is open/,
    );
    await expect(
      backend.request('classify', { photos: [{ name: 'x.png', path: '/x.png' }] }),
    ).rejects.toThrow(/there is no model yet/);
  });

  it('loads the sample data, trains a run in the trainer process, and keeps its model and record', async () => {
    const summary = await ask('loadSample', {});
    expect(summary.classes).toEqual(['circle', 'square', 'triangle']);
    expect(summary.counts.map((c) => c.train + c.test)).toEqual([60, 60, 60]);
    expect(summary.id).toBeGreaterThan(0);
    const images = await ask('listImages', { split: 'test', offset: 0, limit: 5, classIndex: 2 });
    expect(images.total).toBe(12);
    expect(images.items.every((i) => i.label === 2)).toBe(true);
    // search looks at file names, not at the folders above them
    const named = await ask('listImages', { split: 'train', offset: 0, limit: 50, search: '0007' });
    expect(named.items.map((i) => i.file)).toEqual(
      expect.arrayContaining([expect.stringMatching(/\/0007$/)]),
    );
    expect(named.items.every((i) => i.file.endsWith('0007'))).toBe(true);
    expect((await ask('listImages', { split: 'train', offset: 0, limit: 5, search: 'circle' })).total).toBe(
      0,
    );

    const finished = next('runFinished');
    const { runId } = await ask('startTraining', { setup: setup(30) });
    const run = (await finished).run;
    expect(run).toMatchObject({ id: runId, status: 'completed', explanation: null });
    expect(run.curve).toHaveLength(30);
    // the points are the core's own records, forwarded with the run's id
    expect(run.curve[0]).toMatchObject({
      type: 'epoch',
      epoch: 1,
      epochs: 30,
      trainLoss: expect.any(Number),
    });
    expect(run.metrics['testAccuracy']).toBeGreaterThan(0.8);
    expect(run.metrics['validationAccuracy']).toBeGreaterThan(0.8);
    const batches = events.flatMap((e) => (e.type === 'batches' && e.runId === runId ? e.points : []));
    // every batch: 144 training images less 15% held out for validation, in batches of 32
    expect(batches).toHaveLength(30 * 4);
    // in the order the loop made them: each epoch's point after its batches'
    const order = events.flatMap((e) =>
      e.type === 'batches' && e.runId === runId
        ? e.points.map((p) => `batch ${p.epoch}`)
        : e.type === 'epoch' && e.runId === runId
          ? [`epoch ${e.point.epoch}`]
          : [],
    );
    expect(order).toEqual(
      Array.from({ length: 30 }, (_, i) => [
        ...Array<string>(4).fill(`batch ${i + 1}`),
        `epoch ${i + 1}`,
      ]).flat(),
    );
    const state = await ask('state');
    expect(state.model?.architecture).toBe('12288 → 32 ReLU → 3 softmax');
    expect(state.kernel?.threads).toBeGreaterThanOrEqual(1);
    // the model card: what it was trained with and on
    expect(state.model?.setup).toMatchObject({ optimizer: 'adam', learningRate: 0.001, trainingSeed: 1 });
    expect(state.model?.datasetHash).toMatch(/^[0-9a-f]{64}$/);
    expect(state.run).toBeNull();
  }, 60_000);

  it("gives the current model's probabilities for every image of a split", async () => {
    const { classes, items } = await ask('results', { split: 'test' });
    expect(classes).toEqual(['circle', 'square', 'triangle']);
    expect(items).toHaveLength(36);
    expect(items[5]).toMatchObject({ index: 5, label: expect.any(Number) });
    for (const item of items) expect(item.probabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5);
    await expect(ask('results', { split: 'validation' })).rejects.toThrow(
      'the data set has no validation split',
    );
  });

  it("gives one image's probabilities, the same as in the whole split's results", async () => {
    const { items } = await ask('results', { split: 'test' });
    for (const index of [0, 17, 35]) {
      const { probabilities } = await ask('predictImage', { split: 'test', index });
      expect(probabilities).toEqual(items[index]!.probabilities);
    }
    await expect(ask('predictImage', { split: 'test', index: 36 })).rejects.toThrow(
      'the test split has no image 36',
    );
  });

  it('says a dense model has no filters or maps, and refuses an image the split does not have', async () => {
    expect(await ask('featureMaps', { split: 'test', index: 4 })).toEqual({
      epoch: null,
      architecture: '12288 → 32 ReLU → 3 softmax',
      layers: [],
      omitted: 0,
    });
    await expect(ask('featureMaps', { split: 'test', index: 36 })).rejects.toThrow(
      'the test split has no image 36',
    );
    await expect(ask('featureMaps', { split: 'test', index: -1 })).rejects.toThrow(/^featureMaps: index: /);
  });

  it('classifies photos, naming the ones it cannot read', async () => {
    const photo = path.join(dataDir, 'circle.png');
    const raw = Buffer.alloc(64 * 64 * 3, 20);
    await sharp(raw, { raw: { width: 64, height: 64, channels: 3 } })
      .composite([
        {
          input: Buffer.from(
            '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="18" fill="#eee"/></svg>',
          ),
        },
      ])
      .png()
      .toFile(photo);
    const broken = path.join(dataDir, 'broken.png');
    await writeFile(broken, 'nope');
    const { predictions } = await ask('classify', {
      photos: [
        { name: photo, path: photo },
        { name: broken, path: broken },
      ],
    });
    expect(predictions[0]!.probabilities!.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5);
    expect(predictions[1]).toEqual({
      file: broken,
      probabilities: null,
      error: 'not an image (unsupported or unrecognised format)',
    });
  });

  it('exports the model as safetensors and ONNX, and imports it back as a transaction', async () => {
    // exports go to the user's folders, never into Whisker's own data folder
    const exports = await mkdtemp(path.join(tmpdir(), 'whisker-exported-'));
    const file = path.join(exports, 'shapes.safetensors');
    await ask('exportModel', { path: file, format: 'safetensors' });
    await ask('exportModel', { path: path.join(exports, 'shapes.onnx'), format: 'onnx' });
    expect((await readFile(path.join(exports, 'shapes.onnx'))).length).toBeGreaterThan(12288 * 32 * 4);
    const before = (await ask('state')).model;
    const imported = await ask('importModel', { path: file });
    expect(imported).toEqual({ model: before, warnings: [] });

    // a model for other images and classes than the open data set's: imported, with a warning
    const other = path.join(dataDir, 'other.safetensors');
    const { encodeModel } = await import('../../src/core/modelFile.ts');
    const { createSeededNetwork } = await import('../../src/core/training.ts');
    const architecture = {
      inputSize: 2 * 2 * 3,
      layers: [{ units: 1, activation: 'sigmoid' as const }],
      loss: 'binaryCrossEntropy' as const,
    };
    const { network } = createSeededNetwork(architecture, { initializer: 'zeros', seed: 1 });
    await writeFile(
      other,
      encodeModel({
        architecture,
        params: Float32Array.from(network.params),
        info: {
          input: { width: 2, height: 2, channels: 3, layout: 'HWC', scale: 1 / 255, fit: 'stretch' },
          classes: ['yes', 'no'],
          setup: null,
          metrics: null,
          datasetHash: null,
          createdAt: 'now',
        },
      }),
    );
    expect((await ask('importModel', { path: other })).warnings).toEqual([
      'The model takes 2×2 images; the open data set has 64×64.',
      "The model's classes (yes, no) differ from the open data set's (circle, square, triangle).",
    ]);
    await ask('importModel', { path: file });

    const bad = path.join(dataDir, 'bad.safetensors');
    const bytes = await readFile(file);
    await writeFile(bad, bytes.subarray(0, bytes.length - 100));
    await expect(ask('importModel', { path: bad })).rejects.toThrow(
      /bad\.safetensors: not a usable model: the file is truncated/,
    );
    expect((await ask('state')).model).toEqual(before);
    await rm(exports, { recursive: true, force: true });
  });

  it('survives a trainer killed mid-run: the run is marked crashed, the last epoch is kept, and a new run starts', async () => {
    const failed = next('runFailed');
    const epoch = next('epoch');
    await ask('startTraining', { setup: setup(100_000) });
    await epoch;
    (backend as unknown as { engine: { trainer: { kill(): void } } }).engine.trainer.kill();
    const run = (await failed).run;
    expect(run.status).toBe('crashed');
    expect(run.explanation).toMatch(
      /^The trainer stopped: the trainer was killed \(SIGKILL\)\. The weights of the last epoch it reported were kept as the model\./,
    );
    const finished = next('runFinished');
    await ask('startTraining', { setup: setup(2) });
    expect((await finished).run.status).toBe('completed');
  }, 60_000);

  it('keeps the history of runs across a restart', async () => {
    const { runs } = await ask('listRuns');
    expect(runs.map((r: RunRecord) => r.status)).toEqual(['completed', 'crashed', 'completed']);
    const again = new Backend({ dataDir, trainer: new TrainerClient(forkTrainer) });
    const after = (await again.request('listRuns', {})) as Reply<'listRuns'>;
    await again.close();
    expect(after.runs).toEqual(runs);
  });
});

describe('the backend keeps itself consistent and the data honest', () => {
  it('serves state-changing requests one at a time: of two starts sent together, one runs, the other is refused', async () => {
    const finished = next('runFinished');
    const outcomes = await Promise.allSettled([
      ask('startTraining', { setup: setup(3) }),
      ask('startTraining', { setup: setup(3) }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason.message).toMatch(/a run is already in progress/);
    await finished;
    expect((await ask('state')).run).toBeNull();
  }, 60_000);

  it('trains in the class order the user sets, and the results follow the model', async () => {
    const before = await ask('listImages', { split: 'test', offset: 0, limit: 100 });
    const summary = await ask('setClassOrder', { classes: ['triangle', 'circle', 'square'] });
    expect(summary.classes).toEqual(['triangle', 'circle', 'square']);
    expect(summary.counts.map((c) => c.name)).toEqual(['triangle', 'circle', 'square']);
    const after = await ask('listImages', { split: 'test', offset: 0, limit: 100 });
    // a triangle (label 2 before) is now label 0
    after.items.forEach((item, i) => expect(item.label).toBe([1, 2, 0][before.items[i]!.label]));
    await expect(ask('setClassOrder', { classes: ['circle', 'square'] })).rejects.toThrow(
      /the classes to order are/,
    );

    const finished = next('runFinished');
    await ask('startTraining', { setup: setup(3) });
    const { run } = await finished;
    expect(run.setup.classOrder).toEqual(['triangle', 'circle', 'square']);
    expect((await ask('state')).model?.classes).toEqual(['triangle', 'circle', 'square']);
    const results = await ask('results', { split: 'test' });
    expect(results.classes).toEqual(['triangle', 'circle', 'square']);
    results.items.forEach((item, i) => expect(item.label).toBe(after.items[i]!.label));
    await ask('setClassOrder', { classes: ['circle', 'square', 'triangle'] });
  }, 60_000);

  it('holds out no validation when the setup says none: no validation curve, and the test split only at the end', async () => {
    const finished = next('runFinished');
    await ask('startTraining', { setup: { ...setup(3), validationFraction: 0 } });
    const { run } = await finished;
    expect(
      run.curve.every((point) => point.validationLoss === null && point.validationAccuracy === null),
    ).toBe(true);
    expect(run.metrics).toHaveProperty('testAccuracy');
    expect(run.metrics).not.toHaveProperty('validationAccuracy');
  }, 60_000);

  it('refuses early stopping without a validation split to watch, saying why', async () => {
    await expect(
      ask('startTraining', { setup: { ...setup(3), validationFraction: 0, earlyStopping: 3 } }),
    ).rejects.toThrow('early stopping watches the validation split; hold some out');
  });

  it('stops early on the validation split: the record says where, and the model holds the best epoch’s weights', async () => {
    const finished = next('runFinished');
    // a fast learner on 122 images: it fits them long before 200 epochs, and validation stops improving
    const patient = { ...setup(200), learningRate: 0.003, earlyStopping: 3 };
    await ask('startTraining', { setup: patient });
    const { run } = await finished;
    expect(run.status).toBe('stoppedEarly');
    const kept = bestEpochOf(run.curve)!;
    expect(run.keptEpoch).toBe(kept);
    expect(run.curve).toHaveLength(kept + 3);
    expect(run.explanation).toBe(
      `Stopped early at epoch ${kept + 3}: the validation loss had not improved for 3 epochs. Kept the weights of epoch ${kept}, the best on validation.`,
    );
    // the model's validation loss, measured once at the end, is the kept epoch's
    expect(run.metrics['validationLoss']).toBeCloseTo(run.curve[kept - 1]!.validationLoss!, 6);
    expect((await ask('state')).model?.metrics?.['validationLoss']).toBe(run.metrics['validationLoss']);
    const saved = (await ask('listRuns', {})).runs.find((r) => r.id === run.id)!;
    expect(saved).toMatchObject({ status: 'stoppedEarly', keptEpoch: kept, explanation: run.explanation });
  }, 120_000);

  it('keeps the best epoch’s weights of a run with early stopping that the user stops', async () => {
    const stopped = next('runFinished');
    await ask('startTraining', { setup: { ...setup(500), earlyStopping: 500 } });
    for (let i = 0; i < 4; i++) await next('epoch');
    await ask('stop');
    const { run } = await stopped;
    expect(run.status).toBe('stopped');
    const kept = bestEpochOf(run.curve)!;
    expect(run.keptEpoch).toBe(kept);
    expect(run.explanation).toBe(
      `Stopped at epoch ${run.curve.length}. Kept the weights of epoch ${kept}, the best on validation.`,
    );
    expect(run.metrics['validationLoss']).toBeCloseTo(run.curve[kept - 1]!.validationLoss!, 6);
  }, 120_000);

  it('opens class folders dropped together as one data set, each folder a class, and reads it again after a restart', async () => {
    const pets = path.join(dataDir, 'pets');
    for (const [name, shade] of [
      ['cat', 40],
      ['dog', 200],
    ] as const) {
      for (let i = 0; i < 5; i++) {
        await writeImage(path.join(pets, name, `${i}.png`), 8, 8, shade + i);
      }
    }
    const summary = await ask('openClassFolders', {
      paths: [path.join(pets, 'dog'), path.join(pets, 'cat')],
      testFraction: 0.4,
    });
    expect(summary).toMatchObject({ source: 'dog, cat', classes: ['cat', 'dog'], splitBy: 'random' });
    expect(summary.counts).toEqual([
      { name: 'cat', train: 3, validation: 0, test: 2 },
      { name: 'dog', train: 3, validation: 0, test: 2 },
    ]);
    const original = await backend.image(`/images/${summary.id}/train/0/original`);
    expect([original.status, original.type]).toEqual([200, 'image/png']);
    const before = await ask('listImages', { split: 'train', offset: 0, limit: 10 });
    const { trainer } = (backend as unknown as { engine: { trainer: TrainerClient } }).engine;
    const exited = new Promise((resolve) =>
      trainer.onEvent((event) => event.type === 'exited' && resolve(event)),
    );
    trainer.kill();
    await exited;
    const thumbnail = await backend.image(`/images/${summary.id}/test/1/thumbnail`);
    expect(thumbnail.status).toBe(200);
    expect(await ask('listImages', { split: 'train', offset: 0, limit: 10 })).toEqual(before);
  }, 60_000);
});
