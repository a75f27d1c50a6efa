import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Backend } from '../../src/backend/backend.ts';
import { forkTrainer } from '../../src/backend/childTrainer.ts';
import { TrainerClient } from '../../src/backend/trainerClient.ts';
import { removeInterruptedExports } from '../../src/backend/modelExport.ts';

let dir: string;
let dataDir: string;
let out: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'whisker-export-crash-'));
  dataDir = path.join(dir, 'data');
  out = path.join(dir, 'exports');
  await mkdir(out);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Exports a model in a process that is killed (SIGKILL) after writing the model's first 100 bytes. */
function exportKilledMidWrite(target: string): string | null {
  const script = `
    import { open } from 'node:fs/promises';
    import { exportModel } from ${JSON.stringify(path.resolve('src/backend/modelExport.ts'))};
    import { smallModel } from ${JSON.stringify(path.resolve('test/helpers/models.ts'))};
    const probe = await open('/dev/null');
    const handle = Object.getPrototypeOf(probe);
    await probe.close();
    const writeFile = handle.writeFile;
    handle.writeFile = async function (bytes) {
      // the ledger's own note is text: only the model's bytes are cut short
      if (typeof bytes === 'string') return writeFile.call(this, bytes);
      await writeFile.call(this, bytes.subarray(0, 100));
      process.kill(process.pid, 'SIGKILL');
    };
    await exportModel(smallModel(), { path: ${JSON.stringify(target)}, format: 'onnx' }, ${JSON.stringify(dataDir)});`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  return run.signal;
}

describe('an export killed while it writes', () => {
  it('leaves its temporary file only until the next start, which removes it', async () => {
    expect(exportKilledMidWrite(path.join(out, 'model.onnx'))).toBe('SIGKILL');
    const leftovers = await readdir(out);
    expect(leftovers).toEqual([expect.stringMatching(/^\.model\.onnx\.[0-9a-f]{12}\.tmp$/)]);
    expect(await removeInterruptedExports(dataDir)).toEqual([path.join(out, leftovers[0]!)]);
    expect(await readdir(out)).toEqual([]);
    expect(await removeInterruptedExports(dataDir)).toEqual([]);
  }, 30_000);

  it('is cleaned up when the backend next starts', async () => {
    expect(exportKilledMidWrite(path.join(out, 'model.onnx'))).toBe('SIGKILL');
    const backend = new Backend({ dataDir, baseline: false, trainer: new TrainerClient(forkTrainer) });
    try {
      await vi.waitFor(async () => expect(await readdir(out)).toEqual([]), { timeout: 5000 });
    } finally {
      backend.close();
    }
  }, 30_000);
});
