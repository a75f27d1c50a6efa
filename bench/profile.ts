/**
 * Where a workload's time goes on a kernel: each call into the kernel timed by what it
 * is (the large products by shape, with their GFLOP/s against the work they do, the
 * smaller ones together, im2col and col2im, the updates, the batch moves) and the rest
 * of an epoch outside the kernel (activations, loss, bias, pooling, bookkeeping), then
 * the main thread's time by function, from V8's sampling profiler: what the time
 * outside the kernel is. W1's epoch is one full-batch iteration.
 */
import type { Architecture } from '../src/core/architecture.ts';
import type { Examples } from '../src/core/examples.ts';
import type { Kernel } from '../src/core/kernels/kernel.ts';
import { createSeededNetwork, train, type TrainingConfig } from '../src/core/training.ts';
import { sampled } from './hotspots.ts';

/** Products at least this large (multiply-adds) are listed by shape. */
const LARGE = 1 << 20;
/** The functions listed by name, heaviest first */
const HOTSPOTS = 8;
/** The kernel's other calls, by what they are */
const OTHERS: Readonly<Record<string, string>> = {
  descend: 'updates',
  momentum: 'updates',
  adam: 'updates',
  im2col: 'im2col',
  col2imAdd: 'col2im',
  scaleBytes: 'batch moves',
  transpose: 'batch moves',
};
const TIMED = ['multiplyTransposed', 'multiplyTransposedLeft', ...Object.keys(OTHERS)];

/** A workload to profile: its network, its training, and how many epochs to warm up and to time. */
export interface ProfiledRun {
  readonly architecture: Architecture;
  /** its `epochs` is warmup + timed */
  readonly config: TrainingConfig;
  readonly examples: Examples;
  readonly warmup: number;
  readonly timed: number;
}

interface Share {
  /** the shape as first seen (a batch's last, smaller part is counted with it) */
  label: string;
  ms: number;
  flops: number;
}

/**
 * The kind of a kernel call. A product's key leaves out the dimension that grows with
 * the batch (the rows of A in C = A·Bᵀ, the shared rows in C = Aᵀ·B), so the last,
 * smaller batch of an epoch is counted with the others.
 */
export function kindOf(method: string, args: number[]): { key: string; label: string; flops: number } {
  if (method.startsWith('multiply')) {
    const [m, n, k] = args.slice(3, 6) as [number, number, number];
    const flops = 2 * m * n * k;
    if (m * n * k < LARGE) return { key: 'smaller products', label: 'smaller products', flops };
    if (method === 'multiplyTransposed')
      return { key: `A·Bᵀ ${n}×${k}`, label: `[${m}×${k}]·[${n}×${k}]ᵀ`, flops };
    return { key: `Aᵀ·B ${m}×${n}`, label: `[${k}×${m}]ᵀ·[${k}×${n}]`, flops };
  }
  const key = OTHERS[method]!;
  return { key, label: key, flops: 0 };
}

/** Two lines: the epoch's time and its parts, and the main thread's time by function. */
export async function profileRun(kernel: Kernel, run: ProfiledRun): Promise<string[]> {
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
        const { key, label, flops } = kindOf(method, args);
        const share = shares.get(key) ?? { label, ms: 0, flops: 0 };
        share.ms += performance.now() - started;
        share.flops += flops;
        shares.set(key, share);
      };
    },
  });
  const { architecture, config, examples, warmup, timed: epochs } = run;
  const { network, random } = createSeededNetwork(architecture, config, timed);
  const training = train(network, random, { train: examples, validation: null, classCount: 2 }, config);
  for (let step = training.next(); !step.done; step = training.next()) {
    if (step.value.type === 'epoch' && step.value.epoch === warmup) break;
  }
  timing = true;
  const { result: total, times } = await sampled(() => {
    const started = performance.now();
    for (let step = training.next(); !step.done; step = training.next());
    return (performance.now() - started) / epochs;
  });
  network.dispose();
  let inKernel = 0;
  const parts = [...shares.values()].map(({ label, ms, flops }) => {
    const per = ms / epochs;
    inKernel += per;
    const rate =
      flops > 0 && label !== 'smaller products' ? ` at ${(flops / ms / 1e6).toFixed(1)} GFLOP/s` : '';
    return `${label} ${per.toFixed(3)} ms${rate}`;
  });
  const sampledMs = times.reduce((sum, [, ms]) => sum + ms, 0);
  const functions = times
    .slice(0, HOTSPOTS)
    .map(([name, ms]) => `${name} ${(ms / epochs).toFixed(1)} ms (${((100 * ms) / sampledMs).toFixed(0)}%)`);
  return [
    `${total.toFixed(2)} ms per epoch: ${parts.join(', ')}, outside the kernel ${(total - inKernel).toFixed(3)} ms`,
    `the main thread by function, per epoch ((idle): waiting for the kernel's threads): ${functions.join(', ')}`,
  ];
}
