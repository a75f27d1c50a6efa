/**
 * Reading a file that someone else named: only a regular file, found so
 * without ever waiting on it (a named pipe or a device opened for reading can
 * block forever, and with it one of the few threads Node reads files on), and
 * read within a size and a time limit.
 */
import { constants, type Stats } from 'node:fs';
import { lstat, open, stat, type FileHandle } from 'node:fs/promises';
import { FileError } from './fileError.ts';

export interface ReadLimits {
  /** a larger file is refused before it is read */
  readonly maxBytes: number;
  /** a read still going after this long is abandoned */
  readonly timeoutMs?: number;
  /** refuse a symbolic link as the last part of the path instead of following it */
  readonly noFollow?: boolean;
}

export const DEFAULT_READ_TIMEOUT_MS = 30_000;
const CHUNK_BYTES = 1 << 20;
// Windows has neither flag; there, the type check before opening is the guard.
const NON_BLOCKING = constants.O_NONBLOCK ?? 0;
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/** What a path names, in words, when it is not a regular file. */
export function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a folder, not a file';
  if (info.isFIFO()) return 'a named pipe (FIFO), not a regular file';
  if (info.isSocket()) return 'a socket, not a regular file';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device, not a regular file';
  if (info.isSymbolicLink()) return 'a symbolic link (links are not followed)';
  return 'not a regular file';
}

/** An operating-system error in words for the person who named the file. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'no permission to read the file';
  if (code === 'ENOENT') return 'the file does not exist';
  if (code === 'ENOTDIR') return 'a folder on the way to it is not a folder';
  if (code === 'EISDIR') return 'a folder, not a file';
  if (code === 'ELOOP') return 'a symbolic link (links are not followed)';
  return (error as Error).message;
}

const sameFile = (a: Stats, b: Stats) => a.dev === b.dev && a.ino === b.ino;

/**
 * Opens a regular file for reading, or throws a FileError naming the file and why not. The type is
 * checked before opening, and again on what was opened, since the path may change in between.
 */
export async function openRegularFile(file: string, limits: ReadLimits): Promise<FileHandle> {
  const { maxBytes, noFollow = false } = limits;
  const fail = (reason: string): never => {
    throw new FileError(file, reason);
  };
  let before: Stats;
  try {
    before = await (noFollow ? lstat(file) : stat(file));
  } catch (error) {
    return fail(describeFsError(error));
  }
  if (!before.isFile()) fail(kindOf(before));
  if (before.size > maxBytes) fail(`larger than ${describeBytes(maxBytes)}`);
  // Non-blocking, so that a file swapped for a pipe after the check above cannot block the open.
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | NON_BLOCKING | (noFollow ? NO_FOLLOW : 0));
  } catch (error) {
    return fail(describeFsError(error));
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) fail(kindOf(opened));
    if (!sameFile(before, opened)) fail('the file was replaced while it was being opened');
    if (opened.size > maxBytes) fail(`larger than ${describeBytes(maxBytes)}`);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The bytes of a regular file, or a FileError naming the file and why it cannot be read. */
export async function readRegularFile(file: string, limits: ReadLimits): Promise<Buffer> {
  const handle = await openRegularFile(file, limits);
  try {
    return await readOpenedFile(file, handle, limits.timeoutMs);
  } finally {
    await handle.close();
  }
}

/** Every byte of a file openRegularFile opened (as long as it was then), within the time limit. */
export async function readOpenedFile(
  file: string,
  handle: FileHandle,
  timeoutMs = DEFAULT_READ_TIMEOUT_MS,
): Promise<Buffer> {
  try {
    const { size } = await handle.stat();
    const bytes = Buffer.alloc(size);
    const deadline = performance.now() + timeoutMs;
    let filled = 0;
    while (filled < bytes.length) {
      if (performance.now() > deadline)
        throw new FileError(file, `reading took longer than ${timeoutMs / 1000} s`);
      const length = Math.min(CHUNK_BYTES, bytes.length - filled);
      const { bytesRead } = await handle.read(bytes, filled, length, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    // a file that shrank while being read gives what it still had
    return filled === bytes.length ? bytes : bytes.subarray(0, filled);
  } catch (error) {
    throw error instanceof FileError ? error : new FileError(file, describeFsError(error));
  }
}

function describeBytes(bytes: number): string {
  return bytes >= 2 ** 20 ? `${Math.round(bytes / 2 ** 20)} MB` : `${bytes} bytes`;
}
