/**
 * Writing files so that a crash or a kill never leaves a partial one: the
 * bytes go to a temporary file beside the target, are flushed to disk, and
 * the temporary file is renamed over the target (atomic on one file system),
 * then the folder's entry is flushed too.
 */
import { randomBytes } from 'node:crypto';
import { lstat, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { FileError } from './fileError.ts';
import { kindOf } from './regularFile.ts';
import type { TemporaryLedger } from './temporaryLedger.ts';

/** The temporary files writeFileAtomic makes: ".<name>.<12 hex digits>.tmp" beside the target. */
export const isTemporaryName = (name: string) => /^\..+\.[0-9a-f]{12}\.tmp$/.test(name);

export interface WriteOptions {
  /** notes the temporary file first, so that a crash cannot leave it behind for good */
  readonly ledger?: TemporaryLedger;
}

export async function writeFileAtomic(
  file: string,
  bytes: Uint8Array | string,
  { ledger }: WriteOptions = {},
): Promise<void> {
  const folder = path.dirname(file);
  const temporary = path.join(folder, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const forget = ledger ? await ledger.note(temporary) : async () => {};
  try {
    const handle = await open(temporary, 'wx', 0o644);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  } finally {
    await forget();
  }
  // The rename itself is durable only once the folder is flushed; some systems cannot open folders.
  const dir = await open(folder, 'r').catch(() => null);
  if (dir !== null) {
    await dir.sync().catch(() => {});
    await dir.close();
  }
}

/**
 * Checks, before any long work, that writeFileAtomic will be able to write `file`: its folder exists
 * and takes a new file (tried, not guessed from permission bits), and nothing but a regular file is
 * in the way. Throws a FileError naming the file and the reason.
 */
export async function checkWritable(file: string): Promise<void> {
  const folder = path.dirname(path.resolve(file));
  const folderInfo = await stat(folder).catch(() => null);
  if (folderInfo === null) throw new FileError(file, `the folder ${folder} does not exist`);
  if (!folderInfo.isDirectory()) throw new FileError(file, `${folder} is not a folder`);
  const existing = await lstat(file).catch(() => null);
  if (existing !== null && !existing.isFile()) throw new FileError(file, kindOf(existing));
  const probe = path.join(folder, `.whisker-probe-${randomBytes(6).toString('hex')}.tmp`);
  try {
    await (await open(probe, 'wx', 0o600)).close();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'EACCES' || code === 'EPERM'
        ? 'no permission'
        : code === 'EROFS'
          ? 'a read-only file system'
          : (error as Error).message;
    throw new FileError(file, `cannot write in ${folder} (${why})`);
  }
  await rm(probe, { force: true });
}
