/**
 * The WebAssembly SIMD kernel: the products, the batch moves and the optimisers'
 * updates run in compiled f32x4 code (assembly/) over a shared WebAssembly memory
 * that holds every buffer allocated from it. Shared, so that other threads can run
 * the same module on the same memory (see src/trainer/parallelKernel.ts).
 *
 * Two builds of the module (scripts/kernels.mjs): with relaxed SIMD, whose fused
 * multiply-add rounds once, where the runtime accepts it (Electron; Node 20 with
 * --experimental-wasm-relaxed-simd), else plain SIMD128. Each is deterministic;
 * they differ from each other by float32 rounding.
 */
import {
  assertProductSizes,
  multiplyTransposed as referenceMultiply,
  multiplyTransposedLeft as referenceMultiplyLeft,
  transpose as referenceTranspose,
  type FloatArray,
} from '../matrix.ts';
import { KERNELS_RELAXED_WASM_BASE64, KERNELS_WASM_BASE64 } from './kernelsWasm.ts';
import {
  assertPatchSizes,
  col2imAdd as referenceCol2imAdd,
  im2col as referenceIm2col,
  type PatchGeometry,
} from '../patches.ts';
import { Heap } from './heap.ts';
import * as reference from './kernel.ts';
import type { AdamStep, Kernel } from './kernel.ts';
import { JOB_BYTES, Job, Op, SUM_CHUNK } from './jobs.ts';
import { wasm, type WasmMemory, type WasmModule } from './wasmApi.ts';

const PAGE = 65536;
const MAX_PAGES = 65536;

export interface KernelExports {
  heapBase(): number;
  readonly SCRATCH_BYTES: { readonly value: number };
  scaleBytes(bytes: number, out: number, count: number, scale: number): void;
  transpose(input: number, out: number, rows: number, cols: number): void;
  /** im2col(P, A_prev, …) and col2imAdd(dA_prev, dP, …) on byte addresses, then patchArguments() */
  im2col(patches: number, input: number, ...geometry: number[]): void;
  col2imAdd(gradient: number, patches: number, ...geometry: number[]): void;
  multiplyTransposed(
    a: number,
    b: number,
    c: number,
    m: number,
    n: number,
    k: number,
    i0: number,
    i1: number,
    j0: number,
    j1: number,
    accumulate: number,
  ): void;
  multiplyTransposedLeft(
    a: number,
    b: number,
    c: number,
    m: number,
    n: number,
    k: number,
    j0: number,
    j1: number,
    accumulate: number,
    scratch: number,
  ): void;
  work(job: number, sequence: number, scratch: number): void;
}

export type KernelBuild = 'relaxed' | 'simd';

const BUILDS: Record<KernelBuild, string> = {
  relaxed: KERNELS_RELAXED_WASM_BASE64,
  simd: KERNELS_WASM_BASE64,
};
const compiled = new Map<KernelBuild, WasmModule | null>();

/**
 * The compiled kernel module of one build, or null where this runtime cannot
 * run it: no WebAssembly SIMD or shared memory, or (for 'relaxed') no relaxed SIMD.
 * Without a build named, the fastest this runtime runs.
 */
export function kernelsModule(build?: KernelBuild): WasmModule | null {
  if (build === undefined) return kernelsModule('relaxed') ?? kernelsModule('simd');
  if (compiled.has(build)) return compiled.get(build)!;
  compiled.set(build, null);
  if (wasm === undefined || typeof SharedArrayBuffer === 'undefined') return null;
  const bytes = Uint8Array.from(atob(BUILDS[build]), (c) => c.charCodeAt(0));
  if (!wasm.validate(bytes)) return null;
  try {
    new wasm.Memory({ initial: 1, maximum: 1, shared: true });
    compiled.set(build, new wasm.Module(bytes));
  } catch {
    // validated but refused: no shared memory here
  }
  return compiled.get(build)!;
}

/** What a kernel running this module is called. */
export function kernelName(module: WasmModule): string {
  return compiled.get('relaxed') === module ? 'WebAssembly relaxed SIMD (FMA)' : 'WebAssembly SIMD';
}

export function instantiateKernels(module: WasmModule, memory: WasmMemory): KernelExports {
  return new wasm!.Instance(module, { env: { memory } }).exports as KernelExports;
}

export class SimdKernel implements Kernel {
  readonly name: string;
  readonly memory: WasmMemory;
  readonly module: WasmModule;
  protected readonly exports: KernelExports;
  private readonly heap: Heap;
  /** the job every thread works on, at a fixed place in the memory */
  protected readonly job: Job;
  /** this thread's scratch for the packed products */
  protected readonly scratch: number;
  /** one pair of float64 sums per chunk of SUM_CHUNK parameters, grown as needed */
  private sums: Float64Array;
  /**
   * The buffer objects our arrays were made on. V8 hands out a new object for a
   * shared memory whenever any shared memory in the process grows, so identity
   * is only known for the objects taken when allocating.
   */
  private readonly buffers = new WeakSet<ArrayBufferLike>();

  constructor(module: WasmModule) {
    this.module = module;
    this.name = kernelName(module);
    this.memory = new wasm!.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
    this.exports = instantiateKernels(module, this.memory);
    this.heap = new Heap(this.exports.heapBase(), this.memory.buffer.byteLength, (bytes) => {
      const pages = Math.ceil(bytes / PAGE);
      if (this.memory.buffer.byteLength / PAGE + pages > MAX_PAGES) {
        throw new RangeError(
          `out of kernel memory: ${bytes} more bytes would pass the 4 GiB WebAssembly limit`,
        );
      }
      this.memory.grow(pages);
      return this.memory.buffer.byteLength;
    });
    this.job = new Job(this.currentBuffer(), this.heap.allocate(JOB_BYTES));
    this.scratch = this.allocateScratch();
    this.sums = this.allocateSums(16);
  }

  /** Scratch for one more thread's packed products. */
  protected allocateScratch(): number {
    return this.heap.allocate(this.exports.SCRATCH_BYTES.value);
  }

  allocate(length: number): Float32Array {
    const start = this.heap.allocate(length * 4);
    return new Float32Array(this.currentBuffer(), start, length).fill(0);
  }

  allocateBytes(length: number): Uint8Array {
    const start = this.heap.allocate(length);
    return new Uint8Array(this.currentBuffer(), start, length).fill(0);
  }

  release(array: FloatArray | Uint8Array): void {
    this.heap.release(array.byteOffset);
  }

  private currentBuffer(): ArrayBufferLike {
    const buffer = this.memory.buffer;
    this.buffers.add(buffer);
    return buffer;
  }

  private allocateSums(chunks: number): Float64Array {
    return new Float64Array(this.currentBuffer(), this.heap.allocate(chunks * 16), chunks * 2);
  }

  /** Bytes of kernel memory currently allocated. */
  get allocatedBytes(): number {
    return this.heap.allocatedBytes;
  }

  owns(array: FloatArray | Uint8Array): boolean {
    return (array instanceof Float32Array || array instanceof Uint8Array) && this.buffers.has(array.buffer);
  }

  scaleBytes(bytes: Uint8Array, out: FloatArray, count: number, scale: number): void {
    if (bytes.length < count || out.length < count) throw new RangeError('scaleBytes: buffers too small');
    if (!this.owns(bytes) || !this.owns(out)) {
      reference.scaleBytes(bytes, out, count, scale);
      return;
    }
    const size = this.elementChunk(count);
    this.job.set(
      Op.ScaleBytes,
      Math.ceil(count / size),
      size,
      [bytes.byteOffset, out.byteOffset, count],
      [scale],
    );
    this.execute(count);
  }

  descend(
    params: FloatArray,
    grads: FloatArray,
    from: number,
    to: number,
    learningRate: number,
    squares: Float64Array,
  ): void {
    if (!this.owns(params) || !this.owns(grads)) {
      reference.descend(params, grads, from, to, learningRate, squares);
      return;
    }
    const count = to - from;
    const at = (array: FloatArray) => array.byteOffset + from * 4;
    this.update(Op.Descend, count, [at(params), at(grads), count], [learningRate], squares);
  }

  momentum(
    params: FloatArray,
    grads: FloatArray,
    velocity: FloatArray,
    from: number,
    to: number,
    learningRate: number,
    beta: number,
    squares: Float64Array,
  ): void {
    if (!this.owns(params) || !this.owns(grads) || !this.owns(velocity)) {
      reference.momentum(params, grads, velocity, from, to, learningRate, beta, squares);
      return;
    }
    const count = to - from;
    const at = (array: FloatArray) => array.byteOffset + from * 4;
    this.update(
      Op.Momentum,
      count,
      [at(params), at(grads), at(velocity), count],
      [learningRate, beta, 1 - beta],
      squares,
    );
  }

  adam(
    params: FloatArray,
    grads: FloatArray,
    moment1: FloatArray,
    moment2: FloatArray,
    from: number,
    to: number,
    learningRate: number,
    step: AdamStep,
    squares: Float64Array,
  ): void {
    if (![params, grads, moment1, moment2].every((array) => this.owns(array))) {
      reference.adam(params, grads, moment1, moment2, from, to, learningRate, step, squares);
      return;
    }
    const count = to - from;
    const at = (array: FloatArray) => array.byteOffset + from * 4;
    const s = reference.adamScalars(learningRate, step);
    this.update(
      Op.Adam,
      count,
      [at(params), at(grads), at(moment1), at(moment2), count],
      [s.step, s.beta1, s.oneMinusBeta1, s.beta2, s.oneMinusBeta2, s.sqrtC2, s.epsilon],
      squares,
    );
  }

  /**
   * One update in chunks of SUM_CHUNK parameters, each measuring its own sums; the
   * sums are added up here in chunk order, so they do not depend on the threads.
   */
  private update(op: Op, count: number, ints: number[], reals: number[], squares: Float64Array): void {
    if (count <= 0) return;
    const chunks = Math.ceil(count / SUM_CHUNK);
    if (this.sums.length < chunks * 2) {
      this.heap.release(this.sums.byteOffset);
      this.sums = this.allocateSums(chunks);
    }
    this.job.set(op, chunks, SUM_CHUNK, ints, reals, this.sums.byteOffset);
    this.execute(count);
    let gradients = 0;
    let weights = 0;
    for (let c = 0; c < chunks; c++) {
      gradients += this.sums[2 * c]!;
      weights += this.sums[2 * c + 1]!;
    }
    squares[0] += gradients;
    squares[1] += weights;
  }

  /** Chunk size for `count` elements of an element-wise job (a multiple of 16). */
  protected elementChunk(count: number): number {
    return Math.max(16, count);
  }

  /** Runs the job set in `this.job` to the end; `work` is its size, for a parallel kernel to weigh. */
  protected execute(work: number): void {
    void work;
    this.exports.work(this.job.offset, this.job.open(), this.scratch);
  }

  transpose(input: FloatArray, out: FloatArray, rows: number, cols: number): void {
    if (input.length < rows * cols || out.length < rows * cols)
      throw new RangeError('transpose: buffers too small');
    if (this.owns(input) && this.owns(out))
      this.exports.transpose(input.byteOffset, out.byteOffset, rows, cols);
    else referenceTranspose(input, out, rows, cols);
  }

  im2col(patches: FloatArray, aPrev: FloatArray, m: number, g: PatchGeometry): void {
    if (!this.owns(patches) || !this.owns(aPrev)) {
      referenceIm2col(patches, aPrev, m, g);
      return;
    }
    assertPatchSizes(aPrev, patches, m, g);
    this.exports.im2col(patches.byteOffset, aPrev.byteOffset, ...patchArguments(m, g));
  }

  col2imAdd(dAPrev: FloatArray, dPatches: FloatArray, m: number, g: PatchGeometry): void {
    if (!this.owns(dAPrev) || !this.owns(dPatches)) {
      referenceCol2imAdd(dAPrev, dPatches, m, g);
      return;
    }
    assertPatchSizes(dAPrev, dPatches, m, g);
    this.exports.col2imAdd(dAPrev.byteOffset, dPatches.byteOffset, ...patchArguments(m, g));
  }

  multiplyTransposed(
    a: FloatArray,
    b: FloatArray,
    c: FloatArray,
    m: number,
    n: number,
    k: number,
    accumulate = false,
  ): void {
    assertProductSizes(a, b, c, m, n, k);
    if (!this.owns(a) || !this.owns(b) || !this.owns(c)) {
      // Operands from elsewhere (a caller's own array): correct, at the reference kernel's speed.
      referenceMultiply(a, b, c, m, n, k, accumulate);
      return;
    }
    this.run(a.byteOffset, b.byteOffset, c.byteOffset, m, n, k, accumulate);
  }

  multiplyTransposedLeft(
    a: FloatArray,
    b: FloatArray,
    c: FloatArray,
    m: number,
    n: number,
    k: number,
    accumulate = false,
  ): void {
    if (a.length < k * m || b.length < k * n || c.length < m * n) {
      throw new RangeError(`multiplyTransposedLeft: buffers too small for [${k}x${m}]ᵀ·[${k}x${n}]`);
    }
    if (!this.owns(a) || !this.owns(b) || !this.owns(c)) {
      referenceMultiplyLeft(a, b, c, m, n, k, accumulate);
      return;
    }
    this.runLeft(a.byteOffset, b.byteOffset, c.byteOffset, m, n, k, accumulate);
  }

  /** A·Bᵀ on byte addresses; a parallel kernel splits it here. */
  protected run(a: number, b: number, c: number, m: number, n: number, k: number, accumulate: boolean): void {
    this.exports.multiplyTransposed(a, b, c, m, n, k, 0, m, 0, n, accumulate ? 1 : 0);
  }

  /** Aᵀ·B on byte addresses; a parallel kernel splits it here. */
  protected runLeft(
    a: number,
    b: number,
    c: number,
    m: number,
    n: number,
    k: number,
    accumulate: boolean,
  ): void {
    this.exports.multiplyTransposedLeft(a, b, c, m, n, k, 0, n, accumulate ? 1 : 0, this.scratch);
  }
}

/** m and the geometry in the order assembly/patches.ts takes them */
function patchArguments(m: number, g: PatchGeometry): number[] {
  const { input, output, kernel, stride, padTop, padLeft } = g;
  return [
    m,
    input.height,
    input.width,
    input.channels,
    output.height,
    output.width,
    kernel,
    stride,
    padTop,
    padLeft,
  ];
}

const kernels = new Map<WasmModule, SimdKernel>();

/** One SIMD kernel per thread and build (the fastest this runtime runs, unless named), or null where it cannot run. */
export function simdKernel(build?: KernelBuild): SimdKernel | null {
  const module = kernelsModule(build);
  if (module === null) return null;
  let kernel = kernels.get(module);
  if (kernel === undefined) kernels.set(module, (kernel = new SimdKernel(module)));
  return kernel;
}
