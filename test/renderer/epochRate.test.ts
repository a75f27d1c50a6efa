import { describe, expect, it } from 'vitest';
import { EpochRate } from '../../src/renderer/src/lib/epochRate.ts';
import { secondsLeft } from '../../src/renderer/src/lib/format.ts';

/** Epochs ending at these times (ms), and the time left of a 1,000-epoch run after each. */
function timesLeft(ends: readonly number[]): (number | null)[] {
  const rate = new EpochRate();
  return ends.map((end, i) => {
    rate.epochEnded(end);
    return secondsLeft(rate.secondsPerEpoch, i + 1, 1000);
  });
}

describe('the time left of a run', () => {
  it('is unknown until two epochs have been timed, then follows their pace', () => {
    const [first, second, third] = timesLeft([0, 100, 200]);
    expect([first, second]).toEqual([null, null]);
    expect(third).toBeCloseTo(0.1 * 997);
  });

  it('holds steady when epochs arrive in bursts, as they do when messages are coalesced', () => {
    // 100 ms an epoch on average, delivered ten at a time every second
    const ends = Array.from({ length: 300 }, (_, i) => Math.floor(i / 10) * 1000 + (i % 10));
    const left = timesLeft(ends).slice(100);
    const perEpoch = left.map((s, i) => s! / (1000 - 101 - i));
    // an average over the last 20 epochs swung from 0.053 to 0.105 s an epoch: twice the time left, then half
    expect(Math.min(...perEpoch)).toBeGreaterThan(0.09);
    expect(Math.max(...perEpoch)).toBeLessThan(0.11);
  });

  it('moves little for one slow epoch, and follows a lasting change within a few half-lives', () => {
    const steady = Array.from({ length: 200 }, (_, i) => i * 100);
    const slowOnce = [...steady, steady.at(-1)! + 3000, ...steady.map((t) => t + steady.at(-1)! + 3100)];
    const rate = new EpochRate();
    for (const end of slowOnce.slice(0, 201)) rate.epochEnded(end);
    expect(rate.secondsPerEpoch!).toBeLessThan(0.4);
    const slower = new EpochRate();
    for (let i = 0; i < 2000; i++) slower.epochEnded(i < 100 ? i * 100 : 10_000 + (i - 100) * 200);
    expect(slower.secondsPerEpoch!).toBeCloseTo(0.2, 2);
  });

  it('does not count time paused', () => {
    const rate = new EpochRate();
    [0, 100, 200, 300].forEach((t) => rate.epochEnded(t));
    rate.paused();
    [60_000, 60_100, 60_200].forEach((t) => rate.epochEnded(t));
    expect(rate.secondsPerEpoch).toBeCloseTo(0.1, 6);
  });
});
