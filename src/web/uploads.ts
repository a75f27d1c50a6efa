/**
 * Folders a browser page sends to the web host: written below a temporary
 * folder the host owns (uploadFolders.ts), one file at a time, with every
 * relative path checked (no absolute paths, no "..", no hidden tricks), and
 * sizes and numbers bounded.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeUploadFolder, removeStaleUploadFolders, removeUploadFolder } from './uploadFolders.ts';

export const MAX_UPLOAD_FILE_BYTES = 64 * 2 ** 20;
export const MAX_UPLOAD_BYTES = 4 * 2 ** 30;
export const MAX_UPLOAD_FILES = 200_000;
/** the open data set's, one being sent, and one more */
export const MAX_OPEN_UPLOADS = 3;
export const MAX_TOTAL_UPLOAD_BYTES = 2 * MAX_UPLOAD_BYTES;

export interface UploadsOptions {
  /** where the upload folders go (the system's temporary folder) */
  readonly parent?: string;
  readonly maxTotalBytes?: number;
}

interface Upload {
  readonly folder: string;
  bytes: number;
  /** the files written, as their full paths */
  readonly files: string[];
}

export class Uploads {
  /** oldest first */
  private readonly uploads = new Map<string, Upload>();
  /** the upload that is the open data set, kept when newer ones begin */
  private kept: string | null = null;
  private readonly parent: string;
  private readonly maxTotalBytes: number;
  /** the folders left by processes that were killed or crashed, removed at start */
  private readonly staleRemoved: Promise<number>;

  constructor({ parent = tmpdir(), maxTotalBytes = MAX_TOTAL_UPLOAD_BYTES }: UploadsOptions = {}) {
    this.parent = parent;
    this.maxTotalBytes = maxTotalBytes;
    this.staleRemoved = removeStaleUploadFolders(parent).catch(() => 0);
  }

  async begin(): Promise<string> {
    await this.staleRemoved;
    if (this.uploads.size >= MAX_OPEN_UPLOADS) {
      const oldest = [...this.uploads.keys()].find((id) => id !== this.kept);
      if (oldest !== undefined) await this.discard(oldest);
    }
    const id = randomBytes(12).toString('hex');
    this.uploads.set(id, { folder: await makeUploadFolder(this.parent), bytes: 0, files: [] });
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
    const total = [...this.uploads.values()].reduce((sum, u) => sum + u.bytes, 0);
    if (total + bytes.length > this.maxTotalBytes) {
      throw new Error(
        `the uploads would take more than ${describeBytes(this.maxTotalBytes)} of temporary space; open the folder by its path instead`,
      );
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
    if (this.kept === id) this.kept = null;
    if (upload) await removeUploadFolder(upload.folder);
  }

  async discardAll(): Promise<void> {
    await this.discardAllBut(null);
  }

  /** Older uploads go once a newer one is the open data set. */
  async discardAllBut(keep: string | null): Promise<void> {
    this.kept = keep;
    await Promise.all([...this.uploads.keys()].filter((id) => id !== keep).map((id) => this.discard(id)));
  }

  private get(id: string): Upload {
    const upload = this.uploads.get(id);
    if (!upload) throw new Error('no such upload (it may have been finished or discarded)');
    return upload;
  }
}

function describeBytes(bytes: number): string {
  return bytes >= 2 ** 30 ? `${bytes / 2 ** 30} GB` : `${bytes} bytes`;
}
