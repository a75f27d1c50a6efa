/**
 * Images of the open data set for the renderer, at
 * /images/<data set>/<split>/<index>/thumbnail or /original. The data set's
 * number is in the address, so an image of an earlier data set is never
 * served (nor cached by the page) as one of the new one. Thumbnails are drawn
 * by the trainer from the decoded pixels; originals are read only when the
 * path is one of the data set's own files.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SplitName } from '../data/dataSet.ts';
import type { OpenDataSet } from './openDataSet.ts';
import { contentTypeOf } from './staticFiles.ts';

const ROUTE = /^\/images\/(\d{1,9})\/(train|validation|test)\/(\d{1,9})\/(thumbnail|original)$/;
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
  if (match[4] === 'original' && path.isAbsolute(file) && ORIGINAL_TYPES.has(extension)) {
    try {
      return { status: 200, type: contentTypeOf(file), body: await readFile(file) };
    } catch {
      // the file moved or went away since the import: the decoded pixels still show it
    }
  }
  // without the file, the decoded pixels at their own size are the original
  const { width, height } = dataSet.index;
  const size = match[4] === 'original' ? Math.max(width, height) : THUMBNAIL_SIZE;
  return { status: 200, type: 'image/png', body: await draw(split, index, size) };
}
