import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkWritable } from '../../src/data/files.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'whisker-writable-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** checkWritable(file) in a child process as the unprivileged user "nobody" (root may write anywhere). */
function checkAsNobody(file: string): string {
  const script = `
    import { checkWritable } from ${JSON.stringify(path.resolve('src/data/files.ts'))};
    await checkWritable(${JSON.stringify(file)}).then(() => console.log('writable'), (e) => console.log(e.message));`;
  const asRoot = process.getuid?.() === 0;
  const command = asRoot
    ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath]
    : [process.execPath];
  const run = spawnSync(
    command[0]!,
    [...command.slice(1), '--import', 'tsx', '--input-type=module', '-e', script],
    { encoding: 'utf8', env: { ...process.env, HOME: tmpdir() } },
  );
  return run.stdout.trim();
}

describe('checking, before the work, that a file can be written', () => {
  it('accepts a new file in a writable folder, and an existing file to replace, leaving nothing behind', async () => {
    await checkWritable(path.join(dir, 'new.safetensors'));
    await writeFile(path.join(dir, 'old.safetensors'), 'old');
    await checkWritable(path.join(dir, 'old.safetensors'));
    expect(await readdir(dir)).toEqual(['old.safetensors']);
  });

  it('names what is wrong: a missing folder, a file where the folder should be, a folder or a pipe in the way', async () => {
    await writeFile(path.join(dir, 'plain'), 'x');
    await mkdir(path.join(dir, 'taken.safetensors'));
    spawnSync('mkfifo', [path.join(dir, 'pipe.safetensors')]);
    const reasons = await Promise.all(
      ['missing/m.safetensors', 'plain/m.safetensors', 'taken.safetensors', 'pipe.safetensors'].map((name) =>
        checkWritable(path.join(dir, name)).then(
          () => 'writable',
          (error: Error) => error.message,
        ),
      ),
    );
    expect(reasons).toEqual([
      `${path.join(dir, 'missing/m.safetensors')}: the folder ${path.join(dir, 'missing')} does not exist`,
      `${path.join(dir, 'plain/m.safetensors')}: ${path.join(dir, 'plain')} is not a folder`,
      `${path.join(dir, 'taken.safetensors')}: a folder, not a file`,
      `${path.join(dir, 'pipe.safetensors')}: a named pipe (FIFO), not a regular file`,
    ]);
  });

  it('refuses a folder the user may not write in', async () => {
    const locked = path.join(dir, 'locked');
    await mkdir(locked);
    await chmod(dir, 0o755);
    await chmod(locked, 0o555);
    expect(checkAsNobody(path.join(locked, 'model.safetensors'))).toBe(
      `${path.join(locked, 'model.safetensors')}: cannot write in ${locked} (no permission)`,
    );
  });
});
