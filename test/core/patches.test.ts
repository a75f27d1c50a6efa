import { describe, expect, it } from 'vitest';
import { referenceKernel } from '../../src/core/kernels/kernel.ts';
import { simdKernel, type KernelBuild } from '../../src/core/kernels/simd.ts';
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

describe.each(['simd', 'relaxed'] satisfies KernelBuild[])(
  'the WebAssembly kernel’s moves, %s build',
  (build) => {
    const simd = simdKernel(build)!;
    const reference = referenceKernel();

    it.each([
      ...GEOMETRIES,
      // a first layer (3 channels) and a deeper one (16), where rows are copied four values at a time
      [
        '3×3 stride 1 same on 13×11×3',
        { height: 13, width: 11, channels: 3 },
        { filters: 1, kernel: 3, stride: 1, padding: 'same' },
      ],
      [
        '5×5 stride 2 same on 9×10×16',
        { height: 9, width: 10, channels: 16 },
        { filters: 1, kernel: 5, stride: 2, padding: 'same' },
      ],
    ] as typeof GEOMETRIES)('are exactly the reference’s: %s', (_, input, window) => {
      const g = geometry(input, window);
      const m = 3;
      const random = new Random(6);
      const images = m * input.height * input.width * input.channels;
      const values = patchRows(m, g) * g.patchLength;
      const [x, patches, dX, dPatches] = [images, values, images, values].map((length) =>
        simd.allocate(length),
      );
      x.set(randomValues(images, random));
      dPatches.set(randomValues(values, random));
      patches.fill(NaN);
      dX.fill(NaN);
      simd.im2col(patches, x, m, g);
      simd.col2imAdd(dX, dPatches, m, g);
      const expectedPatches = new Float32Array(values);
      const expectedDX = new Float32Array(images);
      reference.im2col(expectedPatches, Float32Array.from(x), m, g);
      reference.col2imAdd(expectedDX, Float32Array.from(dPatches), m, g);
      expect(patches).toEqual(expectedPatches);
      expect(dX).toEqual(expectedDX);
      [x, patches, dX, dPatches].forEach((array) => simd.release(array));
    });
  },
);
