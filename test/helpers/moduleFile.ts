/**
 * A script for a child process, written to a module file of its own. Children that decode with
 * sharp's WebAssembly build run it from a file, not with `--input-type=module -e`: that build's
 * threads inherit the parent's flags, and with tsx's they never start.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Writes `script` to a .mts file every user can read (a child may run as "nobody"), runs `use` on it, removes it. */
export async function withModuleFile<T>(script: string, use: (file: string) => T): Promise<T> {
  const folder = await mkdtemp(path.join(tmpdir(), 'whisker-script-'));
  try {
    await chmod(folder, 0o755);
    const file = path.join(folder, 'script.mts');
    await writeFile(file, script, { mode: 0o644 });
    return use(file);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
