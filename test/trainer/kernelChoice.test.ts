import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { referenceKernel, type Kernel } from '../../src/core/kernels/kernel.ts';
import { chooseKernel, describeKernel, threadsProblem } from '../../src/trainer/kernelChoice.ts';
import { ParallelKernel } from '../../src/trainer/parallelKernel.ts';

const single = referenceKernel();
const parallel = { name: 'parallel' } as Kernel;

describe('choosing the trainer’s kernel', () => {
  it('finds, here, that a worker thread answers through shared memory', () => {
    expect(threadsProblem()).toBeNull();
  });

  it('runs on every core where threads work, and says nothing', async () => {
    const choice = chooseKernel();
    expect(choice.fallback).toBeNull();
    expect(choice.kernel).toBeInstanceOf(ParallelKernel);
    // the tests run with --experimental-wasm-relaxed-simd, as the trainer does: the fused multiply-add build
    expect(describeKernel(choice)).toEqual({
      name: `WebAssembly relaxed SIMD (FMA), ${availableParallelism()} threads`,
      threads: availableParallelism(),
      simd: true,
      relaxedSimd: true,
      fallback: null,
    });
    await (choice.kernel as ParallelKernel).close();
  });

  it('falls back to one thread, saying why, when threads or shared memory do not work', () => {
    const reason = 'a worker thread did not answer within 5 s';
    let asked = false;
    const choice = chooseKernel(
      () => reason,
      () => ((asked = true), parallel),
      () => single,
    );
    expect(choice).toEqual({ kernel: single, fallback: reason });
    expect(asked).toBe(false);
    expect(describeKernel(choice)).toEqual({
      name: 'TypeScript float32',
      threads: 1,
      simd: false,
      relaxedSimd: false,
      fallback: reason,
    });
  });

  it('falls back to one thread when the parallel kernel fails to start', () => {
    const choice = chooseKernel(
      () => null,
      () => {
        throw new Error('The V8 platform used by this instance of Node.js does not support creating Workers');
      },
      () => single,
    );
    expect(choice).toEqual({
      kernel: single,
      fallback:
        'the parallel kernel could not start (The V8 platform used by this instance of Node.js does not support creating Workers)',
    });
  });

  it('takes the one-thread kernel without a reason where there is no SIMD for the parallel one', () => {
    expect(
      chooseKernel(
        () => null,
        () => null,
        () => single,
      ),
    ).toEqual({ kernel: single, fallback: null });
  });
});

describe('asking whether threads work', () => {
  it('says when there is no shared memory', () => {
    const original = globalThis.SharedArrayBuffer;
    Reflect.deleteProperty(globalThis, 'SharedArrayBuffer');
    try {
      expect(threadsProblem()).toBe('there is no shared memory (SharedArrayBuffer)');
    } finally {
      globalThis.SharedArrayBuffer = original;
    }
  });

  it('gives up on a worker that never answers, after its time limit, instead of waiting forever', () => {
    const started = performance.now();
    expect(threadsProblem(50, 'setTimeout(() => {}, 1000);')).toBe(
      'a worker thread did not answer within 0.05 s',
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('says when this thread may not wait on shared memory', () => {
    const wait = Atomics.wait;
    Atomics.wait = (() => {
      throw new TypeError('Atomics.wait cannot be called in this context');
    }) as typeof Atomics.wait;
    try {
      expect(threadsProblem()).toBe(
        'this thread may not wait on shared memory (Atomics.wait cannot be called in this context)',
      );
    } finally {
      Atomics.wait = wait;
    }
  });
});
