import { describe, expect, it, vi } from 'vitest';
import { referenceKernel } from '../../src/core/kernels/kernel.ts';
import { modelFromNetwork } from '../../src/core/model.ts';
import { preset } from '../../src/core/presets.ts';
import { architectureFor, type RunSetup } from '../../src/core/runSetup.ts';
import { createSeededNetwork } from '../../src/core/training.ts';
import { TrainerProgram, type TrainerPort } from '../../src/trainer/program.ts';
import type { FromTrainer, TrainerReplies, TrainerRequest } from '../../src/trainer/protocol.ts';

const KERNEL = { name: 'TypeScript float32', threads: 1, simd: false, relaxedSimd: false, fallback: null };

/** The program on an in-memory port: what it posts, a way to send it anything, and to ask it something. */
function harness() {
  const posted: FromTrainer[] = [];
  let deliver: (message: unknown) => void = () => {};
  const waiting = new Map<number, (reply: Extract<FromTrainer, { type: 'reply' }>) => void>();
  const port: TrainerPort = {
    post: (message) => {
      posted.push(message);
      if (message.type === 'reply') waiting.get(message.id)?.(message);
    },
    onMessage: (listener) => (deliver = listener),
  };
  new TrainerProgram(port, referenceKernel(), KERNEL);
  let nextId = 1;
  const ask = (request: TrainerRequest) =>
    new Promise<Extract<FromTrainer, { type: 'reply' }>>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      deliver({ type: 'request', id, request });
    });
  return { posted, send: (message: unknown) => deliver(message), ask };
}

const refusal = (reply: Extract<FromTrainer, { type: 'reply' }>) => (reply.ok ? null : reply.error);
const sample = { kind: 'loadSample', seed: 1, perClass: 5 } as const;
const setup: RunSetup = { ...preset('Quick: one hidden layer, Adam'), epochs: 2 };

describe('the trainer program refuses what it cannot act on, saying why', () => {
  it('says it is ready and how it computes, then refuses junk, unknown types and bad fields', () => {
    const { posted, send } = harness();
    expect(posted[0]).toEqual({ type: 'ready', kernel: KERNEL });
    send('junk');
    send({ type: 'format-disk' });
    send({ type: 'request', id: 7, request: { kind: 'thumbnail', split: 'train', index: -1, size: 64 } });
    send({ type: 'request', id: 8, request: { kind: 'openH5', paths: [] } });
    expect(posted.slice(1)).toEqual([
      { type: 'error', message: expect.stringMatching(/^refused a malformed message/) },
      { type: 'error', message: expect.stringMatching(/^refused a malformed message/) },
      {
        type: 'reply',
        id: 7,
        ok: false,
        error: expect.stringMatching(/^refused a malformed message \(request\.index: /),
      },
      {
        type: 'reply',
        id: 8,
        ok: false,
        error: expect.stringMatching(/^refused a malformed message \(request\.paths: /),
      },
    ]);
  });

  it('refuses to start without data, with a setup that does not fit the images, or one that is not valid', async () => {
    const { ask } = harness();
    const start = (runId: string, s: unknown) =>
      ask({ kind: 'startRun', runId, setup: s as RunSetup, datasetHash: null }).then(refusal);
    expect(await start('a', setup)).toMatch(/^no data set is open/);
    expect(refusal(await ask(sample))).toBeNull();
    expect(await start('b', { ...setup, input: { width: 32, height: 32, fit: 'stretch' } })).toMatch(
      /the input is 32×32×3, the images are read as 12288 values/,
    );
    expect(await start('c', { ...setup, hidden: [{ units: 4, activation: 'eval' }] })).toMatch(
      /hidden layer 1: unknown activation "eval"/,
    );
    expect(await start('d', { ...setup, classOrder: ['circle', 'square'] })).toMatch(
      /the class order names 2 classes; the data has 3/,
    );
  });

  it('refuses questions for a model before there is one, and a model that does not predict', async () => {
    const { ask } = harness();
    expect(refusal(await ask(sample))).toBeNull();
    expect(refusal(await ask({ kind: 'predictSplit', split: 'train', index: null }))).toMatch(
      /^there is no model yet/,
    );
    const broken = {
      architecture: {
        inputSize: 12288,
        layers: [{ units: 3, activation: 'softmax' }],
        loss: 'softmaxCrossEntropy',
      },
      params: new Float32Array(3 * 12289).fill(Number.NaN),
      info: {
        input: { width: 64, height: 64, channels: 3, layout: 'HWC', scale: 1 / 255, fit: 'stretch' },
        classes: ['circle', 'square', 'triangle'],
        setup: null,
        metrics: null,
        datasetHash: null,
        createdAt: '',
      },
    };
    expect(refusal(await ask({ kind: 'useModel', model: broken as never }))).toMatch(
      /^the model cannot be used: parameter 0 is not a finite number/,
    );
    expect(refusal(await ask({ kind: 'useModel', model: { ...broken, info: {} } as never }))).toMatch(
      /^the model cannot be used: input: /,
    );
  });
});

describe("the trainer draws a network's filters and maps of one image", () => {
  const cnn: RunSetup = {
    ...setup,
    hidden: [
      { type: 'conv2d', filters: 4, kernel: 3, stride: 1, padding: 'same', activation: 'relu' },
      { type: 'maxPool', size: 2, stride: 2 },
      { type: 'flatten' },
    ],
    initializer: 'he',
    batchSize: 5,
  };
  const maps = (split: 'train' | 'test', index: number) => ({ kind: 'featureMaps', split, index }) as const;

  it('of the network being trained, between its batches, then of the model it leaves', async () => {
    const { ask, posted, send } = harness();
    expect(refusal(await ask(sample))).toBeNull();
    expect(refusal(await ask(maps('train', 0)))).toMatch(/^there is no model yet/);
    expect(
      refusal(
        await ask({ kind: 'startRun', runId: 'cnn', setup: { ...cnn, epochs: 40 }, datasetHash: null }),
      ),
    ).toBeNull();

    // asked before the run's first batch: the network as initialised
    const before = (await ask(maps('train', 2))).result as TrainerReplies['featureMaps'];
    expect(before.epoch).toBe(0);
    expect(before.architecture).toBe('64×64×3 → conv 3×3×4 same ReLU → max pool 2×2 → flatten → 3 softmax');
    expect(before.layers.map((l) => [l.layer, l.kind, l.shape, l.pooled, l.maps.pixels.length])).toEqual([
      [1, 'conv2d', { height: 64, width: 64, channels: 4 }, null, 4 * 64 * 64],
      [2, 'maxPool', { height: 32, width: 32, channels: 4 }, 1, 4 * 32 * 32],
    ]);
    expect(before.layers[0]!.filters).toMatchObject({ count: 4, side: 3, channels: 3, rgb: true });
    expect(before.layers[0]!.filters!.pixels).toBeInstanceOf(Uint8Array);

    const epochDone = () =>
      posted.some((m) => m.type === 'points' && m.points.some((p) => p.type === 'epoch'));
    await vi.waitFor(() => expect(epochDone()).toBe(true), { timeout: 20_000 });
    const trained = (await ask(maps('train', 2))).result as TrainerReplies['featureMaps'];
    expect(trained.epoch).toBeGreaterThan(0);
    // the same image through weights that have learned
    expect(trained.layers[0]!.filters!.largest).not.toEqual(before.layers[0]!.filters!.largest);
    send({ type: 'stop' });
    await vi.waitFor(() => expect(posted.some((m) => m.type === 'runEnded')).toBe(true), { timeout: 20_000 });

    const after = (await ask(maps('test', 1))).result as TrainerReplies['featureMaps'];
    expect(after.epoch).toBeNull();
    expect(after.layers).toHaveLength(2);
    expect(refusal(await ask(maps('test', 9)))).toBe('the test split has no image 9');
  }, 60_000);

  it('refuses a model that takes images of another size than the open data set’s', async () => {
    const { ask } = harness();
    expect(refusal(await ask(sample))).toBeNull();
    const small = { ...cnn, input: { width: 8, height: 8, fit: 'stretch' as const } };
    const architecture = architectureFor(small, { inputSize: 192, classCount: 3 });
    const { network } = createSeededNetwork(architecture, { initializer: 'he', seed: 1 });
    const model = modelFromNetwork(network, {
      input: { width: 8, height: 8, channels: 3, layout: 'HWC', scale: 1 / 255, fit: 'stretch' },
      classes: ['circle', 'square', 'triangle'],
      setup: null,
      metrics: null,
      datasetHash: null,
      createdAt: '',
    });
    expect(refusal(await ask({ kind: 'useModel', model }))).toBeNull();
    expect(refusal(await ask(maps('train', 0)))).toBe(
      'the network takes 8×8 images; the open data set was read at 64×64',
    );
  });
});
