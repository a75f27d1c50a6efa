/**
 * The folders inside a folder, for the page's own picker (the web host has no
 * native dialog): the visible sub-folders, linked ones included (a link to a
 * folder is where many people keep their pictures; opening it reads the
 * folder it points to, and the import below it still follows no links), the
 * path from the top as a breadcrumb, and whether the folder holds .h5 files.
 */
import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { byName } from '../data/walk.ts';
import type { Listing } from './webMethods.ts';

const hidden = (name: string) => name.startsWith('.');

export async function browseFolders(folder: string): Promise<Listing> {
  const at = path.resolve(folder || homedir());
  let entries;
  try {
    entries = await readdir(at, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such folder'
        : code === 'EACCES'
          ? 'no permission to read it'
          : code === 'ENOTDIR'
            ? 'not a folder'
            : (error as Error).message;
    throw new Error(`${at}: ${reason}`, { cause: error });
  }
  const folders: Listing['folders'] = [];
  const h5: Listing['h5'] = [];
  for (const entry of entries) {
    if (hidden(entry.name)) continue;
    const full = path.join(at, entry.name);
    if (entry.isDirectory()) folders.push({ name: entry.name, path: full, link: false });
    else if (entry.isSymbolicLink()) {
      const target = await stat(full).catch(() => null);
      if (target?.isDirectory()) folders.push({ name: entry.name, path: full, link: true });
    } else if (entry.isFile() && entry.name.toLowerCase().endsWith('.h5'))
      h5.push({ name: entry.name, path: full });
  }
  folders.sort((a, b) => byName(a.name, b.name));
  h5.sort((a, b) => byName(a.name, b.name));
  const parent = path.dirname(at);
  const crumbs: Listing['crumbs'] = [];
  for (let p = at; ; p = path.dirname(p)) {
    crumbs.unshift({ name: path.basename(p) || p, path: p });
    if (path.dirname(p) === p) break;
  }
  return { path: at, parent: parent === at ? null : parent, crumbs, folders, h5 };
}
