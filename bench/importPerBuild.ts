/**
 * W3 for each of sharp's builds: the 10,000-image import of importFolder.ts, each in a fresh
 * process, with the native build and with the WebAssembly build Electron uses on Linux.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describeBuild, type SharpBuild } from '../src/data/imageLibrary.ts';
import type { ImportResult } from './importFolder.ts';

function importWith(build: SharpBuild): ImportResult & { build: SharpBuild } {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'importOnce.ts')],
    {
      encoding: 'utf8',
      env: { ...process.env, WHISKER_SHARP: build === 'wasm' ? 'wasm' : '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  if (run.status !== 0) throw new Error(`the W3 import with sharp's ${describeBuild(build)} failed`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!);
}

export function printImportPerBuild(): void {
  for (const build of ['native', 'wasm'] as const) {
    const r = importWith(build);
    if (r.build !== build)
      throw new Error(`W3 asked for sharp's ${build} build and got its ${r.build} build`);
    console.log(
      `W3 import of ${r.images} PNG images (128×128 to 64×64), sharp ${describeBuild(build)}: ` +
        `${r.seconds.toFixed(2)} s, ${(r.images / r.seconds).toFixed(0)} images/s, ` +
        `peak RSS ${r.peakRssMb.toFixed(0)} MB (${r.baselineRssMb.toFixed(0)} MB before)`,
    );
  }
}
