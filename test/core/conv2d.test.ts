import { describe, expect, it } from 'vitest';
import type { TensorShape } from '../../src/core/architecture.ts';
import { referenceKernel, type Kernel } from '../../src/core/kernels/kernel.ts';
import { simdKernel, type KernelBuild } from '../../src/core/kernels/simd.ts';
import {
  col2imAdd,
  conv2dBackward,
  conv2dForward,
  convGeometry,
  im2col,
  patchRows,
  type ConvGeometry,
  type ConvSpec,
} from '../../src/core/layers/conv2d.ts';
import type { FloatArray } from '../../src/core/matrix.ts';
import { Products } from '../../src/core/products.ts';
import { Random } from '../../src/core/random.ts';
import { dot, numericGradient, randomValues, relativeError } from '../helpers/layerCheck.ts';

function geometry(input: TensorShape, spec: ConvSpec): ConvGeometry {
  const g = convGeometry(input, spec);
  if (typeof g === 'string') throw new Error(g);
  return g;
}

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

const INPUT: TensorShape = { height: 5, width: 7, channels: 3 };
/** 3×3 and 2×2 kernels, stride 1 and 2, 'same' and 'valid', on 5×7×3; and 'same' padding only after (6×6, stride 2) */
const GEOMETRIES: [TensorShape, ConvSpec][] = [
  ...[3, 2].flatMap((kernel) =>
    [1, 2].flatMap((stride) =>
      (['same', 'valid'] as const).map((padding): [TensorShape, ConvSpec] => [
        INPUT,
        { filters: 4, kernel, stride, padding },
      ]),
    ),
  ),
  [
    { height: 6, width: 6, channels: 2 },
    { filters: 3, kernel: 3, stride: 2, padding: 'same' },
  ],
];
const name = ([input, s]: [TensorShape, ConvSpec]) =>
  `${s.kernel}×${s.kernel} stride ${s.stride} ${s.padding} on ${input.height}×${input.width}×${input.channels}`;

const float64 = new Products(referenceKernel(Float64Array));

/** Buffers for a batch of m through the layer, in the kernel's memory. */
function buffers(kernel: Kernel, m: number, g: ConvGeometry) {
  const { height: H, width: W, channels: C } = g.input;
  const rows = patchRows(m, g);
  const F = g.output.channels;
  return {
    x: kernel.allocate(m * H * W * C),
    w: kernel.allocate(F * g.fanIn),
    b: kernel.allocate(F),
    z: kernel.allocate(rows * F),
    patches: kernel.allocate(rows * g.fanIn),
    dPatches: kernel.allocate(rows * g.fanIn),
    dZ: kernel.allocate(rows * F),
    dW: kernel.allocate(F * g.fanIn),
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

  it('gives the fan-in k·k·C_in, the length of a patch and of a filter', () => {
    expect(geometry(INPUT, { filters: 16, kernel: 3, stride: 1, padding: 'same' }).fanIn).toBe(27);
  });

  it('names a convolution that leaves nothing', () => {
    const tiny = { height: 2, width: 2, channels: 1 };
    expect(convGeometry(tiny, { filters: 1, kernel: 3, stride: 1, padding: 'valid' })).toBe(
      'a 3×3 valid convolution on 2×2 input leaves nothing',
    );
    expect(
      convGeometry(
        { height: 9, width: 2, channels: 1 },
        { filters: 1, kernel: 3, stride: 2, padding: 'valid' },
      ),
    ).toBe('a 3×3 valid convolution on 9×2 input leaves nothing');
    expect(geometry(tiny, { filters: 1, kernel: 3, stride: 2, padding: 'same' }).output).toEqual({
      height: 1,
      width: 1,
      channels: 1,
    });
  });

  it('names a size that is not a whole number of at least 1', () => {
    expect(convGeometry(INPUT, { filters: 0, kernel: 3, stride: 1, padding: 'same' })).toBe(
      "a convolution's number of filters must be a whole number of at least 1, not 0",
    );
    expect(convGeometry(INPUT, { filters: 2, kernel: 2.5, stride: 1, padding: 'same' })).toMatch(
      /kernel size/,
    );
    expect(convGeometry(INPUT, { filters: 2, kernel: 3, stride: -1, padding: 'same' })).toMatch(/stride/);
  });
});

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

  it.each(GEOMETRIES.map((c) => [name(c), ...c] as const))(
    'has col2imAdd as its adjoint, ⟨im2col(x), p⟩ = ⟨x, col2im(p)⟩: %s',
    (_, input, spec) => {
      const g = geometry(input, spec);
      const m = 3;
      const random = new Random(5);
      const x = randomValues(m * input.height * input.width * input.channels, random);
      const p = randomValues(patchRows(m, g) * g.fanIn, random);
      const patches = new Float64Array(p.length);
      const back = new Float64Array(x.length).fill(NaN);
      im2col(patches, x, m, g);
      col2imAdd(back, p, m, g);
      expect(dot(patches, p)).toBeCloseTo(dot(x, back), 10);
    },
  );
});

describe('conv2dForward', () => {
  it.each(GEOMETRIES.map((c) => [name(c), ...c] as const))(
    'agrees with the direct loop: %s',
    (_, input, spec) => {
      const g = geometry(input, spec);
      const m = 2;
      const v = buffers(referenceKernel(Float64Array), m, g);
      fill(v, new Random(3));
      conv2dForward(float64, v.z, v.x, v.w, v.b, m, g, v.patches);
      const expected = naiveConv(v.x, v.w, v.b, m, g);
      v.z.forEach((z, i) => expect(z).toBeCloseTo(expected[i]!, 12));
    },
  );
});

describe('conv2dBackward', () => {
  it.each(GEOMETRIES.map((c) => [name(c), ...c] as const))(
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
