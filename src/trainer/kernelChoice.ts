/**
 * The kernel the trainer computes with: the parallel one where this process
 * can run threads over shared memory, else the fastest one on one thread,
 * with the reason. The parallel kernel waits on its helper threads without a
 * time limit, so whether threads work here is asked once, of one short-lived
 * worker and with a time limit, before the kernel is made.
 */
import { Worker } from 'node:worker_threads';
import { defaultKernel } from '../core/kernels/defaultKernel.ts';
import type { Kernel } from '../core/kernels/kernel.ts';
import { kernelsModule, SimdKernel } from '../core/kernels/simd.ts';
import type { KernelInfo } from './program.ts';
import { createParallelKernel, ParallelKernel } from './parallelKernel.ts';

const ANSWER_WITHIN_MS = 5000;

// Plain JavaScript, evaluated as the worker's whole program: it raises the flag it was given.
const PROBE = `
const flag = new Int32Array(require('node:worker_threads').workerData);
Atomics.store(flag, 0, 1);
Atomics.notify(flag, 0);
`;

/**
 * Why threads over shared memory cannot work in this process, or null when a worker answered
 * through it. `probe` is the worker's program: it is given the shared flag as its workerData.
 */
export function threadsProblem(timeoutMs = ANSWER_WITHIN_MS, probe = PROBE): string | null {
  if (typeof SharedArrayBuffer !== 'function') return 'there is no shared memory (SharedArrayBuffer)';
  const shared = new SharedArrayBuffer(4);
  let worker: Worker;
  try {
    worker = new Worker(probe, { eval: true, workerData: shared });
  } catch (error) {
    return `worker threads cannot be started here (${(error as Error).message})`;
  }
  // a worker that fails to start raises an error event: the wait below times out instead
  worker.on('error', () => {});
  try {
    if (Atomics.wait(new Int32Array(shared), 0, 0, timeoutMs) === 'timed-out')
      return `a worker thread did not answer within ${timeoutMs / 1000} s`;
    return null;
  } catch (error) {
    return `this thread may not wait on shared memory (${(error as Error).message})`;
  } finally {
    void worker.terminate();
  }
}

export interface KernelChoice {
  readonly kernel: Kernel;
  /** why the kernel runs on one thread although it could run on more; null when it did not have to */
  readonly fallback: string | null;
}

export function chooseKernel(
  problem: () => string | null = threadsProblem,
  parallel: () => Kernel | null = createParallelKernel,
  single: () => Kernel = defaultKernel,
): KernelChoice {
  const reason = problem();
  if (reason !== null) return { kernel: single(), fallback: reason };
  try {
    return { kernel: parallel() ?? single(), fallback: null };
  } catch (error) {
    return {
      kernel: single(),
      fallback: `the parallel kernel could not start (${(error as Error).message})`,
    };
  }
}

/** What the trainer reports of its kernel when it is ready. */
export function describeKernel({ kernel, fallback }: KernelChoice): KernelInfo {
  return {
    name: kernel.name,
    threads: kernel instanceof ParallelKernel ? kernel.threads : 1,
    simd: kernel instanceof SimdKernel,
    // the fused multiply-add build, which runs where the runtime validates relaxed SIMD
    relaxedSimd: kernel instanceof SimdKernel && kernel.module === kernelsModule('relaxed'),
    fallback,
  };
}
