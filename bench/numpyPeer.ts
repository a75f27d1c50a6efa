/** Runs bench/numpy_peer.py on the same matrices, with the first Python that has numpy. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PeerResult } from './workload.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

interface NumpyOutput {
  fullBatchMs: number;
  miniBatchEpochMs: number;
  predictUs: number;
  cost: number;
  numpy: string;
  blas: string[];
}

/** The result, or why there is none. */
export function runNumpy(
  x: Float32Array,
  y: Float32Array,
  m: number,
  iterations: number,
  options: { miniBatchEpochs: number; predictions: number },
): PeerResult | string {
  const pythons = [process.env['WHISKER_PYTHON'], '/usr/bin/python3', 'python3'].filter((p): p is string =>
    Boolean(p),
  );
  const python = pythons.find((p) => spawnSync(p, ['-c', 'import numpy']).status === 0);
  if (python === undefined) {
    return 'skipped: no Python with numpy (Debian: apt-get install python3-numpy libopenblas0-pthread)';
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'whisker-bench-'));
  try {
    writeFileSync(path.join(dir, 'x.f32'), x);
    writeFileSync(path.join(dir, 'y.f32'), y);
    const args = [m, iterations, options.miniBatchEpochs, options.predictions].map(String);
    const run = spawnSync(
      python,
      [path.join(here, 'numpy_peer.py'), path.join(dir, 'x.f32'), path.join(dir, 'y.f32'), ...args],
      { encoding: 'utf8' },
    );
    if (run.status !== 0) return `failed: ${run.stderr.trim().split('\n').at(-1)}`;
    const out = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as NumpyOutput;
    return {
      name: 'numpy',
      fullBatchMs: out.fullBatchMs,
      miniBatchEpochMs: out.miniBatchEpochMs,
      predictUs: out.predictUs,
      cost: out.cost,
      note: `numpy ${out.numpy} (${python}), BLAS ${out.blas.map((b) => path.basename(b)).join(', ')}`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
