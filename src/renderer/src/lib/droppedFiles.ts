/**
 * The files inside what the user dropped or chose, each with its path relative
 * to the drop ("pets/cat/1.jpg"), read through the File System entries API.
 */
export interface RelativeFile {
  readonly path: string;
  readonly file: File;
}

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

async function walk(entry: FileSystemEntry, prefix: string, out: RelativeFile[]): Promise<void> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject),
    );
    out.push({ path, file });
  } else if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries hands out a directory's entries in batches until it returns none
    for (let batch = await readEntries(reader); batch.length > 0; batch = await readEntries(reader)) {
      for (const child of batch) await walk(child, path, out);
    }
  }
}

export async function filesFromDrop(transfer: DataTransfer): Promise<RelativeFile[]> {
  const entries = [...transfer.items]
    .map((item) => item.webkitGetAsEntry())
    .filter((e): e is FileSystemEntry => e !== null);
  const out: RelativeFile[] = [];
  for (const entry of entries) await walk(entry, '', out);
  return out;
}

/** From an <input webkitdirectory>: every file knows its path below the chosen folder. */
export function filesFromFolderInput(files: FileList): RelativeFile[] {
  return [...files].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
}

/** The one folder everything is inside, or null when several things were dropped. */
export function commonTop(files: readonly RelativeFile[]): string | null {
  const tops = new Set(files.map((f) => (f.path.includes('/') ? f.path.split('/')[0]! : '')));
  const [top] = tops;
  return tops.size === 1 && top ? top : null;
}
