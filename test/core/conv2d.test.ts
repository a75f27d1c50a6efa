import { describe, expect, it } from 'vitest';
import { referenceKernel, type Kernel } from '../../src/core/kernels/kernel.ts';
import { simdKernel, type KernelBuild } from '../../src/core/kernels/simd.ts';
import {
  conv2dBackward,
  conv2dForward,
  convGeometry,
  type ConvGeometry,
} from '../../src/core/layers/conv2d.ts';
import type { FloatArray } from '../../src/core/matrix.ts';
import { patchRows } from '../../src/core/patches.ts';
import { Products } from '../../src/core/products.ts';
import { Random } from '../../src/core/random.ts';
import { convSpec, GEOMETRIES, geometry, INPUT } from '../helpers/convGeometries.ts';
import { dot, numericGradient, relativeError } from '../helpers/layerCheck.ts';

/** Z by the definition: every output value summed over its window, zeros outside the image. */
function naiveConv(x: FloatArray, w: FloatArray, b: FloatArray, m: number, g: ConvGeometry): Float64Array {
  const { height: H, width: W, channels: C } = g.input;
  const { height: Ho, width: Wo, channels: F } = g.output;
  const k = g.kernel;
  const z = new Float64Array(m * Ho * Wo * F);
  for (let n = 0; n < m; n++) {
    for (let i = 0; i < Ho; i++) {
      for (let j = 0; j < Wo; j++) {
        for (let f = 0; f < F; f++) {
          let sum = b[f]!;
          for (let kh = 0; kh < k; kh++) {
            for (let kw = 0; kw < k; kw++) {
              const y = i * g.stride - g.padTop + kh;
              const x0 = j * g.stride - g.padLeft + kw;
              if (y < 0 || y >= H || x0 < 0 || x0 >= W) continue;
              for (let c = 0; c < C; c++) {
                sum += x[((n * H + y) * W + x0) * C + c]! * w[((f * k + kh) * k + kw) * C + c]!;
              }
            }
          }
          z[((n * Ho + i) * Wo + j) * F + f] = sum;
        }
      }
    }
  }
  return z;
}

const float64 = new Products(referenceKernel(Float64Array));

/** Buffers for a batch of m through the layer, in the kernel's memory. */
function buffers(kernel: Kernel, m: number, g: ConvGeometry) {
  const { height: H, width: W, channels: C } = g.input;
  const rows = patchRows(m, g);
  const F = g.output.channels;
  return {
    x: kernel.allocate(m * H * W * C),
    w: kernel.allocate(F * g.patchLength),
    b: kernel.allocate(F),
    z: kernel.allocate(rows * F),
    patches: kernel.allocate(rows * g.patchLength),
    dPatches: kernel.allocate(rows * g.patchLength),
    dZ: kernel.allocate(rows * F),
    dW: kernel.allocate(F * g.patchLength),
    db: kernel.allocate(F),
    dX: kernel.allocate(m * H * W * C),
  };
}
type Buffers = ReturnType<typeof buffers>;

function fill(buffers: Buffers, random: Random): void {
  for (const values of [buffers.x, buffers.w, buffers.b, buffers.dZ]) {
    values.forEach((_, i) => (values[i] = random.normal()));
  }
}

function forwardAndBackward(products: Products, m: number, g: ConvGeometry, v: Buffers): void {
  conv2dForward(products, v.z, v.x, v.w, v.b, m, g, v.patches);
  conv2dBackward(products, v.dW, v.db, v.dX, v.dZ, v.w, m, g, v.patches, v.dPatches);
}

describe('convGeometry', () => {
  it.each([
    // H, W, k, s, padding → H_o, W_o, padTop, padLeft (TensorFlow's rule, worked by hand)
    [5, 7, 3, 1, 'same', 5, 7, 1, 1],
    [5, 7, 3, 2, 'same', 3, 4, 1, 1],
    [5, 7, 2, 1, 'same', 5, 7, 0, 0],
    [5, 7, 2, 2, 'same', 3, 4, 0, 0],
    [6, 6, 3, 2, 'same', 3, 3, 0, 0],
    [5, 7, 5, 3, 'same', 2, 3, 1, 2],
    [64, 64, 3, 1, 'same', 64, 64, 1, 1],
    [5, 7, 3, 1, 'valid', 3, 5, 0, 0],
    [5, 7, 3, 2, 'valid', 2, 3, 0, 0],
    [5, 7, 2, 2, 'valid', 2, 3, 0, 0],
    [3, 3, 3, 1, 'valid', 1, 1, 0, 0],
  ] as const)(
    '%i×%i input, kernel %i, stride %i, %s: %i×%i out, padded %i above and %i left',
    (H, W, k, s, padding, Ho, Wo, top, left) => {
      const g = geometry({ height: H, width: W, channels: 3 }, { filters: 8, kernel: k, stride: s, padding });
      expect(g.output).toEqual({ height: Ho, width: Wo, channels: 8 });
      expect([g.padTop, g.padLeft]).toEqual([top, left]);
    },
  );

  it('names a convolution that leaves nothing', () => {
    const tiny = { height: 2, width: 2, channels: 1 };
    expect(convGeometry(tiny, convSpec({ filters: 1, kernel: 3, stride: 1, padding: 'valid' }))).toBe(
      'a 3×3 valid convolution on 2×2 input leaves nothing',
    );
    expect(
      convGeometry(
        { height: 9, width: 2, channels: 1 },
        convSpec({ filters: 1, kernel: 3, stride: 2, padding: 'valid' }),
      ),
    ).toBe('a 3×3 valid convolution on 9×2 input leaves nothing');
    expect(geometry(tiny, { filters: 1, kernel: 3, stride: 2, padding: 'same' }).output).toEqual({
      height: 1,
      width: 1,
      channels: 1,
    });
  });
});

describe('conv2dForward', () => {
  it.each(GEOMETRIES)('agrees with the direct loop: %s', (_, input, spec) => {
    const g = geometry(input, spec);
    const m = 2;
    const v = buffers(referenceKernel(Float64Array), m, g);
    fill(v, new Random(3));
    conv2dForward(float64, v.z, v.x, v.w, v.b, m, g, v.patches);
    const expected = naiveConv(v.x, v.w, v.b, m, g);
    v.z.forEach((z, i) => expect(z).toBeCloseTo(expected[i]!, 12));
  });
});

describe('conv2dBackward', () => {
  it.each(GEOMETRIES)(
    'agrees with central differences on inputs, weights and biases below 1e-7 (float64): %s',
    (_, input, spec) => {
      const g = geometry(input, spec);
      const m = 2;
      const v = buffers(referenceKernel(Float64Array), m, g);
      fill(v, new Random(7));
      const [x, w, b] = [v.x as Float64Array, v.w as Float64Array, v.b as Float64Array];
      // J = Σ r ⊙ Z, so dJ/dZ = r
      const r = v.dZ;
      const cost = () => {
        conv2dForward(float64, v.z, x, w, b, m, g, v.patches);
        return dot(r, v.z);
      };
      cost();
      conv2dBackward(float64, v.dW, v.db, v.dX, r, w, m, g, v.patches, v.dPatches);
      expect(relativeError(numericGradient(x, cost), v.dX)).toBeLessThan(1e-7);
      expect(relativeError(numericGradient(w, cost), v.dW)).toBeLessThan(1e-7);
      expect(relativeError(numericGradient(b, cost), v.db)).toBeLessThan(1e-7);
    },
  );

  it('adds dW and db to what is there when accumulating, and skips dA_prev when it is null', () => {
    const g = geometry(INPUT, { filters: 2, kernel: 3, stride: 2, padding: 'same' });
    const m = 2;
    const v = buffers(referenceKernel(Float64Array), m, g);
    fill(v, new Random(9));
    forwardAndBackward(float64, m, g, v);
    const [dW, db] = [v.dW.slice(), v.db.slice()];
    v.dX.fill(7);
    conv2dBackward(float64, v.dW, v.db, null, v.dZ, v.w, m, g, v.patches, v.dPatches, true);
    v.dW.forEach((value, i) => expect(value).toBeCloseTo(2 * dW[i]!, 12));
    v.db.forEach((value, i) => expect(value).toBeCloseTo(2 * db[i]!, 12));
    expect(v.dX.every((value) => value === 7)).toBe(true);
  });
});

describe.each(['simd', 'relaxed'] satisfies KernelBuild[])('on the WebAssembly kernel, %s build', (build) => {
  it('runs forward and backward within float32 rounding of the float64 reference (9×11×5, 3×3 stride 2 same, 7 filters, m = 3)', () => {
    const simd = simdKernel(build);
    expect(simd).not.toBeNull();
    const g = geometry(
      { height: 9, width: 11, channels: 5 },
      { filters: 7, kernel: 3, stride: 2, padding: 'same' },
    );
    const m = 3;
    const fast = buffers(simd!, m, g);
    fill(fast, new Random(11));
    const products = new Products(simd!);
    forwardAndBackward(products, m, g, fast);

    const reference = buffers(referenceKernel(Float64Array), m, g);
    const scale = buffers(referenceKernel(Float64Array), m, g);
    for (const key of ['x', 'w', 'b', 'dZ'] as const) {
      reference[key].set(fast[key]);
      scale[key].set(Float64Array.from(fast[key], Math.abs));
    }
    forwardAndBackward(float64, m, g, reference);
    // the same sums over absolute values: the scale float32 rounding is measured against
    forwardAndBackward(float64, m, g, scale);
    for (const key of ['z', 'dW', 'db', 'dX'] as const) {
      let worst = 0;
      fast[key].forEach((value, i) => {
        worst = Math.max(worst, Math.abs(value - reference[key][i]!) / scale[key][i]!);
      });
      expect(worst, key).toBeLessThan(1e-5);
    }
    products.dispose();
    Object.values(fast).forEach((array) => simd!.release(array));
  });
});
