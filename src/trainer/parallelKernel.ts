/**
 * The SIMD kernel on every core: large products are cut into one slab of C
 * per thread, worker threads running the same WebAssembly module on the same
 * shared memory. Threads meet through Atomics on a small shared block:
 *   control[0] job number (−1: quit), control[1] last job done, then the job's
 *   eleven arguments, one block per worker.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { kernelsModule, SimdKernel } from '../core/kernels/simd.ts';
import type { WasmModule } from '../core/kernels/wasmApi.ts';

/** Products smaller than this many multiply-adds are not worth waking a thread for. */
const PARALLEL_THRESHOLD = 1 << 18;
const SLOTS = 16;
/** Checks of a flag before a thread sleeps on it (some tens of microseconds). */
const SPIN = 20000;

// Plain JavaScript, evaluated as the worker's whole program.
const WORKER_PROGRAM = `
const SPIN = ${SPIN};
const { workerData } = require('node:worker_threads');
const { module, memory, control } = workerData;
const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports;
const sync = new Int32Array(control);
const args = new Uint32Array(control);
let job = 0;
for (;;) {
  // Products come in quick succession during training: spin briefly before sleeping.
  for (let spin = 0; spin < SPIN && Atomics.load(sync, 0) === job; spin++);
  Atomics.wait(sync, 0, job);
  job = Atomics.load(sync, 0);
  if (job < 0) break;
  kernels.multiplyTransposed(args[2], args[3], args[4], args[5], args[6], args[7], args[8], args[9], args[10], args[11], args[12]);
  Atomics.store(sync, 1, job);
  Atomics.notify(sync, 1);
}
`;

interface Helper {
  worker: Worker;
  sync: Int32Array;
  args: Uint32Array;
}

export class ParallelKernel extends SimdKernel {
  override readonly name: string;
  private readonly helpers: Helper[];
  private job = 0;

  constructor(module: WasmModule, threads: number) {
    super(module);
    this.name = `WebAssembly SIMD, ${threads} threads`;
    this.helpers = Array.from({ length: threads - 1 }, () => {
      const control = new SharedArrayBuffer(SLOTS * 4);
      const worker = new Worker(WORKER_PROGRAM, {
        eval: true,
        workerData: { module, memory: this.memory, control },
      });
      worker.unref();
      return { worker, sync: new Int32Array(control), args: new Uint32Array(control) };
    });
  }

  get threads(): number {
    return this.helpers.length + 1;
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
    if (this.helpers.length === 0 || m * n * k < PARALLEL_THRESHOLD) {
      super.run(a, b, c, m, n, k, accumulate);
      return;
    }
    // Cut the longer side of C into slabs, on multiples of 4 to keep whole register blocks.
    const byRows = m >= n;
    const length = byRows ? m : n;
    const parts = this.threads;
    const cut = (p: number) => Math.min(length, Math.ceil((length * p) / parts / 4) * 4);
    const slab = (p: number): [number, number, number, number] =>
      byRows ? [cut(p), cut(p + 1), 0, n] : [0, m, cut(p), cut(p + 1)];
    const job = ++this.job;
    this.helpers.forEach((helper, h) => {
      const [i0, i1, j0, j1] = slab(h + 1);
      helper.args.set([a, b, c, m, n, k, i0, i1, j0, j1, accumulate ? 1 : 0], 2);
      Atomics.store(helper.sync, 0, job);
      Atomics.notify(helper.sync, 0);
    });
    const [i0, i1, j0, j1] = slab(0);
    this.exports.multiplyTransposed(a, b, c, m, n, k, i0, i1, j0, j1, accumulate ? 1 : 0);
    for (const helper of this.helpers) {
      for (let spin = 0; spin < SPIN && Atomics.load(helper.sync, 1) !== job; spin++);
      while (Atomics.load(helper.sync, 1) !== job) Atomics.wait(helper.sync, 1, job - 1);
    }
  }

  /** Stops the worker threads; the kernel must not be used afterwards. */
  async close(): Promise<void> {
    for (const helper of this.helpers) {
      Atomics.store(helper.sync, 0, -1);
      Atomics.notify(helper.sync, 0);
    }
    await Promise.all(this.helpers.map((helper) => helper.worker.terminate()));
  }
}

/** A kernel using every core of this machine, or null where WebAssembly SIMD is missing. */
export function createParallelKernel(threads = availableParallelism()): ParallelKernel | null {
  const module = kernelsModule();
  return module === null ? null : new ParallelKernel(module, Math.max(1, threads));
}
