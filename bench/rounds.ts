/**
 * The bench runs every peer once per round, rounds one after another, so that a
 * change in the machine's load falls on all of them alike; a row's figure is the
 * median of its rounds. Rows of one library at several thread counts then become
 * one row, each workload from its fastest count.
 */
import { WORKLOADS, type PeerResult, type Workload } from './workload.ts';

const key = (row: PeerResult) => `${row.name}|${JSON.stringify(row.threads)}`;

/** Each row (matched by name and threads) with the median of its rounds' figures. */
export function medianOfRounds(rounds: PeerResult[][]): PeerResult[] {
  const byKey = new Map<string, PeerResult[]>();
  for (const row of rounds.flat()) byKey.set(key(row), [...(byKey.get(key(row)) ?? []), row]);
  return [...byKey.values()].map((rows) => {
    const median = {} as Record<Workload, number | null>;
    for (const workload of WORKLOADS) {
      const figures = rows.map((r) => r[workload]).filter((f): f is number => f !== null);
      median[workload] = figures.length === 0 ? null : figures.sort((a, b) => a - b)[figures.length >> 1]!;
    }
    return { ...rows[0]!, ...median };
  });
}

/** Rows of the same name at different thread counts as one row: each workload at its fastest count. */
export function fastestThreads(rows: PeerResult[]): PeerResult[] {
  const byName = new Map<string, PeerResult[]>();
  for (const row of rows) byName.set(row.name, [...(byName.get(row.name) ?? []), row]);
  return [...byName.values()].map((same) => {
    const figures = {} as Record<Workload, number | null>;
    const threads = {} as Record<Workload, number>;
    for (const workload of WORKLOADS) {
      const fastest = same.reduce((a, b) => ((b[workload] ?? Infinity) < (a[workload] ?? Infinity) ? b : a));
      figures[workload] = fastest[workload];
      threads[workload] = typeof fastest.threads === 'number' ? fastest.threads : fastest.threads[workload];
    }
    return { ...same[0]!, ...figures, threads };
  });
}
