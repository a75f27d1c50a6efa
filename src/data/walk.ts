/**
 * Listing the files below a folder the way an import needs it: never
 * following symbolic links (so a link loop cannot trap the walk), skipping
 * hidden and system files, depth-capped, sorted (so the same folder always
 * gives the same data set), and with every unreadable entry reported.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';

export interface Skipped {
  readonly file: string;
  readonly reason: string;
}

export const MAX_DEPTH = 32;
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

/** Every regular, visible file below `folder`, sorted; what cannot be listed goes to `skipped`. */
export async function listFiles(folder: string, skipped: Skipped[], depth = 0): Promise<string[]> {
  if (depth > MAX_DEPTH) {
    skipped.push({ file: folder, reason: `nested deeper than ${MAX_DEPTH} folders, not read` });
    return [];
  }
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'EACCES' || code === 'EPERM' ? 'no permission to read the folder' : (error as Error).message;
    skipped.push({ file: folder, reason });
    return [];
  }
  entries.sort((a, b) => byName(a.name, b.name));
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (isHidden(entry.name)) {
      skipped.push({
        file: full,
        reason: entry.isDirectory() ? 'a hidden folder, not read' : 'a hidden or system file',
      });
      continue;
    }
    if (entry.isDirectory()) files.push(...(await listFiles(full, skipped, depth + 1)));
    else if (entry.isFile()) files.push(full);
    else if (entry.isSymbolicLink())
      skipped.push({ file: full, reason: 'a symbolic link (links are not followed)' });
    else skipped.push({ file: full, reason: 'not a regular file' });
  }
  return files;
}
