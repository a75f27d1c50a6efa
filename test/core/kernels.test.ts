import { describe, expect, it } from 'vitest';
import { Heap } from '../../src/core/kernels/heap.ts';
import { referenceKernel, type AdamStep, type Kernel } from '../../src/core/kernels/kernel.ts';
import { transpose } from '../../src/core/matrix.ts';
import { simdKernel, type KernelBuild } from '../../src/core/kernels/simd.ts';
import { KERNELS_RELAXED_WASM_BASE64, KERNELS_WASM_BASE64 } from '../../src/core/kernels/kernelsWasm.ts';
import { Network } from '../../src/core/network.ts';
import { INITIALIZERS } from '../../src/core/initializers.ts';
import { Random } from '../../src/core/random.ts';
import { compileKernels } from '../../scripts/kernels.mjs';
import { ODD_SHAPES, ODD_SHAPES_LEFT, productError } from '../helpers/products.ts';

// vitest.config.ts passes --experimental-wasm-relaxed-simd, so both builds run here.
describe.each(['simd', 'relaxed'] satisfies KernelBuild[])('the WebAssembly kernel, %s build', (build) => {
  const simd = simdKernel(build);

  it('is available on this runtime', () => {
    expect(simd).not.toBeNull();
  });

  it.each(ODD_SHAPES)('agrees with the reference for [%i×%i]·[·×%i]ᵀ to float32 rounding', (m, n, k) => {
    expect(productError(simd!, m, n, k, false)).toBeLessThan(1e-5);
    expect(productError(simd!, m, n, k, true, 2)).toBeLessThan(1e-5);
  });

  it.each(ODD_SHAPES_LEFT)(
    'agrees with the reference for [%i×·]ᵀ·[·×%i] over %i rows to float32 rounding',
    (m, n, k) => {
      expect(productError(simd!, m, n, k, false, 1, 'left')).toBeLessThan(1e-5);
      expect(productError(simd!, m, n, k, true, 2, 'left')).toBeLessThan(1e-5);
    },
  );

  it.each([
    [1, 1],
    [3, 5],
    [4, 4],
    [7, 33],
    [64, 12288],
    [209, 20],
    [37, 65],
  ])('transposes a %i×%i matrix exactly', (rows, cols) => {
    const input = simd!.allocate(rows * cols);
    const out = simd!.allocate(rows * cols);
    input.forEach((_, i) => (input[i] = i * 0.5 - 7));
    simd!.transpose(input, out, rows, cols);
    const expected = new Float32Array(rows * cols);
    transpose(input, expected, rows, cols);
    expect(out).toEqual(expected);
    simd!.release(input);
    simd!.release(out);
  });

  it.each([1, 15, 16, 17, 12288 * 3 + 5])('scales %i bytes to floats exactly as the reference', (count) => {
    const bytes = simd!.allocateBytes(count);
    const out = simd!.allocate(count);
    bytes.forEach((_, i) => (bytes[i] = (i * 7919) % 256));
    simd!.scaleBytes(bytes, out, count, 1 / 255);
    const expected = new Float32Array(count);
    referenceKernel().scaleBytes(bytes, expected, count, 1 / 255);
    expect(out).toEqual(expected);
    expect(out[count - 1]).toBe(Math.fround(bytes[count - 1]! * Math.fround(1 / 255)));
    simd!.release(bytes);
    simd!.release(out);
  });

  it('descends like the reference, to the bit, measuring the same sums', () => {
    const count = 1003;
    const params = simd!.allocate(count);
    const grads = simd!.allocate(count);
    const random = new Random(12);
    params.forEach((_, i) => (params[i] = random.normal()));
    grads.forEach((_, i) => (grads[i] = random.normal() * 0.1));
    const expected = Float32Array.from(params);
    const expectedSquares = new Float64Array(2);
    referenceKernel().descend(expected, Float32Array.from(grads), 3, 1000, 0.0075, expectedSquares);
    const squares = new Float64Array(2);
    simd!.descend(params, grads, 3, 1000, 0.0075, squares);
    expect(params).toEqual(expected);
    expect(squares[0]).toBeCloseTo(expectedSquares[0]!, 4);
    expect(squares[1]).toBeCloseTo(expectedSquares[1]!, 3);
    simd!.release(params);
    simd!.release(grads);
  });

  it('still multiplies operands that live outside its memory (through the reference)', () => {
    const a = Float32Array.from([1, 2, 3, 4]);
    const b = Float32Array.from([5, 6, 7, 8]);
    const c = new Float32Array(4);
    simd!.multiplyTransposed(a, b, c, 2, 2, 2);
    expect([...c]).toEqual([17, 23, 39, 53]);
  });

  it('gives back all its memory when a network is disposed', () => {
    const x = simd!.allocate(30 * 300);
    const before = simd!.allocatedBytes;
    const network = new Network(
      {
        inputSize: 300,
        layers: [
          { units: 5, activation: 'relu' },
          { units: 1, activation: 'sigmoid' },
        ],
        loss: 'binaryCrossEntropy',
      },
      simd!,
    );
    network.forward(x, 30);
    expect(simd!.allocatedBytes).toBeGreaterThan(before);
    network.dispose();
    expect(simd!.allocatedBytes).toBe(before);
    simd!.release(x);
  });

  it('recognises its arrays made before and after another shared memory in the process grows', () => {
    type SharedMemory = { grow(pages: number): void };
    const { WebAssembly } = globalThis as unknown as {
      WebAssembly: { Memory: new (descriptor: object) => SharedMemory };
    };
    const before = simd!.allocate(16);
    new WebAssembly.Memory({ initial: 1, maximum: 4, shared: true }).grow(1);
    const after = simd!.allocate(16);
    for (const array of [before, after, after.subarray(4, 8)]) expect(simd!.owns(array)).toBe(true);
    simd!.release(before);
    simd!.release(after);
  });

  it('runs a network to the same outputs as the reference kernel', () => {
    const architecture = {
      inputSize: 333,
      layers: [
        { units: 11, activation: 'tanh' as const },
        { units: 3, activation: 'softmax' as const },
      ],
      loss: 'softmaxCrossEntropy' as const,
    };
    const fast = new Network(architecture, simd!);
    const plain = new Network(architecture, referenceKernel());
    fast.initialize(INITIALIZERS.xavierNormal, new Random(3));
    plain.params.set(fast.params);
    const random = new Random(4);
    const x = simd!.allocate(17 * 333);
    x.forEach((_, i) => (x[i] = random.uniform()));
    const expected = plain.forward(Float32Array.from(x), 17);
    fast.forward(x, 17).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
    fast.dispose();
    simd!.release(x);
  });

  it.each([
    [3, 1000],
    [0, 20_000],
  ])('takes momentum and Adam steps over [%i, %i) like the reference, to the bit', (from, to) => {
    const count = to + 5;
    const random = new Random(13);
    const plain = referenceKernel();
    const fill = (kernel: Kernel, values: Float32Array) => {
      const array = kernel.allocate(count);
      array.set(values);
      return array;
    };
    const params = Float32Array.from({ length: count }, () => random.normal());
    const grads = Float32Array.from({ length: count }, () => random.normal() * 0.1);
    const state = Float32Array.from({ length: count }, () => random.normal() * 0.01);
    const second = Float32Array.from({ length: count }, () => random.uniform() * 0.01);
    const adamStep: AdamStep = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, t: 3 };
    for (const optimizer of ['momentum', 'adam'] as const) {
      const runs = [simd!, plain].map((kernel) => {
        const [p, g, m, v] = [params, grads, state, second].map((values) => fill(kernel, values));
        const squares = new Float64Array(2);
        if (optimizer === 'momentum') kernel.momentum(p!, g!, m!, from, to, 0.01, 0.9, squares);
        else kernel.adam(p!, g!, m!, v!, from, to, 0.001, adamStep, squares);
        const result = { arrays: [p, m, v].map((array) => Array.from(array!)), squares: [...squares] };
        [p, g, m, v].forEach((array) => kernel.release(array!));
        return result;
      });
      expect(runs[0]!.arrays).toEqual(runs[1]!.arrays);
      expect(runs[0]!.squares[0]).toBeCloseTo(runs[1]!.squares[0]!, 3);
      expect(runs[0]!.squares[1]).toBeCloseTo(runs[1]!.squares[1]!, 2);
    }
  });
});

describe('the two builds', () => {
  const [simd, relaxed] = (['simd', 'relaxed'] as const).map((build) => simdKernel(build)!);

  it('are different kernels, named by their build', () => {
    expect(simd!.name).toBe('WebAssembly SIMD');
    expect(relaxed!.name).toBe('WebAssembly relaxed SIMD (FMA)');
  });

  it('run a network forward and backward to the same numbers within float32 rounding', () => {
    const architecture = {
      inputSize: 12288,
      layers: [
        { units: 20, activation: 'relu' as const },
        { units: 1, activation: 'sigmoid' as const },
      ],
      loss: 'binaryCrossEntropy' as const,
    };
    const random = new Random(5);
    const input = Float32Array.from({ length: 9 * 12288 }, () => random.uniform());
    const labels = Float32Array.from({ length: 9 }, (_, i) => i % 2);
    const [plain, fused] = [simd, relaxed].map((kernel) => {
      const network = new Network(architecture, kernel);
      network.initialize(INITIALIZERS.lecun, new Random(6));
      const x = kernel.allocate(input.length);
      x.set(input);
      const outputs = Array.from(network.forward(x, 9));
      network.backward(x, labels, 9);
      const grads = Array.from(network.grads);
      kernel.release(x);
      network.dispose();
      return { outputs, grads };
    });
    plain!.outputs.forEach((value, i) => expect(fused!.outputs[i]).toBeCloseTo(value, 5));
    const largest = plain!.grads.reduce((most, value) => Math.max(most, Math.abs(value)), 0);
    plain!.grads.forEach((value, i) =>
      expect(Math.abs(fused!.grads[i]! - value)).toBeLessThan(1e-5 * largest),
    );
  });
});

it('embeds exactly what the AssemblyScript source compiles to, with and without relaxed SIMD', async () => {
  const { simd, relaxed } = await compileKernels();
  expect(Buffer.from(simd).toString('base64')).toBe(KERNELS_WASM_BASE64);
  expect(Buffer.from(relaxed).toString('base64')).toBe(KERNELS_RELAXED_WASM_BASE64);
}, 60_000);

describe('the kernel heap', () => {
  it('hands out aligned, disjoint ranges and merges freed neighbours', () => {
    const heap = new Heap(10, 1000, () => {
      throw new Error('no growth expected');
    });
    const a = heap.allocate(100);
    const b = heap.allocate(1);
    const c = heap.allocate(64);
    expect([a, b, c]).toEqual([64, 192, 256]);
    heap.release(b);
    heap.release(a);
    expect(heap.allocate(150)).toBe(64);
    expect(heap.allocatedBytes).toBe(192 + 64);
  });

  it('grows the memory when no free range is large enough, reusing the free tail', () => {
    const grown: number[] = [];
    let end = 256;
    const heap = new Heap(0, end, (bytes) => {
      grown.push(bytes);
      return (end += Math.ceil(bytes / 256) * 256);
    });
    heap.allocate(128);
    expect(heap.allocate(300)).toBe(128);
    expect(grown).toEqual([192]);
  });

  it('refuses to release what it did not hand out', () => {
    const heap = new Heap(0, 1024, () => 1024);
    expect(() => heap.release(64)).toThrow(/no allocation starts at byte 64/);
  });
});
