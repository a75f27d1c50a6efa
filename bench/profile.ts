/**
 * Where W1's time goes on a kernel: each call into the kernel timed by what it
 * is (the two large products by shape, with their GFLOP/s against the work they
 * do, the smaller ones together, the updates, the batch moves) and the rest of
 * an iteration outside the kernel (activations, loss, bias, bookkeeping).
 */
import type { Examples } from '../src/core/examples.ts';
import type { Kernel } from '../src/core/kernels/kernel.ts';
import { createSeededNetwork, train } from '../src/core/training.ts';
import { courseArchitecture, courseConfig } from './workload.ts';

/** Products at least this large (multiply-adds) are listed by shape. */
const LARGE = 1 << 20;
const TIMED = [
  'multiplyTransposed',
  'multiplyTransposedLeft',
  'descend',
  'momentum',
  'adam',
  'scaleBytes',
  'transpose',
];

interface Share {
  ms: number;
  flops: number;
}

function kindOf(method: string, args: number[]): { key: string; flops: number } {
  if (method.startsWith('multiply')) {
    const [m, n, k] = args.slice(3, 6) as [number, number, number];
    const flops = 2 * m * n * k;
    if (m * n * k < LARGE) return { key: 'smaller products', flops };
    const name = method === 'multiplyTransposed' ? `[${m}×${k}]·[${n}×${k}]ᵀ` : `[${k}×${m}]ᵀ·[${k}×${n}]`;
    return { key: name, flops };
  }
  return { key: ['descend', 'momentum', 'adam'].includes(method) ? 'updates' : 'batch moves', flops: 0 };
}

/** One line: the iteration's time and its parts. */
export function profileW1(kernel: Kernel, examples: Examples, iterations: number): string {
  const shares = new Map<string, Share>();
  let timing = false;
  const timed = new Proxy(kernel, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const method = String(property);
      if (!TIMED.includes(method)) return value.bind(target);
      return (...args: number[]) => {
        if (!timing) return value.apply(target, args);
        const started = performance.now();
        value.apply(target, args);
        const { key, flops } = kindOf(method, args);
        const share = shares.get(key) ?? { ms: 0, flops: 0 };
        share.ms += performance.now() - started;
        share.flops += flops;
        shares.set(key, share);
      };
    },
  });
  const warmup = 50;
  const config = courseConfig(warmup + iterations, 0);
  const { network, random } = createSeededNetwork(courseArchitecture(examples.inputSize), config, timed);
  let started = 0;
  for (const event of train(network, random, { train: examples, validation: null, classCount: 2 }, config)) {
    if (event.type !== 'epoch' || event.epoch !== warmup) continue;
    timing = true;
    started = performance.now();
  }
  const total = (performance.now() - started) / iterations;
  network.dispose();
  let inKernel = 0;
  const parts = [...shares].map(([key, { ms, flops }]) => {
    const per = ms / iterations;
    inKernel += per;
    const rate =
      flops > 0 && !key.startsWith('smaller') ? ` at ${(flops / ms / 1e6).toFixed(1)} GFLOP/s` : '';
    return `${key} ${per.toFixed(3)} ms${rate}`;
  });
  return `${total.toFixed(2)} ms per iteration: ${parts.join(', ')}, outside the kernel ${(total - inKernel).toFixed(3)} ms`;
}
