/**
 * The SIMD kernel on every core: worker threads run the same WebAssembly module
 * on the same shared memory, and large products, batch moves and optimiser
 * updates become jobs that every thread takes chunks of (src/core/kernels/jobs.ts).
 * Chunks are taken, not dealt: a thread slowed by another process takes fewer,
 * and whichever thread computes a chunk computes the same bits.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { Op } from '../core/kernels/jobs.ts';
import { kernelName, kernelsModule, SimdKernel, type KernelBuild } from '../core/kernels/simd.ts';
import type { WasmModule } from '../core/kernels/wasmApi.ts';

/** Products smaller than this many multiply-adds are not worth waking a thread for. */
const PARALLEL_PRODUCT = 1 << 18;
/** Nor element-wise jobs over fewer elements than this. */
const PARALLEL_ELEMENTS = 1 << 15;
/** Chunks per thread: enough for one thread to make up for another's lost time slice. */
const CHUNKS_PER_THREAD = 4;
/**
 * How long a thread keeps checking for the next job before it sleeps. During
 * training the gaps between jobs are a tenth of a millisecond or so, and waking a
 * sleeping thread can take as long; longer spins only take time from other
 * processes (and, on a busy machine, from this one's main thread).
 */
const SPIN_MS = 0.3;

// Plain JavaScript, evaluated as the worker's whole program. Words as in src/core/kernels/jobs.ts.
const WORKER_PROGRAM = `
const { workerData } = require('node:worker_threads');
const { module, memory, job, scratch } = workerData;
const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports;
const words = new Int32Array(memory.buffer, job, 8);
let seen = 0;
for (;;) {
  if (Atomics.load(words, 2) === seen) {
    const until = performance.now() + ${SPIN_MS};
    for (let spin = 0; Atomics.load(words, 2) === seen; spin++) {
      if ((spin & 1023) === 0 && performance.now() > until) break;
    }
    Atomics.wait(words, 2, seen);
  }
  seen = Atomics.load(words, 2);
  if (seen < 0) break;
  // the job's own sequence is in its claim word
  kernels.work(job, Atomics.load(words, 0) >>> 16, scratch);
  Atomics.notify(words, 1);
}
`;

export class ParallelKernel extends SimdKernel {
  override readonly name: string;
  readonly threads: number;
  private readonly workers: Worker[];

  constructor(module: WasmModule, threads: number) {
    super(module);
    this.threads = threads;
    this.name = `${kernelName(module)}, ${threads} threads`;
    this.workers = Array.from({ length: threads - 1 }, () => {
      const worker = new Worker(WORKER_PROGRAM, {
        eval: true,
        workerData: { module, memory: this.memory, job: this.job.offset, scratch: this.allocateScratch() },
      });
      worker.unref();
      return worker;
    });
  }

  protected override elementChunk(count: number): number {
    return Math.ceil(count / (this.threads * CHUNKS_PER_THREAD) / 16) * 16;
  }

  protected override execute(work: number): void {
    if (this.workers.length === 0 || work < PARALLEL_ELEMENTS) {
      super.execute(work);
      return;
    }
    const words = this.job.words;
    const sequence = this.job.open();
    this.job.wakeHelpers();
    this.exports.work(this.job.offset, sequence, this.scratch);
    // Then wait for the chunks other threads took.
    const chunks = this.job.chunks;
    for (let spin = 0; Atomics.load(words, 1) < chunks; spin++) {
      if (spin > 100_000) Atomics.wait(words, 1, Atomics.load(words, 1), 1);
    }
  }

  protected override run(
    a: number,
    b: number,
    c: number,
    m: number,
    n: number,
    k: number,
    accumulate: boolean,
  ): void {
    if (this.workers.length === 0 || m * n * k < PARALLEL_PRODUCT) {
      super.run(a, b, c, m, n, k, accumulate);
      return;
    }
    // Chunks of the longer side of C, on multiples of 4 to keep whole register blocks.
    const byRows = m >= n;
    const size = this.chunkOf(byRows ? m : n, 4);
    this.job.set(byRows ? Op.ProductRows : Op.ProductColumns, Math.ceil((byRows ? m : n) / size), size, [
      a,
      b,
      c,
      m,
      n,
      k,
      accumulate ? 1 : 0,
    ]);
    this.execute(Infinity);
  }

  protected override runLeft(
    a: number,
    b: number,
    c: number,
    m: number,
    n: number,
    k: number,
    accumulate: boolean,
  ): void {
    if (this.workers.length === 0 || m * n * k < PARALLEL_PRODUCT) {
      super.runLeft(a, b, c, m, n, k, accumulate);
      return;
    }
    // Chunks of C's columns, on multiples of the 16-column panels.
    const size = this.chunkOf(n, 16);
    this.job.set(Op.ProductLeft, Math.ceil(n / size), size, [a, b, c, m, n, k, accumulate ? 1 : 0]);
    this.execute(Infinity);
  }

  private chunkOf(length: number, multiple: number): number {
    return Math.ceil(length / (this.threads * CHUNKS_PER_THREAD) / multiple) * multiple;
  }

  /** Stops the worker threads; the kernel must not be used afterwards. */
  async close(): Promise<void> {
    this.job.quit();
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

/**
 * A kernel using every core of this machine (of the fastest build, unless one is
 * named), or null where WebAssembly SIMD is missing.
 */
export function createParallelKernel(
  threads = availableParallelism(),
  build?: KernelBuild,
): ParallelKernel | null {
  const module = kernelsModule(build);
  return module === null ? null : new ParallelKernel(module, Math.max(1, threads));
}
