/**
 * The benchmark's table: every row's figures, and each figure's ratio to the
 * fastest peer for that workload. Peers on an unoptimised (reference) BLAS are
 * shown but never the one compared with.
 */
import { WORKLOADS, type PeerResult, type Workload } from './workload.ts';

const COLUMNS: { workload: Workload; title: string; digits: number }[] = [
  { workload: 'fullBatchMs', title: 'W1 ms/iter', digits: 2 },
  { workload: 'miniBatchEpochMs', title: 'W2 ms/epoch', digits: 2 },
  { workload: 'predictUs', title: 'W4 µs', digits: 1 },
  { workload: 'cnnEpochMs', title: 'W5 CNN ms', digits: 0 },
  { workload: 'adamEpochMs', title: 'W6 Adam ms', digits: 2 },
  { workload: 'momentumEpochMs', title: 'W6 mom. ms', digits: 2 },
];

/** The fastest peer (not Whisker, not on a reference BLAS) for each workload. */
export function fastestPeers(peers: PeerResult[]): Partial<Record<Workload, PeerResult>> {
  const best: Partial<Record<Workload, PeerResult>> = {};
  for (const workload of WORKLOADS) {
    for (const peer of peers) {
      const figure = peer[workload];
      if (peer.reference || figure === null) continue;
      const current = best[workload]?.[workload];
      if (current === undefined || current === null || figure < current) best[workload] = peer;
    }
  }
  return best;
}

export function threadsOf(result: PeerResult, workload: Workload): number {
  return typeof result.threads === 'number' ? result.threads : result.threads[workload];
}

/** Lines of a fixed-width table: figure, threads in brackets, ratio to the fastest peer. */
export function formatTable(whisker: PeerResult[], peers: PeerResult[]): string[] {
  const best = fastestPeers(peers);
  const rows = [...whisker, ...peers];
  const width = Math.max(4, ...rows.map((r) => r.name.length));
  const cell = (r: PeerResult, { workload, digits }: (typeof COLUMNS)[number]) => {
    const figure = r[workload];
    if (figure === null) return '–';
    const reference = best[workload]?.[workload];
    const ratio = r.reference || !reference ? '' : ` ${(figure / reference).toFixed(2)}×`;
    return `${figure.toFixed(digits)} (${threadsOf(r, workload)})${ratio}`;
  };
  const widths = COLUMNS.map((c) => Math.max(c.title.length, ...rows.map((r) => cell(r, c).length)));
  const line = (name: string, cells: string[]) =>
    `${name.padEnd(width)}  ${cells.map((c, i) => c.padStart(widths[i]!)).join('  ')}`;
  return [
    line(
      'peer',
      COLUMNS.map((c) => c.title),
    ),
    ...rows.map((r) =>
      line(
        r.name,
        COLUMNS.map((c) => cell(r, c)),
      ),
    ),
  ];
}

/** "name figure, …": each row's rate on a workload of `gflop` per figure's run (ms), where it ran. */
export function gflopsPerSecond(rows: PeerResult[], workload: Workload, gflop: number): string {
  return rows
    .filter((r) => r[workload] !== null)
    .map((r) => `${r.name} ${(gflop / (r[workload]! / 1000)).toFixed(1)} (${threadsOf(r, workload)})`)
    .join(', ');
}
