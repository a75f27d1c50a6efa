import { describe, expect, it } from 'vitest';
import type { PoolSpec, TensorShape } from '../../src/core/architecture.ts';
import {
  averagePoolBackward,
  averagePoolForward,
  maxPoolBackward,
  maxPoolForward,
  poolGeometry,
  type PoolGeometry,
} from '../../src/core/layers/pooling.ts';
import { Random } from '../../src/core/random.ts';
import { dot, numericGradient, randomValues, relativeError } from '../helpers/layerCheck.ts';

/** A pool's window: its spec without the type, which the geometry does not depend on. */
type PoolWindow = Pick<PoolSpec, 'size' | 'stride'>;
const maxPool = (window: PoolWindow): PoolSpec => ({ type: 'maxPool', ...window });

function geometry(input: TensorShape, window: PoolWindow): PoolGeometry {
  const g = poolGeometry(input, maxPool(window));
  if (typeof g === 'string') throw new Error(g);
  return g;
}

type Reduce = (window: number[]) => number;
const max: Reduce = (window) => Math.max(...window);
const mean: Reduce = (window) => window.reduce((sum, value) => sum + value, 0) / window.length;

/** Each output by the definition: its window's values gathered one by one, then reduced. */
function naivePool(x: Float64Array, m: number, g: PoolGeometry, reduce: Reduce): Float64Array {
  const { height: H, width: W, channels: C } = g.input;
  const { height: Ho, width: Wo } = g.output;
  const out = new Float64Array(m * Ho * Wo * C);
  for (let n = 0; n < m; n++) {
    for (let i = 0; i < Ho; i++) {
      for (let j = 0; j < Wo; j++) {
        for (let c = 0; c < C; c++) {
          const window: number[] = [];
          for (let u = 0; u < g.size; u++) {
            for (let v = 0; v < g.size; v++) {
              window.push(x[((n * H + i * g.stride + u) * W + j * g.stride + v) * C + c]!);
            }
          }
          out[((n * Ho + i) * Wo + j) * C + c] = reduce(window);
        }
      }
    }
  }
  return out;
}

const INPUT: TensorShape = { height: 5, width: 7, channels: 3 };
/** 2×2 stride 2, overlapping 3×3 stride 2 and 2×2 stride 1, and 3×3 stride 3, all on 5×7×3 (edges dropped) */
const SPECS: PoolWindow[] = [
  { size: 2, stride: 2 },
  { size: 3, stride: 2 },
  { size: 2, stride: 1 },
  { size: 3, stride: 3 },
];
const name = (s: PoolWindow) => `${s.size}×${s.size} stride ${s.stride}`;
const m = 2;

function setting(spec: PoolWindow, seed: number) {
  const g = geometry(INPUT, spec);
  const random = new Random(seed);
  const x = randomValues(m * INPUT.height * INPUT.width * INPUT.channels, random);
  const outputs = m * g.output.height * g.output.width * g.output.channels;
  return {
    g,
    x,
    r: randomValues(outputs, random),
    out: new Float64Array(outputs),
    argmax: new Int32Array(outputs),
  };
}

describe('poolGeometry', () => {
  it.each([
    // H, W, size, stride → H_o, W_o: windows past the edge are dropped
    [5, 7, 2, 2, 2, 3],
    [5, 7, 3, 2, 2, 3],
    [5, 7, 2, 1, 4, 6],
    [5, 7, 3, 3, 1, 2],
    [64, 64, 2, 2, 32, 32],
    [2, 2, 2, 2, 1, 1],
  ])('%i×%i input, window %i, stride %i: %i×%i out', (H, W, size, stride, Ho, Wo) => {
    const g = geometry({ height: H, width: W, channels: 16 }, { size, stride });
    expect(g.output).toEqual({ height: Ho, width: Wo, channels: 16 });
  });

  it('names a pool that leaves nothing', () => {
    expect(poolGeometry({ height: 1, width: 1, channels: 4 }, maxPool({ size: 2, stride: 2 }))).toBe(
      'a 2×2 pool on 1×1 input leaves nothing',
    );
    expect(poolGeometry({ height: 8, width: 2, channels: 4 }, maxPool({ size: 3, stride: 1 }))).toBe(
      'a 3×3 pool on 8×2 input leaves nothing',
    );
  });
});

describe('max pooling', () => {
  it.each(SPECS.map((s) => [name(s), s] as const))(
    'takes each window’s largest value and records where it was: %s',
    (_, spec) => {
      const { g, x, out, argmax } = setting(spec, 1);
      maxPoolForward(out, argmax, x, m, g);
      expect([...out]).toEqual([...naivePool(x, m, g, max)]);
      out.forEach((value, o) => expect(x[argmax[o]!]).toBe(value));
    },
  );

  it('breaks ties by the first in the window, row by row, and sends the gradient there alone (hand-worked)', () => {
    // one 2×2 image, one channel: [[1, 3], [3, 2]]
    const g = geometry({ height: 2, width: 2, channels: 1 }, { size: 2, stride: 2 });
    const out = new Float64Array(1);
    const argmax = new Int32Array(1);
    maxPoolForward(out, argmax, Float64Array.from([1, 3, 3, 2]), 1, g);
    expect([out[0], argmax[0]]).toEqual([3, 1]);
    const dX = new Float64Array(4).fill(NaN);
    maxPoolBackward(dX, Float64Array.from([5]), argmax, 1, g);
    expect([...dX]).toEqual([0, 5, 0, 0]);
  });

  it('adds the gradients of overlapping windows that share a maximum (2×3 input, 2×2 stride 1)', () => {
    const wide = geometry({ height: 2, width: 3, channels: 1 }, { size: 2, stride: 1 });
    // [[0, 9, 0], [0, 0, 0]]: both windows' maximum is the 9
    const out = new Float64Array(2);
    const argmax = new Int32Array(2);
    maxPoolForward(out, argmax, Float64Array.from([0, 9, 0, 0, 0, 0]), 1, wide);
    const dX = new Float64Array(6);
    maxPoolBackward(dX, Float64Array.from([2, 3]), argmax, 1, wide);
    expect([...dX]).toEqual([0, 5, 0, 0, 0, 0]);
  });

  it.each(SPECS.map((s) => [name(s), s] as const))(
    'agrees with central differences on its input below 1e-7 (float64): %s',
    (_, spec) => {
      const { g, x, r, out, argmax } = setting(spec, 2);
      const cost = () => {
        maxPoolForward(out, argmax, x, m, g);
        return dot(r, out);
      };
      cost();
      const dX = new Float64Array(x.length);
      maxPoolBackward(dX, r, argmax, m, g);
      expect(relativeError(numericGradient(x, cost), dX)).toBeLessThan(1e-7);
    },
  );
});

describe('average pooling', () => {
  it.each(SPECS.map((s) => [name(s), s] as const))('takes each window’s mean: %s', (_, spec) => {
    const { g, x, out } = setting(spec, 3);
    averagePoolForward(out, x, m, g);
    const expected = naivePool(x, m, g, mean);
    out.forEach((value, o) => expect(value).toBeCloseTo(expected[o]!, 14));
  });

  it('shares the gradient equally over the window, size² ways (hand-worked)', () => {
    const g = geometry({ height: 2, width: 3, channels: 1 }, { size: 2, stride: 1 });
    const out = new Float64Array(2);
    averagePoolForward(out, Float64Array.from([1, 2, 3, 4, 5, 6]), 1, g);
    expect([...out]).toEqual([3, 4]);
    const dX = new Float64Array(6).fill(NaN);
    averagePoolBackward(dX, Float64Array.from([4, 8]), 1, g);
    expect([...dX]).toEqual([1, 3, 2, 1, 3, 2]);
  });

  it.each(SPECS.map((s) => [name(s), s] as const))(
    'agrees with central differences on its input below 1e-7 (float64): %s',
    (_, spec) => {
      const { g, x, r, out } = setting(spec, 4);
      const cost = () => {
        averagePoolForward(out, x, m, g);
        return dot(r, out);
      };
      cost();
      const dX = new Float64Array(x.length);
      averagePoolBackward(dX, r, m, g);
      expect(relativeError(numericGradient(x, cost), dX)).toBeLessThan(1e-7);
    },
  );
});
