/**
 * How many cases a fuzzer runs: a few hundred inside `npm test` (seconds), many more under
 * `npm run fuzz`, which sets WHISKER_FUZZ_RUNS. WHISKER_FUZZ_SEED replays a run fast-check reported.
 */
import type { Parameters } from 'fast-check';

export function fuzzParameters<T>(bounded: number): Parameters<T> {
  const runs = Number(process.env['WHISKER_FUZZ_RUNS'] ?? bounded);
  const seed = process.env['WHISKER_FUZZ_SEED'];
  return { numRuns: runs, ...(seed ? { seed: Number(seed) } : {}) };
}

/** The time a fuzz test may take: its cases at `msPerCase`, and a minute to spare. */
export function fuzzTimeout(bounded: number, msPerCase: number): number {
  return Number(process.env['WHISKER_FUZZ_RUNS'] ?? bounded) * msPerCase + 60_000;
}

/** What a fuzzer saw, printed once it ends: `npm run fuzz` reports these counts. */
export class Tally {
  private readonly counts = new Map<string, number>();

  add(outcome: string): void {
    this.counts.set(outcome, (this.counts.get(outcome) ?? 0) + 1);
  }

  report(name: string): string {
    const total = [...this.counts.values()].reduce((a, b) => a + b, 0);
    const parts = [...this.counts].sort((a, b) => b[1] - a[1]).map(([what, n]) => `${n} ${what}`);
    return `${name}: ${total} cases: ${parts.join(', ')}`;
  }
}
