/**
 * The WebAssembly SIMD kernel: the product runs in compiled f32x4 code
 * (assembly/gemm.ts) over a shared WebAssembly memory that holds every
 * buffer allocated from it. Shared, so that other threads can run the same
 * module on the same memory (see src/trainer/parallelKernel.ts).
 */
import { multiplyTransposed as referenceMultiply, type FloatArray } from '../matrix.ts';
import { GEMM_WASM_BASE64 } from './gemmWasm.ts';
import { Heap } from './heap.ts';
import type { Kernel } from './kernel.ts';
import { wasm, type WasmMemory, type WasmModule } from './wasmApi.ts';

const PAGE = 65536;
const MAX_PAGES = 65536;

export interface GemmExports {
  heapBase(): number;
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
export function gemmModule(): WasmModule | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  if (wasm === undefined || typeof SharedArrayBuffer === 'undefined') return null;
  const bytes = Uint8Array.from(atob(GEMM_WASM_BASE64), (c) => c.charCodeAt(0));
  if (!wasm.validate(bytes)) return null;
  try {
    new wasm.Memory({ initial: 1, maximum: 1, shared: true });
    compiled = new wasm.Module(bytes);
  } catch {
    compiled = null;
  }
  return compiled;
}

export function instantiateGemm(module: WasmModule, memory: WasmMemory): GemmExports {
  return new wasm!.Instance(module, { env: { memory } }).exports as GemmExports;
}

export class SimdKernel implements Kernel {
  readonly name: string = 'WebAssembly SIMD';
  readonly memory: WasmMemory;
  readonly module: WasmModule;
  protected readonly gemm: GemmExports;
  private readonly heap: Heap;
  /**
   * The buffer objects our arrays were made on. V8 hands out a new object for a
   * shared memory whenever any shared memory in the process grows, so identity
   * is only known for the objects taken when allocating.
   */
  private readonly buffers = new WeakSet<ArrayBufferLike>();

  constructor(module: WasmModule) {
    this.module = module;
    this.memory = new wasm!.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
    this.gemm = instantiateGemm(module, this.memory);
    this.heap = new Heap(this.gemm.heapBase(), this.memory.buffer.byteLength, (bytes) => {
      const pages = Math.ceil(bytes / PAGE);
      if (this.memory.buffer.byteLength / PAGE + pages > MAX_PAGES) {
        throw new RangeError(
          `out of kernel memory: ${bytes} more bytes would pass the 4 GiB WebAssembly limit`,
        );
      }
      this.memory.grow(pages);
      return this.memory.buffer.byteLength;
    });
  }

  allocate(length: number): Float32Array {
    const start = this.heap.allocate(length * 4);
    const buffer = this.memory.buffer;
    this.buffers.add(buffer);
    const array = new Float32Array(buffer, start, length);
    array.fill(0);
    return array;
  }

  release(array: FloatArray): void {
    this.heap.release(array.byteOffset);
  }

  /** Bytes of kernel memory currently allocated. */
  get allocatedBytes(): number {
    return this.heap.allocatedBytes;
  }

  owns(array: FloatArray): array is Float32Array {
    return array instanceof Float32Array && this.buffers.has(array.buffer);
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
    if (a.length < m * k || b.length < n * k || c.length < m * n) {
      throw new RangeError(`multiplyTransposed: buffers too small for [${m}x${k}]·[${n}x${k}]ᵀ`);
    }
    if (!this.owns(a) || !this.owns(b) || !this.owns(c)) {
      // Operands from elsewhere (a caller's own array): correct, at the reference kernel's speed.
      referenceMultiply(a, b, c, m, n, k, accumulate);
      return;
    }
    this.run(a.byteOffset, b.byteOffset, c.byteOffset, m, n, k, accumulate);
  }

  /** The product on byte addresses; a parallel kernel splits it here. */
  protected run(a: number, b: number, c: number, m: number, n: number, k: number, accumulate: boolean): void {
    this.gemm.multiplyTransposed(a, b, c, m, n, k, 0, m, 0, n, accumulate ? 1 : 0);
  }
}

let shared: SimdKernel | null | undefined;

/** One SIMD kernel per thread, or null where it cannot run. */
export function simdKernel(): SimdKernel | null {
  if (shared === undefined) {
    const module = gemmModule();
    shared = module === null ? null : new SimdKernel(module);
  }
  return shared;
}
