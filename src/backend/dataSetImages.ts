/**
 * Images of the open data set for the renderer, at /images/<split>/<index>/thumbnail
 * or /original: thumbnails are drawn from the decoded pixels, originals are read
 * only when the path is one of the data set's own files. Nothing else is served.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DataSet, SplitName } from '../data/dataSet.ts';
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
  if (match[3] === 'original' && path.isAbsolute(file) && ORIGINAL_TYPES.has(extension)) {
    try {
      return { status: 200, type: contentTypeOf(file), body: await readFile(file) };
    } catch {
      // the file moved or went away since the import: the decoded pixels still show it
    }
  }
  // without the file, the decoded pixels at their own size are the original
  const size = match[3] === 'original' ? Math.max(dataSet.width, dataSet.height) : 64;
  return { status: 200, type: 'image/png', body: await thumbnail(dataSet, split, index, size) };
}
