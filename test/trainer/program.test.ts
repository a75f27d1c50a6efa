import { describe, expect, it } from 'vitest';
import { referenceKernel } from '../../src/core/kernels/kernel.ts';
import { TrainerProgram, type TrainerPort } from '../../src/trainer/program.ts';
import type { FromTrainer } from '../../src/trainer/protocol.ts';

/** The program on an in-memory port: what it posts, and a way to send it anything. */
function harness() {
  const posted: FromTrainer[] = [];
  let deliver: (message: unknown) => void = () => {};
  const port: TrainerPort = { post: (m) => posted.push(m), onMessage: (listener) => (deliver = listener) };
  new TrainerProgram(port, referenceKernel());
  return { posted, send: (message: unknown) => deliver(message) };
}

const errors = (posted: FromTrainer[]) => posted.flatMap((m) => (m.type === 'error' ? [m.message] : []));

describe('the trainer program refuses malformed messages without acting on them', () => {
  it('says it is ready, then refuses junk, unknown types and bad fields', () => {
    const { posted, send } = harness();
    expect(posted[0]).toEqual({ type: 'ready' });
    send('junk');
    send({ type: 'format-disk' });
    send({ type: 'predict', requestId: 'x', pixels: [1, 2, 3], count: 1 });
    send({
      type: 'load',
      data: {
        classCount: 2,
        width: 2,
        height: 2,
        train: { pixels: new Uint8Array(12), labels: Uint16Array.of(0, 1) },
        validation: null,
      },
    });
    send({
      type: 'load',
      data: {
        classCount: 2,
        width: 2,
        height: 1,
        train: { pixels: new Uint8Array(12), labels: Uint16Array.of(0, 5) },
        validation: null,
      },
    });
    expect(errors(posted)).toEqual([
      expect.stringMatching(/^refused a malformed message/),
      expect.stringMatching(/^refused a malformed message/),
      expect.stringMatching(/^refused a malformed message \(pixels: /),
      expect.stringMatching(/pixels do not match the number of labels and the image size/),
      expect.stringMatching(/a label is not one of the classes/),
    ]);
    expect(posted.some((m) => m.type === 'loaded')).toBe(false);
  });

  it('refuses to start without data, or with an architecture that does not fit the images or is not valid', () => {
    const { posted, send } = harness();
    const config = {
      epochs: 1,
      batchSize: 0,
      learningRate: 0.1,
      learningRateDecay: 0,
      optimizer: { kind: 'gradientDescent' },
      l2: 0,
      initializer: 'he',
      seed: 1,
      validateEvery: 1,
    };
    const architecture = {
      inputSize: 12,
      layers: [{ units: 1, activation: 'sigmoid' }],
      loss: 'binaryCrossEntropy',
    };
    send({ type: 'start', runId: 'a', architecture, config });
    send({
      type: 'load',
      data: {
        classCount: 2,
        width: 2,
        height: 1,
        train: { pixels: new Uint8Array(12), labels: Uint16Array.of(0, 1) },
        validation: null,
      },
    });
    send({ type: 'start', runId: 'b', architecture, config });
    send({
      type: 'start',
      runId: 'c',
      architecture: { ...architecture, layers: [{ units: 1, activation: 'eval' }] },
      config,
    });
    send({ type: 'predict', requestId: 'p', pixels: new Uint8Array(6), count: 1 });
    expect(errors(posted)).toEqual([
      'no data set loaded',
      'the network takes 12 inputs, the images have 6',
      expect.stringMatching(/architecture: not a valid architecture/),
      'no trained network yet',
    ]);
  });
});
