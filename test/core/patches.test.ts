import { describe, expect, it } from 'vitest';
import { col2imAdd, im2col, patchRows } from '../../src/core/patches.ts';
import { Random } from '../../src/core/random.ts';
import { GEOMETRIES, geometry } from '../helpers/convGeometries.ts';
import { dot, randomValues } from '../helpers/layerCheck.ts';

describe('im2col', () => {
  it('reads each window in (kh, kw, c) order, zeros over the padding (hand-worked, 2×2×1, 3×3 same)', () => {
    const g = geometry(
      { height: 2, width: 2, channels: 1 },
      { filters: 1, kernel: 3, stride: 1, padding: 'same' },
    );
    const patches = new Float64Array(4 * 9).fill(NaN);
    im2col(patches, Float64Array.from([1, 2, 3, 4]), 1, g);
    expect([...patches]).toEqual([
      ...[0, 0, 0, 0, 1, 2, 0, 3, 4],
      ...[0, 0, 0, 1, 2, 0, 3, 4, 0],
      ...[0, 1, 2, 0, 3, 4, 0, 0, 0],
      ...[1, 2, 0, 3, 4, 0, 0, 0, 0],
    ]);
  });

  it('keeps the channels of a pixel together (1×2×2, 1×1 valid stride 1)', () => {
    const g = geometry(
      { height: 1, width: 2, channels: 2 },
      { filters: 1, kernel: 1, stride: 1, padding: 'valid' },
    );
    const patches = new Float64Array(4);
    im2col(patches, Float64Array.from([1, 2, 3, 4]), 1, g);
    expect([...patches]).toEqual([1, 2, 3, 4]);
  });

  it('refuses buffers too small for the batch', () => {
    const g = geometry(
      { height: 2, width: 2, channels: 1 },
      { filters: 1, kernel: 3, stride: 1, padding: 'same' },
    );
    expect(() => im2col(new Float64Array(4 * 9), new Float64Array(4), 2, g)).toThrow(RangeError);
    expect(() => col2imAdd(new Float64Array(8), new Float64Array(4 * 9), 2, g)).toThrow(RangeError);
  });

  it.each(GEOMETRIES)(
    'has col2imAdd as its adjoint, ⟨im2col(x), p⟩ = ⟨x, col2im(p)⟩: %s',
    (_, input, window) => {
      const g = geometry(input, window);
      const m = 3;
      const random = new Random(5);
      const x = randomValues(m * input.height * input.width * input.channels, random);
      const p = randomValues(patchRows(m, g) * g.patchLength, random);
      const patches = new Float64Array(p.length);
      const back = new Float64Array(x.length).fill(NaN);
      im2col(patches, x, m, g);
      col2imAdd(back, p, m, g);
      expect(dot(patches, p)).toBeCloseTo(dot(x, back), 10);
    },
  );
});
