/**
 * The WebAssembly SIMD kernel: the product and the batch moves run in
 * compiled f32x4 code (assembly/) over a shared WebAssembly memory that holds
 * every buffer allocated from it. Shared, so that other threads can run the same
 * module on the same memory (see src/trainer/parallelKernel.ts).
 */
import {
  assertProductSizes,
  multiplyTransposed as referenceMultiply,
  transpose as referenceTranspose,
  type FloatArray,
} from '../matrix.ts';
import { KERNELS_WASM_BASE64 } from './kernelsWasm.ts';
import { Heap } from './heap.ts';
import { descend as referenceDescend, scaleBytes as referenceScaleBytes, type Kernel } from './kernel.ts';
import { wasm, type WasmMemory, type WasmModule } from './wasmApi.ts';

const PAGE = 65536;
const MAX_PAGES = 65536;

export interface KernelExports {
  heapBase(): number;
  scaleBytes(bytes: number, out: number, count: number, scale: number): void;
  transpose(input: number, out: number, rows: number, cols: number): void;
  descend(params: number, grads: number, from: number, to: number, alpha: number, squares: number): void;
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
}

let compiled: WasmModule | null | undefined;

/** The compiled kernel module, or null where WebAssembly SIMD or shared memory is missing. */
export function kernelsModule(): WasmModule | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  if (wasm === undefined || typeof SharedArrayBuffer === 'undefined') return null;
  const bytes = Uint8Array.from(atob(KERNELS_WASM_BASE64), (c) => c.charCodeAt(0));
  if (!wasm.validate(bytes)) return null;
  try {
    new wasm.Memory({ initial: 1, maximum: 1, shared: true });
    compiled = new wasm.Module(bytes);
  } catch {
    compiled = null;
  }
  return compiled;
}

export function instantiateKernels(module: WasmModule, memory: WasmMemory): KernelExports {
  return new wasm!.Instance(module, { env: { memory } }).exports as KernelExports;
}

export class SimdKernel implements Kernel {
  readonly name: string = 'WebAssembly SIMD';
  readonly memory: WasmMemory;
  readonly module: WasmModule;
  protected readonly exports: KernelExports;
  private readonly heap: Heap;
  /** two float64 sums for descend() */
  private readonly squares: Float64Array;
  /**
   * The buffer objects our arrays were made on. V8 hands out a new object for a
   * shared memory whenever any shared memory in the process grows, so identity
   * is only known for the objects taken when allocating.
   */
  private readonly buffers = new WeakSet<ArrayBufferLike>();

  constructor(module: WasmModule) {
    this.module = module;
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
    this.squares = new Float64Array(this.currentBuffer(), this.heap.allocate(16), 2);
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

  /** Bytes of kernel memory currently allocated. */
  get allocatedBytes(): number {
    return this.heap.allocatedBytes;
  }

  owns(array: FloatArray | Uint8Array): boolean {
    return (array instanceof Float32Array || array instanceof Uint8Array) && this.buffers.has(array.buffer);
  }

  scaleBytes(bytes: Uint8Array, out: FloatArray, count: number, scale: number): void {
    if (bytes.length < count || out.length < count) throw new RangeError('scaleBytes: buffers too small');
    if (this.owns(bytes) && this.owns(out))
      this.exports.scaleBytes(bytes.byteOffset, out.byteOffset, count, scale);
    else referenceScaleBytes(bytes, out, count, scale);
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
      referenceDescend(params, grads, from, to, learningRate, squares);
      return;
    }
    // Views on a shared memory stay valid as it grows.
    const sums = this.squares.fill(0);
    const offset = (array: FloatArray) => array.byteOffset + from * 4;
    this.exports.descend(offset(params), offset(grads), 0, to - from, learningRate, sums.byteOffset);
    squares[0] += sums[0];
    squares[1] += sums[1];
  }

  transpose(input: FloatArray, out: FloatArray, rows: number, cols: number): void {
    if (input.length < rows * cols || out.length < rows * cols)
      throw new RangeError('transpose: buffers too small');
    if (this.owns(input) && this.owns(out))
      this.exports.transpose(input.byteOffset, out.byteOffset, rows, cols);
    else referenceTranspose(input, out, rows, cols);
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

  /** The product on byte addresses; a parallel kernel splits it here. */
  protected run(a: number, b: number, c: number, m: number, n: number, k: number, accumulate: boolean): void {
    this.exports.multiplyTransposed(a, b, c, m, n, k, 0, m, 0, n, accumulate ? 1 : 0);
  }
}

let shared: SimdKernel | null | undefined;

/** One SIMD kernel per thread, or null where it cannot run. */
export function simdKernel(): SimdKernel | null {
  if (shared === undefined) {
    const module = kernelsModule();
    shared = module === null ? null : new SimdKernel(module);
  }
  return shared;
}
