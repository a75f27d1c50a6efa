/**
 * How many cases a fuzzer runs: its bounded number inside `npm test` (seconds), that number times
 * WHISKER_FUZZ_SCALE under `npm run fuzz`. WHISKER_FUZZ_SEED replays a run fast-check reported.
 */
import type { Parameters } from 'fast-check';

const scale = Number(process.env['WHISKER_FUZZ_SCALE'] ?? 1);

export function fuzzRuns(bounded: number): number {
  return Math.max(1, Math.round(bounded * scale));
}

export function fuzzParameters<T>(bounded: number): Parameters<T> {
  const seed = process.env['WHISKER_FUZZ_SEED'];
  return { numRuns: fuzzRuns(bounded), ...(seed ? { seed: Number(seed) } : {}) };
}

/** The time a fuzz test may take: its cases at `msPerCase`, and a minute to spare. */
export function fuzzTimeout(bounded: number, msPerCase: number): number {
  return fuzzRuns(bounded) * msPerCase + 60_000;
}

/** What a fuzzer saw, printed once it ends: `npm run fuzz` reports these counts. */
export class Tally {
  private readonly counts = new Map<string, number>();

  add(outcome: string, count = 1): void {
    this.counts.set(outcome, (this.counts.get(outcome) ?? 0) + count);
  }

  report(name: string, cases: number): string {
    const parts = [...this.counts].sort((a, b) => b[1] - a[1]).map(([what, n]) => `${n} ${what}`);
    return `${name}: ${cases} cases: ${parts.join(', ')}`;
  }
}
