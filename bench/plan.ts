/**
 * What a run of the bench measures, from its environment:
 *   WHISKER_BENCH_ONLY        the parts, comma-separated (peers,W7,W3 by default): 'peers' is the
 *                             table of every workload, 'W5' the table's W5 column alone
 *   WHISKER_BENCH_ITERATIONS  W1's iterations (200)    WHISKER_BENCH_EPOCHS      W2's and W6's epochs (100)
 *   WHISKER_BENCH_CNN_EPOCHS  W5's epochs (3)          WHISKER_BENCH_APP_EPOCHS  a shorter W7
 *   WHISKER_BENCH_ROUNDS      rounds of the table and of W7 (3), each figure the median of its rounds
 * Slower peers run less of each workload (slowerCounts); 0 skips a workload.
 */
import { ROUNDS, type Counts } from './workload.ts';

export const PREDICTIONS = 5000;

export interface Plan {
  readonly parts: ReadonlySet<string>;
  /** W1's iterations, also the length of W7's W1 */
  readonly iterations: number;
  /** what Whisker and the Python peers run in each round of the table; all 0 without the table */
  readonly counts: Counts;
  readonly rounds: number;
  /** W7's epochs, when shorter than the preset's */
  readonly appEpochs: number | undefined;
}

function count(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name}=${text}: a whole number of 0 or more`);
  return value;
}

export function benchPlan(env: NodeJS.ProcessEnv = process.env): Plan {
  const parts = new Set((env['WHISKER_BENCH_ONLY'] ?? 'peers,W7,W3').split(','));
  const iterations = count(env, 'WHISKER_BENCH_ITERATIONS', 200);
  const all = parts.has('peers');
  const appEpochs = env['WHISKER_BENCH_APP_EPOCHS'];
  return {
    parts,
    iterations,
    counts: {
      iterations: all ? iterations : 0,
      epochs: all ? count(env, 'WHISKER_BENCH_EPOCHS', 100) : 0,
      predictions: all ? PREDICTIONS : 0,
      cnnEpochs: all || parts.has('W5') ? count(env, 'WHISKER_BENCH_CNN_EPOCHS', 3) : 0,
    },
    rounds: Math.max(1, count(env, 'WHISKER_BENCH_ROUNDS', ROUNDS)),
    appEpochs: appEpochs === undefined ? undefined : count(env, 'WHISKER_BENCH_APP_EPOCHS', 0),
  };
}

/** Whether the table of peers runs at all. */
export function runsTable(counts: Counts): boolean {
  return Object.values(counts).some((n) => n > 0);
}

/**
 * The counts for a peer `times` slower or so: each workload divided, rounded up so that a
 * workload asked for still runs (and one skipped stays skipped).
 */
export function slowerCounts(counts: Counts, times: Partial<Record<keyof Counts, number>>): Counts {
  const divided = (key: keyof Counts) => Math.ceil(counts[key] / (times[key] ?? 1));
  return {
    iterations: divided('iterations'),
    epochs: divided('epochs'),
    predictions: divided('predictions'),
    cnnEpochs: divided('cnnEpochs'),
  };
}
