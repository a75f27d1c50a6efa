import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Architecture } from '../../src/core/architecture.ts';
import { DEFAULT_OPTIMIZERS } from '../../src/core/optimizers.ts';
import type { TrainingConfig } from '../../src/core/training.ts';
import { TrainerClient, type TrainerEvent } from '../../src/backend/trainerClient.ts';
import { forkTrainer } from '../../src/backend/childTrainer.ts';
import { generateSampleData } from '../../src/data/sample.ts';
import type { DataSet } from '../../src/data/dataSet.ts';
import type { TrainingData } from '../../src/trainer/protocol.ts';

const SIZE = 16;
const architecture: Architecture = {
  inputSize: SIZE * SIZE * 3,
  layers: [
    { units: 16, activation: 'relu' },
    { units: 3, activation: 'softmax' },
  ],
  loss: 'softmaxCrossEntropy',
};
const config = (epochs: number): TrainingConfig => ({
  epochs,
  batchSize: 8,
  learningRate: 0.002,
  learningRateDecay: 0,
  optimizer: DEFAULT_OPTIMIZERS.adam,
  l2: 0,
  initializer: 'he',
  seed: 1,
  validateEvery: 1,
});

let dataSet: DataSet;
let data: TrainingData;
const client = new TrainerClient(forkTrainer);
const events: TrainerEvent[] = [];
client.onEvent((event) => events.push(event));

/** Resolves with the first event (from now on) that matches. */
function next<T extends TrainerEvent['type']>(
  type: T,
  timeout = 20_000,
): Promise<Extract<TrainerEvent, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} event within ${timeout} ms`)), timeout);
    const off = client.onEvent((event) => {
      if (event.type !== type) return;
      clearTimeout(timer);
      off();
      resolve(event as Extract<TrainerEvent, { type: T }>);
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  dataSet = await generateSampleData({ perClass: 100, width: SIZE, height: SIZE });
  data = { classCount: 3, width: SIZE, height: SIZE, train: dataSet.train, validation: dataSet.test };
}, 30_000);
afterAll(() => client.kill());

describe('the trainer in a real child process', () => {
  it('starts, takes the data set once and trains a run, posting progress at a bounded rate', async () => {
    expect(await client.load(data)).toBe(240);
    const started = performance.now();
    await client.startRun('first', architecture, config(30));
    const finished = await next('finished');
    const seconds = (performance.now() - started) / 1000;
    expect(finished).toMatchObject({
      runId: 'first',
      stoppedBy: 'completed',
      completedEpochs: 30,
      explanation: null,
    });
    const epochs = events.filter((e) => e.type === 'epoch' && e.runId === 'first');
    expect(epochs).toHaveLength(30);
    const last = epochs.at(-1)!;
    expect(last.type === 'epoch' && last.event.validation!.accuracy).toBeGreaterThan(0.8);
    // about 20 progress messages a second at most, however many batches ran (30 × 30 here)
    const progress = events.filter((e) => e.type === 'progress' && e.runId === 'first').length;
    expect(progress).toBeLessThanOrEqual(Math.ceil(seconds * 20) + 1);
    expect(client.lastGoodParams.get('first')).toEqual(finished.params);
    // a look inside a few times a second, with the first layer's pictures at most once a second and at the end
    const inspections = events.filter(
      (e): e is Extract<TrainerEvent, { type: 'inspection' }> =>
        e.type === 'inspection' && e.runId === 'first',
    );
    expect(inspections.length).toBeGreaterThan(0);
    expect(inspections.length).toBeLessThanOrEqual(Math.ceil(seconds / 0.4) + 1);
    const pictures = inspections.filter((e) => e.firstLayer.units > 0);
    expect(pictures.length).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
    expect(inspections.at(-1)!).toMatchObject({ epoch: 30, firstLayer: { units: 16 } });
    expect(inspections.at(-1)!.firstLayer.pixels).toHaveLength(16 * SIZE * SIZE * 3);
    expect(inspections.at(-1)!.layers.map((l) => l.units)).toEqual([16, 3]);
  }, 60_000);

  it('predicts with the current weights', async () => {
    const count = dataSet.test!.labels.length;
    const probabilities = await client.predict(dataSet.test!.pixels, count);
    expect(probabilities).toHaveLength(count * 3);
    let correct = 0;
    for (let i = 0; i < count; i++) {
      const row = Array.from(probabilities.subarray(i * 3, i * 3 + 3));
      expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
      if (row.indexOf(Math.max(...row)) === dataSet.test!.labels[i]) correct++;
    }
    expect(correct / count).toBeGreaterThan(0.8);
    await expect(client.predict(new Uint8Array(5), 1)).rejects.toThrow(/5 bytes are not 1 images of 768/);
  });

  it('pauses, resumes and stops within 200 ms', async () => {
    await client.startRun('long', architecture, config(100_000));
    await next('progress');
    client.pause();
    await next('paused');
    const during = events.length;
    await sleep(300);
    expect(events.slice(during).filter((e) => e.type === 'progress')).toEqual([]);
    client.resume();
    await next('resumed');
    await next('progress');
    const asked = performance.now();
    client.stop();
    const finished = await next('finished');
    expect(performance.now() - asked).toBeLessThan(200);
    expect(finished).toMatchObject({ runId: 'long', stoppedBy: 'stopped' });
  });

  it('survives kill -9 mid-run: the crash is reported, the last good weights are kept, and a new run can start', async () => {
    await client.startRun('doomed', architecture, config(100_000));
    await next('epoch');
    client.kill();
    const crashed = await next('crashed');
    expect(crashed).toEqual({ type: 'crashed', reason: 'the trainer was killed (SIGKILL)', runId: 'doomed' });
    expect(client.running).toBe(false);
    expect(client.lastGoodParams.get('doomed')).toBeInstanceOf(Float32Array);

    expect(await client.load(data)).toBe(240);
    await client.startRun('after', architecture, config(2));
    expect(await next('finished')).toMatchObject({ runId: 'after', stoppedBy: 'completed' });
  }, 60_000);
});
