import { describe, expect, it } from 'vitest';
import { LossEnvelope } from '../../src/renderer/src/lib/lossEnvelope.ts';

/** A saw-tooth: each epoch's batches fall from 2 to 1, epoch after epoch. */
function sawTooth(envelope: LossEnvelope, epochs: number, batches: number): void {
  for (let e = 0; e < epochs; e++)
    for (let b = 1; b <= batches; b++) envelope.add(e + b / batches, 2 - (b - 1) / (batches - 1));
}

describe('the loss-per-batch envelope', () => {
  it('draws every batch of a short run as it came', () => {
    const envelope = new LossEnvelope(8);
    [3, 1, 2].forEach((loss, i) => envelope.add(i + 1, loss));
    expect(envelope.columns()).toEqual([
      [1, 2, 3],
      [3, 1, 2],
    ]);
    expect(envelope.count).toBe(3);
  });

  it('keeps every tooth’s top and bottom when a long run is drawn in few points', () => {
    const envelope = new LossEnvelope(100);
    sawTooth(envelope, 40, 64); // 2,560 batches in at most 200 points
    const [x, loss] = envelope.columns();
    expect(envelope.count).toBe(2560);
    expect(x.length).toBeLessThanOrEqual(200);
    expect(Math.max(...(loss as number[]))).toBe(2);
    expect(Math.min(...(loss as number[]))).toBe(1);
    // every epoch still shows its rise to 2 and its fall to 1
    for (let e = 0; e < 40; e++) {
      const inEpoch = loss.filter((_, i) => x[i]! > e && x[i]! <= e + 1) as number[];
      expect(Math.max(...inEpoch)).toBe(2);
      expect(Math.min(...inEpoch)).toBe(1);
    }
    // in the order the batches came
    expect(x).toEqual([...x].sort((a, b) => a - b));
  });

  it('holds the same number of points after a million batches as after a thousand', () => {
    const envelope = new LossEnvelope(1000);
    sawTooth(envelope, 1000, 1000);
    expect(envelope.count).toBe(1_000_000);
    expect(envelope.columns()[0].length).toBeLessThanOrEqual(2000);
  });
});
