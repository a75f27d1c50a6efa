/**
 * Images of the open data set for the renderer, at
 * /images/<data set>/<split>/<index>/thumbnail, /original or /input (the
 * decoded pixels at their own size, as the network reads them). The data set's
 * number is in the address, so an image of an earlier data set is never
 * served (nor cached by the page) as one of the new one. Thumbnails are drawn
 * by the trainer from the decoded pixels; an original is read only from one of
 * the data set's own files, and only if, when it is read, it is still a
 * regular file inside the data set's folder (the folder may have changed since
 * the import). Nothing else is served.
 */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { SplitName } from '../data/dataSet.ts';
import { MAX_FILE_BYTES } from '../data/imageFile.ts';
import { openRegularFile, readOpenedFile } from '../data/regularFile.ts';
import type { OpenDataSet } from './openDataSet.ts';
import { contentTypeOf } from './staticFiles.ts';

const ROUTE = /^\/images\/(\d{1,9})\/(train|validation|test)\/(\d{1,9})\/(thumbnail|original|input)$/;
const ORIGINAL_TYPES = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp']);
const THUMBNAIL_SIZE = 64;

export interface ServedImage {
  readonly status: number;
  readonly type: string;
  readonly body: Uint8Array | string;
}

const notFound: ServedImage = { status: 404, type: 'text/plain; charset=utf-8', body: 'Not found' };

/** `draw` makes a PNG of an image's decoded pixels at most `size` pixels a side. */
export async function serveDataSetImage(
  dataSet: OpenDataSet | null,
  pathname: string,
  draw: (split: SplitName, index: number, size: number) => Promise<Uint8Array>,
): Promise<ServedImage> {
  const match = ROUTE.exec(pathname);
  if (match === null || dataSet === null || Number(match[1]) !== dataSet.id) return notFound;
  const split = match[2] as SplitName;
  const index = Number(match[3]);
  const file = dataSet.file(split, index);
  if (file === null) return notFound;
  const extension = path.extname(file).toLowerCase();
  const folder = dataSet.index.folder;
  if (match[4] === 'original' && folder !== null && ORIGINAL_TYPES.has(extension)) {
    const body = await readOriginal(folder, file);
    if (body !== null) return { status: 200, type: contentTypeOf(file), body };
  }
  // without the file, the decoded pixels at their own size are the original
  const { width, height } = dataSet.index;
  const size = match[4] === 'thumbnail' ? THUMBNAIL_SIZE : Math.max(width, height);
  return { status: 200, type: 'image/png', body: await draw(split, index, size) };
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
