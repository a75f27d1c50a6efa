/** The visible folders inside a folder, for a picker that needs no native dialog. */
import { homedir } from 'node:os';
import path from 'node:path';
import { subfolders } from '../data/walk.ts';

export async function browseFolders(folder: string) {
  const at = path.resolve(folder || homedir());
  let names: string[];
  try {
    names = await subfolders(at);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such folder'
        : code === 'EACCES'
          ? 'no permission to read it'
          : (error as Error).message;
    throw new Error(`${at}: ${reason}`, { cause: error });
  }
  const parent = path.dirname(at);
  return {
    path: at,
    parent: parent === at ? null : parent,
    folders: names.map((name) => ({ name, path: path.join(at, name) })),
  };
}
