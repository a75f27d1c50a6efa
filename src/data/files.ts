/**
 * Writing files so that a crash or a kill never leaves a partial one: the
 * bytes go to a temporary file beside the target, are flushed to disk, and
 * the temporary file is renamed over the target (atomic on one file system),
 * then the folder's entry is flushed too.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export async function writeFileAtomic(file: string, bytes: Uint8Array | string): Promise<void> {
  const folder = path.dirname(file);
  const temporary = path.join(folder, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx', 0o644);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  // The rename itself is durable only once the folder is flushed; some systems cannot open folders.
  const dir = await open(folder, 'r').catch(() => null);
  if (dir !== null) {
    await dir.sync().catch(() => {});
    await dir.close();
  }
}
