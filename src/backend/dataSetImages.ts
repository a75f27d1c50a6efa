/**
 * Images of the open data set for the renderer, at /images/<split>/<index>/thumbnail
 * or /original: thumbnails are drawn from the decoded pixels; an original is read
 * only from one of the data set's own files, and only if, when it is read, it is
 * still a regular file inside the data set's folder (the folder may have changed
 * since the import). Nothing else is served.
 */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DataSet, SplitName } from '../data/dataSet.ts';
import { MAX_FILE_BYTES } from '../data/decode.ts';
import { openRegularFile, readOpenedFile } from '../data/regularFile.ts';
import { thumbnail } from '../data/report.ts';
import { contentTypeOf } from './staticFiles.ts';

const ROUTE = /^\/images\/(train|validation|test)\/(\d{1,9})\/(thumbnail|original)$/;
const ORIGINAL_TYPES = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp']);

export interface ServedImage {
  readonly status: number;
  readonly type: string;
  readonly body: Uint8Array | string;
}

const notFound: ServedImage = { status: 404, type: 'text/plain; charset=utf-8', body: 'Not found' };

export async function serveDataSetImage(dataSet: DataSet | null, pathname: string): Promise<ServedImage> {
  const match = ROUTE.exec(pathname);
  if (match === null || dataSet === null) return notFound;
  const split = match[1] as SplitName;
  const index = Number(match[2]);
  const images = dataSet[split];
  if (images === null || index >= images.labels.length) return notFound;
  const file = images.files[index]!;
  const extension = path.extname(file).toLowerCase();
  if (match[3] === 'original' && dataSet.folder !== undefined && ORIGINAL_TYPES.has(extension)) {
    const body = await readOriginal(dataSet.folder, file);
    if (body !== null) return { status: 200, type: contentTypeOf(file), body };
  }
  // without the file, the decoded pixels at their own size are the original
  const size = match[3] === 'original' ? Math.max(dataSet.width, dataSet.height) : 64;
  return { status: 200, type: 'image/png', body: await thumbnail(dataSet, split, index, size) };
}

/**
 * The bytes of `file` if it is, as it is opened, a regular file whose real path lies inside `folder`
 * (a real path); otherwise null. The file is opened without following a link at its end and
 * without blocking, then its real path is checked to be inside the folder and to name the very
 * file that was opened, so neither a link swapped in at any level nor a race gets past.
 */
async function readOriginal(folder: string, file: string): Promise<Uint8Array | null> {
  let handle;
  try {
    handle = await openRegularFile(file, { maxBytes: MAX_FILE_BYTES, noFollow: true });
  } catch {
    // the file moved, went away or is something else now: the decoded pixels still show it
    return null;
  }
  try {
    const real = await realpath(file);
    if (!real.startsWith(folder + path.sep)) return null;
    const [opened, named] = await Promise.all([handle.stat(), stat(real)]);
    if (opened.dev !== named.dev || opened.ino !== named.ino) return null;
    return await readOpenedFile(file, handle);
  } catch {
    return null;
  } finally {
    await handle.close();
  }
}
