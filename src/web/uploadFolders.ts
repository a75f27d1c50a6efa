/**
 * The temporary folders uploads are written to, and their removal on every
 * way out: when an upload is discarded, when the process exits (whatever
 * made it exit, short of being killed), and, for a process that was killed or
 * crashed, when the next one starts. Each folder's name carries the id of the
 * process that made it, so the next one can tell whether that process is gone.
 */
import { rmSync } from 'node:fs';
import { lstat, mkdtemp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { isRunning } from '../data/processes.ts';

const PREFIX = 'whisker-upload-';
const OURS = /^whisker-upload-(\d+)-[A-Za-z0-9]{6}$/;
/** made by versions that did not name the process: removed once surely unused */
const UNNAMED = /^whisker-upload-[A-Za-z0-9]{6}$/;
const UNNAMED_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** Folders of this process still on disk, removed at exit. */
const live = new Set<string>();
let removedAtExit = false;

export async function makeUploadFolder(parent: string): Promise<string> {
  const folder = await mkdtemp(path.join(parent, `${PREFIX}${process.pid}-`));
  live.add(folder);
  if (!removedAtExit) {
    removedAtExit = true;
    // 'exit' listeners must be synchronous; process.exit(), the end of the event loop and uncaught
    // errors all pass through here
    process.once('exit', () => {
      for (const folder of live) rmSync(folder, { recursive: true, force: true });
    });
  }
  return folder;
}

export async function removeUploadFolder(folder: string): Promise<void> {
  await rm(folder, { recursive: true, force: true });
  live.delete(folder);
}

/** Removes upload folders in `parent` left by processes that are gone; returns how many. */
export async function removeStaleUploadFolders(parent: string): Promise<number> {
  const names = await readdir(parent).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names.filter((n) => n.startsWith(PREFIX))) {
    const full = path.join(parent, name);
    const info = await lstat(full).catch(() => null);
    // only real folders of this user: never through a link, never someone else's
    if (info === null || !info.isDirectory()) continue;
    if (process.getuid !== undefined && info.uid !== process.getuid()) continue;
    const pid = OURS.exec(name)?.[1];
    const stale =
      pid !== undefined
        ? Number(pid) !== process.pid && !isRunning(Number(pid))
        : UNNAMED.test(name) && Date.now() - info.mtimeMs > UNNAMED_MAX_AGE_MS;
    if (stale) {
      await rm(full, { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}
