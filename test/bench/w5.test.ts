import { describe, expect, it } from 'vitest';
import { gflopsPerSecond } from '../../bench/table.ts';
import { flopsPerPass, w5Architecture, w5Config, type PeerResult } from '../../bench/workload.ts';

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
