/**
 * Folders a browser page sends to the web host: written below a temporary
 * folder the host owns, one file at a time, with every relative path checked
 * (no absolute paths, no "..", no hidden tricks), and sizes bounded.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const MAX_UPLOAD_FILE_BYTES = 64 * 2 ** 20;
export const MAX_UPLOAD_BYTES = 4 * 2 ** 30;
export const MAX_UPLOAD_FILES = 200_000;

interface Upload {
  readonly folder: string;
  bytes: number;
  /** the files written, as their full paths */
  readonly files: string[];
}

export class Uploads {
  private readonly uploads = new Map<string, Upload>();

  async begin(): Promise<string> {
    const id = randomBytes(12).toString('hex');
    this.uploads.set(id, {
      folder: await mkdtemp(path.join(tmpdir(), 'whisker-upload-')),
      bytes: 0,
      files: [],
    });
    return id;
  }

  /** Writes one file at `relative` (like "pets/cat/1.jpg") inside the upload's folder. */
  async add(id: string, relative: string, bytes: Uint8Array): Promise<void> {
    const upload = this.get(id);
    const parts = relative.split('/');
    if (
      relative.length === 0 ||
      relative.length > 1024 ||
      path.isAbsolute(relative) ||
      relative.includes('\\') ||
      relative.includes('\0') ||
      parts.some((part) => part === '' || part === '.' || part === '..')
    ) {
      throw new Error(`refused the upload of "${relative}": not a relative path inside the dropped folder`);
    }
    if (bytes.length > MAX_UPLOAD_FILE_BYTES)
      throw new Error(`${relative}: larger than ${MAX_UPLOAD_FILE_BYTES / 2 ** 20} MB`);
    if (upload.bytes + bytes.length > MAX_UPLOAD_BYTES || upload.files.length + 1 > MAX_UPLOAD_FILES) {
      throw new Error('the dropped folder is too large to upload; open it by its path instead');
    }
    const target = path.join(upload.folder, ...parts);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, bytes, { flag: 'wx' });
    upload.bytes += bytes.length;
    upload.files.push(target);
  }

  /** The course's .h5 files, when that is all the page sent (one to three of them); otherwise null. */
  h5Files(id: string): string[] | null {
    const { files } = this.get(id);
    const h5 = files.length <= 3 && files.every((file) => file.toLowerCase().endsWith('.h5'));
    return files.length > 0 && h5 ? [...files].sort() : null;
  }

  /** The folder to import: the single folder dropped (a name, never a path), or the upload's own folder. */
  folderOf(id: string, top: string | null): string {
    const upload = this.get(id);
    if (top === null) return upload.folder;
    if (/[/\\\0]/.test(top) || top === '.' || top === '..' || top === '')
      throw new Error(`refused to open "${top}": not the name of a folder that was sent`);
    return path.join(upload.folder, top);
  }

  async discard(id: string): Promise<void> {
    const upload = this.uploads.get(id);
    this.uploads.delete(id);
    if (upload) await rm(upload.folder, { recursive: true, force: true });
  }

  async discardAll(): Promise<void> {
    await this.discardAllBut(null);
  }

  /** Older uploads go once a newer one is the open data set. */
  async discardAllBut(keep: string | null): Promise<void> {
    await Promise.all([...this.uploads.keys()].filter((id) => id !== keep).map((id) => this.discard(id)));
  }

  private get(id: string): Upload {
    const upload = this.uploads.get(id);
    if (!upload) throw new Error('no such upload (it may have been finished or discarded)');
    return upload;
  }
}
