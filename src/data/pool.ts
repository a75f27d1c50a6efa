/**
 * Runs tasks with a bounded number in flight, reporting progress (done,
 * total, rate, time left) at most a few times a second and stopping early
 * when its signal is aborted.
 */
import { availableParallelism } from 'node:os';

export interface Progress {
  readonly done: number;
  readonly total: number;
  /** tasks per second so far */
  readonly rate: number;
  /** at the current rate; null until there is a rate */
  readonly secondsLeft: number | null;
}

export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor() {
    super('The import was cancelled.');
  }
}

export interface PoolOptions {
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: Progress) => void;
  /** least milliseconds between two progress reports (the last one is always sent) */
  readonly progressInterval?: number;
}

/** sharp decodes on libuv's threads: more tasks in flight than cores only adds memory. */
export function defaultConcurrency(): number {
  return Math.max(1, availableParallelism());
}

/** Calls `task(item, index)` for every item; resolves when all are done, or rejects with CancelledError. */
export async function runPool<T>(
  items: readonly T[],
  task: (item: T, index: number) => Promise<void>,
  { concurrency = defaultConcurrency(), signal, onProgress, progressInterval = 200 }: PoolOptions = {},
): Promise<void> {
  const started = performance.now();
  let next = 0;
  let done = 0;
  let lastReport = -Infinity;
  const report = (force: boolean) => {
    const now = performance.now();
    if (!onProgress || (!force && now - lastReport < progressInterval)) return;
    lastReport = now;
    const seconds = (now - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    onProgress({
      done,
      total: items.length,
      rate,
      secondsLeft: rate > 0 ? (items.length - done) / rate : null,
    });
  };
  const worker = async () => {
    while (next < items.length) {
      if (signal?.aborted) return;
      const index = next++;
      await task(items[index]!, index);
      done++;
      report(false);
    }
  };
  report(true);
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (signal?.aborted) throw new CancelledError();
  report(true);
}
