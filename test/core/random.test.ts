import { describe, expect, it } from 'vitest';
import { Random } from '../../src/core/random.ts';

describe('Random', () => {
  it("draws numpy's legacy randn sequence for a seed (np.random.seed(1); np.random.randn(5))", () => {
    const random = new Random(1);
    const draws = Array.from({ length: 5 }, () => random.normal());
    expect(draws).toEqual([
      1.6243453636632417, -0.6117564136500754, -0.5281717522634557, -1.0729686221561705, 0.8654076293246785,
    ]);
  });

  it("draws numpy's random_sample sequence (np.random.seed(1); np.random.rand(3))", () => {
    const random = new Random(1);
    expect([random.uniform(), random.uniform(), random.uniform()]).toEqual([
      0.417022004702574, 0.7203244934421581, 0.00011437481734488664,
    ]);
  });

  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = new Random(7);
    const b = new Random(7);
    const c = new Random(8);
    const seq = (r: Random) => Array.from({ length: 20 }, () => r.nextUint32());
    const first = seq(a);
    expect(seq(b)).toEqual(first);
    expect(seq(c)).not.toEqual(first);
  });

  it('shuffles reproducibly into a permutation', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const once = new Random(3).shuffle([...items]);
    expect(new Random(3).shuffle([...items])).toEqual(once);
    expect(once).not.toEqual(items);
    expect([...once].sort((x, y) => x - y)).toEqual(items);
  });

  it('draws integers below n, covering the whole range', () => {
    const random = new Random(5);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const v = random.below(6);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(6);
      seen.add(v);
    }
    expect(seen.size).toBe(6);
  });

  it('refuses seeds that are not 32-bit unsigned integers', () => {
    expect(() => new Random(-1)).toThrow(RangeError);
    expect(() => new Random(1.5)).toThrow(RangeError);
    expect(() => new Random(2 ** 32)).toThrow(RangeError);
  });
});
