import { describe, expect, it } from 'vitest';
import { referenceKernel } from '../../src/core/kernels/kernel.ts';
import { preset } from '../../src/core/presets.ts';
import type { RunSetup } from '../../src/core/runSetup.ts';
import { TrainerProgram, type TrainerPort } from '../../src/trainer/program.ts';
import type { FromTrainer, TrainerRequest } from '../../src/trainer/protocol.ts';

const KERNEL = { name: 'TypeScript float32', threads: 1, simd: false, relaxedSimd: false };

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
