/**
 * Listing the files below a folder the way an import needs it: never
 * following symbolic links (so a link loop cannot trap the walk), skipping
 * hidden and system files, depth-capped, sorted (so the same folder always
 * gives the same data set), and with every unreadable entry reported.
 */
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';

export interface Skipped {
  readonly file: string;
  readonly reason: string;
}

export const MAX_DEPTH = 32;
/** The most files one import reads: their pixels alone at 64×64 take 2.5 GB. */
export const MAX_FILES = 200_000;
const SYSTEM_FILES = new Set(['thumbs.db', 'desktop.ini', 'icon\r']);

/** Dotfiles (.DS_Store, ._resource forks, .git) and the operating systems' own files. */
export function isHidden(name: string): boolean {
  return name.startsWith('.') || SYSTEM_FILES.has(name.toLowerCase());
}

export function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The visible sub-folders of `folder`, sorted by name. */
export async function subfolders(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory() && !isHidden(entry.name))
    .map((entry) => entry.name)
    .sort(byName);
}

export class TooManyFilesError extends Error {
  override name = 'TooManyFilesError';
  constructor(folder: string, limit: number) {
    const most = limit.toLocaleString('en');
    super(
      `${folder}: more than ${most} files; Whisker reads at most ${most} files from one folder, so open a smaller folder`,
    );
  }
}

/** A folder being read: its entries in name order, and how far the walk has got through them. */
interface Visit {
  readonly folder: string;
  readonly depth: number;
  readonly entries: Dirent[];
  next: number;
}

/**
 * Every regular, visible file below `folder`, depth first and each folder in name order; what cannot
 * be listed goes to `skipped`. The walk keeps its own stack (a folder may hold any number of files
 * and folders) and stops with TooManyFilesError past `maxFiles`.
 */
export async function listFiles(folder: string, skipped: Skipped[], maxFiles = MAX_FILES): Promise<string[]> {
  const files: string[] = [];
  const stack: Visit[] = [];
  const enter = async (at: string, depth: number) => {
    if (depth > MAX_DEPTH) {
      skipped.push({ file: at, reason: `nested deeper than ${MAX_DEPTH} folders, not read` });
      return;
    }
    try {
      const entries = await readdir(at, { withFileTypes: true });
      stack.push({ folder: at, depth, entries: entries.sort((a, b) => byName(a.name, b.name)), next: 0 });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason =
        code === 'EACCES' || code === 'EPERM' ? 'no permission to read the folder' : (error as Error).message;
      skipped.push({ file: at, reason });
    }
  };
  await enter(folder, 0);
  while (stack.length > 0) {
    const visit = stack.at(-1)!;
    const entry = visit.entries[visit.next++];
    if (entry === undefined) {
      stack.pop();
      continue;
    }
    const full = path.join(visit.folder, entry.name);
    if (isHidden(entry.name)) {
      skipped.push({
        file: full,
        reason: entry.isDirectory() ? 'a hidden folder, not read' : 'a hidden or system file',
      });
    } else if (entry.isDirectory()) {
      await enter(full, visit.depth + 1);
    } else if (entry.isFile()) {
      if (files.length === maxFiles) throw new TooManyFilesError(folder, maxFiles);
      files.push(full);
    } else if (entry.isSymbolicLink()) {
      skipped.push({ file: full, reason: 'a symbolic link (links are not followed)' });
    } else {
      skipped.push({ file: full, reason: 'not a regular file' });
    }
  }
  return files;
}
