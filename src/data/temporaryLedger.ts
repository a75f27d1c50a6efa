/**
 * Temporary files written in folders that are not Whisker's own (an export's,
 * beside the file it will replace), noted first in a ledger in Whisker's data
 * folder: one left behind when the process is killed or crashes mid-write is
 * removed at the next start instead of staying in the user's folder.
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { isRunning } from './processes.ts';

interface Entry {
  readonly temporary: string;
  readonly pid: number;
}

export class TemporaryLedger {
  /**
   * @param folder where the notes are kept, in Whisker's data folder
   * @param isTemporaryName what the names of the temporary files look like: nothing else is removed
   */
  constructor(
    private readonly folder: string,
    private readonly isTemporaryName: (name: string) => boolean,
  ) {}

  /** Notes `temporary` durably before it is created; returns what forgets it once it is gone. */
  async note(temporary: string): Promise<() => Promise<void>> {
    await mkdir(this.folder, { recursive: true });
    const entry = path.join(this.folder, `${randomBytes(8).toString('hex')}.json`);
    const handle = await open(entry, 'wx', 0o600);
    try {
      await handle.writeFile(JSON.stringify({ temporary, pid: process.pid } satisfies Entry));
      await handle.sync();
    } finally {
      await handle.close();
    }
    return () => rm(entry, { force: true });
  }

  /** Removes the temporaries noted by processes that are gone; returns the ones it found and removed. */
  async removeLeftovers(): Promise<string[]> {
    const names = await readdir(this.folder).catch(() => [] as string[]);
    const removed: string[] = [];
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const entryFile = path.join(this.folder, name);
      const entry = await readFile(entryFile, 'utf8')
        .then((text) => JSON.parse(text) as Partial<Entry>)
        .catch(() => null);
      // a note cut short by the crash is useless: its temporary was never created
      if (
        entry !== null &&
        typeof entry.pid === 'number' &&
        entry.pid !== process.pid &&
        isRunning(entry.pid)
      )
        continue;
      const temporary = entry?.temporary;
      if (
        typeof temporary === 'string' &&
        path.isAbsolute(temporary) &&
        this.isTemporaryName(path.basename(temporary)) &&
        (await lstat(temporary).catch(() => null))?.isFile()
      ) {
        await rm(temporary, { force: true });
        removed.push(temporary);
      }
      await rm(entryFile, { force: true });
    }
    return removed;
  }
}
