import { afterAll, describe, expect, it } from 'vitest';
import { childExit, forkTrainer } from '../../src/backend/childTrainer.ts';
import { TrainerClient, type TrainerEvent } from '../../src/backend/trainerClient.ts';
import { preset } from '../../src/core/presets.ts';
import type { RunSetup } from '../../src/core/runSetup.ts';
import type { EpochPoint } from '../../src/core/training.ts';
import { encodeModel } from '../../src/core/modelFile.ts';

const sample = { kind: 'loadSample', seed: 1, perClass: 100 } as const;
const setup = (epochs: number): RunSetup => ({
  ...preset('Quick: one hidden layer, Adam'),
  hidden: [{ units: 16, activation: 'relu' }],
  batchSize: 8,
  learningRate: 0.0005,
  epochs,
  validationFraction: 0.2,
});

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
const ofRun = <T extends TrainerEvent['type']>(type: T, runId: string) =>
  events.filter(
    (e): e is Extract<TrainerEvent, { type: T }> => e.type === type && 'runId' in e && e.runId === runId,
  );

afterAll(() => client.kill());

describe('the trainer in a real child process', () => {
  it('reads the data set itself, keeps the pixels and gives back only its index', async () => {
    const index = await client.request(sample);
    // forkTrainer turns on relaxed SIMD, so the kernels' fused multiply-add runs
    expect(client.kernel?.name).toMatch(/^WebAssembly relaxed SIMD \(FMA\)/);
    expect(client.kernel?.relaxedSimd).toBe(true);
    expect(index.classes).toEqual(['circle', 'square', 'triangle']);
    expect(index.splits.train!.files).toHaveLength(240);
    expect(index.splits.test!.labels).toHaveLength(60);
    expect(index.counts.map((c) => c.train)).toEqual([80, 80, 80]);
    expect(index).not.toHaveProperty('pixels');
    const { png } = await client.request({ kind: 'thumbnail', split: 'test', index: 3, size: 64 });
    expect(Buffer.from(png.subarray(1, 4)).toString()).toBe('PNG');
  }, 60_000);

  it('trains a run, sending every point in order in few messages, and ends with the model and its metrics', async () => {
    const started = performance.now();
    await client.request({ kind: 'startRun', runId: 'first', setup: setup(30), datasetHash: 'h' });
    const ended = await next('runEnded');
    const seconds = (performance.now() - started) / 1000;
    expect(ended).toMatchObject({ runId: 'first', status: 'completed', explanation: null });
    const messages = ofRun('points', 'first');
    const points = messages.flatMap((m) => m.points);
    // 240 training images, 48 held out for validation: 192 in batches of 8, then the epoch's point
    const epochs = points.filter((p) => p.type === 'epoch');
    expect(epochs.map((p) => p.epoch)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(points).toHaveLength(30 * 25);
    expect(points.slice(23, 26).map((p) => [p.type, p.epoch])).toEqual([
      ['batch', 1],
      ['epoch', 1],
      ['batch', 2],
    ]);
    // at most one message every 50 ms, one more with the weights each second, and one before each inspection
    const inspections = ofRun('inspection', 'first');
    expect(messages.length).toBeLessThanOrEqual(
      Math.ceil(seconds * 20) + Math.ceil(seconds) + inspections.length + 2,
    );
    // the weights come with an epoch's point: the first, at most one a second after, and the last
    const withWeights = messages.filter((m) => m.params !== null);
    expect(withWeights.every((m) => m.points.at(-1)!.type === 'epoch')).toBe(true);
    expect(withWeights.at(-1)!.points.at(-1)).toMatchObject({ type: 'epoch', epoch: 30 });
    expect(withWeights.length).toBeLessThanOrEqual(Math.ceil(seconds) + 2);
    const lastEpoch = epochs.at(-1) as EpochPoint;
    expect(lastEpoch.validationAccuracy).toBeGreaterThan(0.8);
    const model = ended.model!;
    expect(model.info.metrics).toMatchObject({
      trainAccuracy: expect.any(Number),
      testAccuracy: expect.any(Number),
    });
    expect(model.info.metrics!['validationAccuracy']).toBeCloseTo(lastEpoch.validationAccuracy!, 6);
    expect(model.info.setup).toMatchObject({ epochs: 30, classOrder: ['circle', 'square', 'triangle'] });
    expect(encodeModel(model).length).toBeGreaterThan(0);
    // a look inside a few times a second, with the first layer's pictures at most once a second and at the end
    expect(inspections.length).toBeLessThanOrEqual(Math.ceil(seconds / 0.4) + 1);
    expect(inspections.filter((e) => e.firstLayer.units > 0).length).toBeLessThanOrEqual(
      Math.ceil(seconds) + 1,
    );
    expect(inspections.at(-1)!).toMatchObject({ epoch: 30, firstLayer: { units: 16 } });
    expect(inspections.at(-1)!.layers.map((l) => l.units)).toEqual([16, 3]);
  }, 60_000);

  it("answers with the run's model: every test image's probabilities, and photos sent as bytes", async () => {
    const { classes, labels, probabilities } = await client.request({
      kind: 'predictSplit',
      split: 'test',
      index: null,
    });
    expect(classes).toEqual(['circle', 'square', 'triangle']);
    expect(probabilities).toHaveLength(60 * 3);
    let correct = 0;
    labels.forEach((label, i) => {
      const row = Array.from(probabilities.subarray(i * 3, i * 3 + 3));
      expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
      if (row.indexOf(Math.max(...row)) === label) correct++;
    });
    expect(correct / 60).toBeGreaterThan(0.8);
    const { png } = await client.request({ kind: 'thumbnail', split: 'test', index: 0, size: 64 });
    const { photos } = await client.request({
      kind: 'classify',
      photos: [
        { name: 'a.png', bytes: png },
        { name: 'not a photo.png', bytes: new TextEncoder().encode('hello') },
      ],
    });
    expect(photos[0]!.probabilities).toHaveLength(3);
    expect(photos[1]).toEqual({
      file: 'not a photo.png',
      probabilities: null,
      error: expect.stringMatching(/not an image/),
    });
  });

  it('pauses, resumes and stops within 200 ms', async () => {
    await client.request({ kind: 'startRun', runId: 'long', setup: setup(100_000), datasetHash: null });
    await next('points');
    client.pause();
    await next('paused');
    const during = events.length;
    await sleep(300);
    expect(events.slice(during).filter((e) => e.type === 'points')).toEqual([]);
    client.resume();
    await next('resumed');
    await next('points');
    const asked = performance.now();
    client.stop();
    const ended = await next('runEnded');
    expect(performance.now() - asked).toBeLessThan(200);
    expect(ended).toMatchObject({ runId: 'long', status: 'stopped' });
  });

  it('survives kill -9 mid-run: says why it went, and a new process trains once given the data again', async () => {
    await client.request({ kind: 'startRun', runId: 'doomed', setup: setup(100_000), datasetHash: null });
    await next('points');
    client.kill();
    const exited = await next('exited');
    expect(exited.exit).toEqual({ kind: 'killed', reason: 'the trainer was killed (SIGKILL)' });
    expect(client.running).toBe(false);
    await expect(
      client.request({ kind: 'startRun', runId: 'x', setup: setup(2), datasetHash: null }),
    ).rejects.toThrow(/no data set is open/);
    await client.request(sample);
    await client.request({ kind: 'startRun', runId: 'after', setup: setup(2), datasetHash: null });
    expect(await next('runEnded')).toMatchObject({ runId: 'after', status: 'completed' });
  }, 60_000);

  it('ends when asked to, with exit code 0', async () => {
    await client.close();
    expect(client.running).toBe(false);
    expect(events.at(-1)).toEqual({
      type: 'exited',
      exit: { kind: 'exited', code: 0, reason: 'the trainer exited with code 0' },
    });
  });
});

describe("a trainer process's end, in words", () => {
  it('tells running out of memory, a crash, a kill and an exit apart', () => {
    expect(
      childExit(
        null,
        'SIGABRT',
        'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
      ).kind,
    ).toBe('outOfMemory');
    expect(childExit(null, 'SIGSEGV', '')).toEqual({
      kind: 'crashed',
      reason: 'the trainer crashed (SIGSEGV)',
    });
    expect(childExit(null, 'SIGTERM', '').kind).toBe('killed');
    expect(childExit(3, null, '')).toEqual({
      kind: 'exited',
      code: 3,
      reason: 'the trainer exited with code 3',
    });
  });
});
