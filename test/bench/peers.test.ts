import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { candidatePythons, findPeers, missingLibraries } from '../../bench/pythonPeers.ts';
import { fastestThreads, medianOfRounds } from '../../bench/rounds.ts';
import { fastestPeers, formatTable } from '../../bench/table.ts';
import type { PeerResult } from '../../bench/workload.ts';

const row = (name: string, fullBatchMs: number, extra: Partial<PeerResult> = {}): PeerResult => ({
  name,
  threads: 1,
  fullBatchMs,
  miniBatchEpochMs: null,
  predictUs: null,
  cnnEpochMs: null,
  adamEpochMs: null,
  momentumEpochMs: null,
  cost: 0.5,
  ...extra,
});

describe("the bench's peers", () => {
  it('compares with the fastest peer, never with one on the reference BLAS', () => {
    const peers = [row('numpy, OpenBLAS', 3), row('numpy, reference BLAS', 1, { reference: true })];
    expect(fastestPeers(peers).fullBatchMs?.name).toBe('numpy, OpenBLAS');
    const lines = formatTable([row('Whisker', 2.4, { threads: 2 })], peers);
    expect(lines[1]).toMatch(/^Whisker\s+2\.40 \(2\) 0\.80×/);
    expect(lines[2]).toMatch(/3\.00 \(1\) 1\.00×/);
    expect(lines[3]).toMatch(/1\.00 \(1\)\s+–/);
    expect(lines[3]).not.toMatch(/×/);
  });

  it('takes the median of the rounds, then each workload at its fastest thread count', () => {
    const rounds = [
      [row('numpy', 3, { threads: 1 }), row('numpy', 2, { threads: 2, miniBatchEpochMs: 9 })],
      [row('numpy', 5, { threads: 1 }), row('numpy', 2.2, { threads: 2, miniBatchEpochMs: 7 })],
      [
        row('numpy', 4, { threads: 1, miniBatchEpochMs: 5 }),
        row('numpy', 9, { threads: 2, miniBatchEpochMs: 8 }),
      ],
    ];
    const [numpy] = fastestThreads(medianOfRounds(rounds));
    expect(numpy!.fullBatchMs).toBe(2.2);
    expect(numpy!.miniBatchEpochMs).toBe(5);
    expect(numpy!.threads).toMatchObject({ fullBatchMs: 2, miniBatchEpochMs: 1 });
  });

  it('looks in WHISKER_PYTHON first, then Debian’s and the PATH’s python3', () => {
    expect(candidatePythons({ WHISKER_PYTHON: '/opt/py/bin/python' })).toEqual([
      '/opt/py/bin/python',
      '/usr/bin/python3',
      'python3',
    ]);
  });

  it('runs where no Python is found, saying what to install', () => {
    const pythons = ['/nonexistent/python3'];
    const peers = findPeers(pythons);
    expect(peers).toEqual([]);
    expect(missingLibraries(peers, pythons)).toEqual([
      'numpy: skipped, no Python with it among /nonexistent/python3 (Debian: apt-get install python3-numpy libopenblas0-pthread)',
      'PyTorch: skipped, no Python with it among /nonexistent/python3 (Debian: apt-get install python3-torch libopenblas0-pthread)',
    ]);
  });

  const python = candidatePythons().find((p) => spawnSync(p, ['--version']).status === 0);
  it.skipIf(python === undefined)(
    "tells Debian's reference BLAS from OpenBLAS by the libraries mapped",
    () => {
      const script = [
        'import json, sys',
        "sys.path.insert(0, 'bench')",
        'import python_peer',
        "print(json.dumps(python_peer.blas_report(['/usr/lib/x86_64-linux-gnu/blas/libblas.so.3'])))",
      ].join('\n');
      const run = spawnSync(python!, ['-c', script], { encoding: 'utf8' });
      expect(JSON.parse(run.stdout)).toEqual({ name: 'reference BLAS (Netlib)', reference: true });
    },
  );
});
