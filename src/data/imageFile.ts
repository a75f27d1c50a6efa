/**
 * An image file's bytes, read the same way by every way in (an import, a
 * photo to classify, an original shown in the app): a regular file only, not
 * empty, and no larger than MAX_FILE_BYTES. Nothing here decodes, so the
 * processes that only serve files never load the image library.
 */
import { FileError } from './fileError.ts';
import { readRegularFile } from './regularFile.ts';

/** Files larger than this are refused before reading. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export class ImageError extends FileError {
  override name = 'ImageError';
}

/** Reads a regular file's bytes, refusing special files and oversized ones with the reason. */
export async function readImageBytes(file: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(file, { maxBytes: MAX_FILE_BYTES });
  } catch (error) {
    throw error instanceof FileError ? new ImageError(file, error.reason) : error;
  }
  if (bytes.length === 0) throw new ImageError(file, 'the file is empty');
  return bytes;
}
