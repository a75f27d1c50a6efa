import { describe, expect, it } from 'vitest';
import { benchPlan, PREDICTIONS, runsTable, slowerCounts } from '../../bench/plan.ts';
import { kindOf } from '../../bench/profile.ts';
import { gflopsPerSecond } from '../../bench/table.ts';
import { flopsPerPass, w5Architecture, w5Config, type PeerResult } from '../../bench/workload.ts';

describe("the bench's plan", () => {
  it('runs every workload of the table, W7 and W3 by default', () => {
    const plan = benchPlan({});
    expect([...plan.parts]).toEqual(['peers', 'W7', 'W3']);
    expect(plan.counts).toEqual({ iterations: 200, epochs: 100, predictions: PREDICTIONS, cnnEpochs: 5 });
    expect(plan.rounds).toBe(3);
    expect(plan.appEpochs).toBeUndefined();
  });

  it("runs the table's W5 column alone when asked for W5 only", () => {
    const plan = benchPlan({
      WHISKER_BENCH_ONLY: 'W5',
      WHISKER_BENCH_CNN_EPOCHS: '2',
      WHISKER_BENCH_ROUNDS: '1',
    });
    expect(plan.counts).toEqual({ iterations: 0, epochs: 0, predictions: 0, cnnEpochs: 2 });
    expect(plan.rounds).toBe(1);
    expect(runsTable(plan.counts)).toBe(true);
    expect(runsTable(benchPlan({ WHISKER_BENCH_ONLY: 'W3' }).counts)).toBe(false);
  });

  it('refuses a length that is not a whole number, naming the variable', () => {
    expect(() => benchPlan({ WHISKER_BENCH_CNN_EPOCHS: 'five' })).toThrow(
      'WHISKER_BENCH_CNN_EPOCHS=five: a whole number of 0 or more',
    );
  });

  it('gives a slower peer less of each workload, never none of one asked for', () => {
    const counts = { iterations: 200, epochs: 100, predictions: 5000, cnnEpochs: 3 };
    expect(slowerCounts(counts, { iterations: 4, epochs: 10, predictions: 5, cnnEpochs: 5 })).toEqual({
      iterations: 50,
      epochs: 10,
      predictions: 1000,
      cnnEpochs: 1,
    });
    expect(slowerCounts({ ...counts, iterations: 0 }, { iterations: 4 }).iterations).toBe(0);
  });
});

describe('W5', () => {
  it('counts the products of three conv blocks and two dense layers: forward, dW, and dA below the first', () => {
    const m = 209;
    const conv = (side: number, filters: number, channels: number) =>
      2 * m * side * side * filters * 9 * channels;
    const dense = (units: number, fanIn: number) => 2 * m * units * fanIn;
    expect(flopsPerPass(w5Architecture(64 * 64 * 3), m)).toBe(
      2 * conv(64, 16, 3) +
        3 * conv(32, 32, 16) +
        3 * conv(16, 64, 32) +
        3 * dense(64, 8 * 8 * 64) +
        3 * dense(1, 64),
    );
  });

  it('trains by plain gradient descent in batches of 32 from He initialisation', () => {
    expect(w5Config(1)).toMatchObject({
      batchSize: 32,
      optimizer: { kind: 'gradientDescent' },
      initializer: 'he',
    });
  });

  it('is given in GFLOP/s for every row that ran it', () => {
    const row = (name: string, cnnEpochMs: number | null, threads: number): PeerResult => ({
      name,
      threads,
      cost: null,
      fullBatchMs: null,
      miniBatchEpochMs: null,
      predictUs: null,
      cnnEpochMs,
      adamEpochMs: null,
      momentumEpochMs: null,
    });
    const rows = [row('Whisker', 250, 2), row('PyTorch', 500, 1), row('plain', null, 1)];
    expect(gflopsPerSecond(rows, 'cnnEpochMs', 13.6)).toBe('Whisker 54.4 (2), PyTorch 27.2 (1)');
  });
});

describe("the profile's products", () => {
  it("counts a batch's smaller last part with the others of its shape", () => {
    // C[m, n] = A[m, k]·B[n, k]ᵀ: W5's first convolution on 32 and on 17 images
    const full = kindOf('multiplyTransposed', [0, 0, 0, 32 * 4096, 16, 27]);
    const last = kindOf('multiplyTransposed', [0, 0, 0, 17 * 4096, 16, 27]);
    expect(last.key).toBe(full.key);
    expect(full.label).toBe('[131072×27]·[16×27]ᵀ');
    expect(full.flops).toBe(2 * 32 * 4096 * 16 * 27);
    // C[m, n] = A[k, m]ᵀ·B[k, n]: its dJ/dW
    expect(kindOf('multiplyTransposedLeft', [0, 0, 0, 16, 27, 17 * 4096]).key).toBe(
      kindOf('multiplyTransposedLeft', [0, 0, 0, 16, 27, 32 * 4096]).key,
    );
    expect(kindOf('descend', []).key).toBe('updates');
  });
});
