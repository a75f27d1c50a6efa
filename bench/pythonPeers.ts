/**
 * The Python peers: every numpy and PyTorch found in the Pythons a user would
 * run (WHISKER_PYTHON, /usr/bin/python3, python3 on the PATH), each run by
 * bench/python_peer.py once per thread count and round.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKLOADS, type CnnWorkload, type Counts, type PeerResult, type Workload } from './workload.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const SCRIPT = path.join(here, 'python_peer.py');
type Library = 'numpy' | 'torch';
const LIBRARIES: Library[] = ['numpy', 'torch'];

/** What to install when a library is missing or slow, on Debian. */
const INSTALL: Record<Library, string> = {
  numpy: 'apt-get install python3-numpy libopenblas0-pthread',
  torch: 'apt-get install python3-torch libopenblas0-pthread',
};
const LABEL: Record<Library, string> = { numpy: 'numpy', torch: 'PyTorch' };

interface Probe {
  executable: string;
  numpy: string | null;
  torch: string | null;
}

interface RunOutput extends Record<Workload, number | null> {
  cost: number | null;
  library: Library;
  version: string;
  threads: number;
  blas: { name: string; reference: boolean };
  libraries: string[];
}

/** The interpreters to try, in order; the same executable found twice is run once. */
export function candidatePythons(env: NodeJS.ProcessEnv = process.env): string[] {
  return [env['WHISKER_PYTHON'], '/usr/bin/python3', 'python3'].filter((p): p is string => Boolean(p));
}

function probe(python: string): Probe | null {
  const run = spawnSync(python, [SCRIPT, 'probe'], { encoding: 'utf8' });
  if (run.status !== 0) return null;
  try {
    return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Probe;
  } catch {
    return null;
  }
}

/** Every library the Pythons have, once per interpreter. */
export function findPeers(
  pythons = candidatePythons(),
): { python: string; library: Library; version: string }[] {
  const seen = new Set<string>();
  const peers: { python: string; library: Library; version: string }[] = [];
  for (const python of pythons) {
    const found = probe(python);
    if (found === null || seen.has(found.executable)) continue;
    seen.add(found.executable);
    for (const library of LIBRARIES) {
      const version = found[library];
      if (version) peers.push({ python: found.executable, library, version });
    }
  }
  return peers;
}

/** Why a library is absent from the table, for every library no Python has. */
export function missingLibraries(peers: { library: Library }[], pythons = candidatePythons()): string[] {
  return LIBRARIES.filter((library) => !peers.some((peer) => peer.library === library)).map(
    (library) =>
      `${LABEL[library]}: skipped, no Python with it among ${pythons.join(', ')} (Debian: ${INSTALL[library]})`,
  );
}

function runOnce(
  python: string,
  library: Library,
  threads: number,
  files: { x: string; y: string; cnn: string },
  m: number,
  counts: Counts,
): RunOutput | string {
  // numpy's BLAS reads its thread count when it loads; PyTorch is also told in the script.
  const env = {
    ...process.env,
    OPENBLAS_NUM_THREADS: String(threads),
    OMP_NUM_THREADS: String(threads),
    MKL_NUM_THREADS: String(threads),
  };
  const args = [m, counts.iterations, counts.epochs, counts.predictions].map(String);
  const cnn = [files.cnn, String(counts.cnnEpochs)];
  const run = spawnSync(python, [SCRIPT, library, String(threads), files.x, files.y, ...args, ...cnn], {
    encoding: 'utf8',
    env,
  });
  if (run.status !== 0) return `failed: ${run.stderr.trim().split('\n').at(-1)}`;
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as RunOutput;
}

/**
 * The Python peers found, with their data (and W5's network) written once to a temporary folder:
 * round() runs each at every thread count up to the machine's, one round of each
 * workload, a row per peer and thread count. A peer on the reference BLAS is kept,
 * marked, so the table can show it and refuse to compare with it.
 */
export function pythonPeers(x: Float32Array, y: Float32Array, m: number, counts: Counts, cnn: CnnWorkload) {
  const pythons = candidatePythons();
  const peers = findPeers(pythons);
  const notes = missingLibraries(peers, pythons);
  const dir = mkdtempSync(path.join(tmpdir(), 'whisker-bench-'));
  const files = { x: path.join(dir, 'x.f32'), y: path.join(dir, 'y.f32'), cnn: path.join(dir, 'w5.json') };
  writeFileSync(files.x, x);
  writeFileSync(files.y, y);
  writeFileSync(files.cnn, JSON.stringify(cnn));
  return {
    notes,
    round(): PeerResult[] {
      const rows: PeerResult[] = [];
      for (const peer of peers) {
        for (let threads = 1; threads <= availableParallelism(); threads++) {
          const run = runOnce(peer.python, peer.library, threads, files, m, counts);
          if (typeof run === 'string') notes.push(`${LABEL[peer.library]} (${peer.python}): ${run}`);
          else rows.push(asRow(peer, run));
        }
      }
      return rows;
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function asRow(peer: { python: string; library: Library; version: string }, run: RunOutput): PeerResult {
  const { blas, libraries } = run;
  const name = `${LABEL[peer.library]} ${peer.version}, ${blas.name}`;
  const figures = Object.fromEntries(WORKLOADS.map((w) => [w, run[w]])) as Record<Workload, number | null>;
  return {
    name,
    ...figures,
    threads: run.threads,
    cost: run.cost,
    reference: blas.reference,
    note:
      `${name} (${peer.python}), libraries ${libraries.map((l) => path.basename(l)).join(', ') || 'none found'}` +
      (blas.reference
        ? `: the reference BLAS is unoptimised, not a peer, and no ratio is given against it; ` +
          `install an optimised BLAS (Debian: ${INSTALL[peer.library]})`
        : ''),
  };
}
