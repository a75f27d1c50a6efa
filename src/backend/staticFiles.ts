/**
 * Serving the built renderer: which file a request path names, refusing
 * anything that resolves (through `..`, encodings or links) outside the root.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { readRegularFile } from '../data/regularFile.ts';

/** The renderer's files are small; anything larger is not one of them. */
const MAX_SERVED_BYTES = 64 * 2 ** 20;

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** The real path of the file `pathname` (a URL path, still encoded) names inside `root`, or null. */
export async function resolveInside(root: string, pathname: string): Promise<string | null> {
  let relative: string;
  try {
    relative = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (relative.includes('\0')) return null;
  const wanted = path.resolve(root, `.${relative === '/' || relative === '' ? '/index.html' : relative}`);
  try {
    const [realRoot, realWanted] = await Promise.all([realpath(root), realpath(wanted)]);
    return realWanted.startsWith(realRoot + path.sep) ? realWanted : null;
  } catch {
    return null;
  }
}

/** The bytes of a file resolveInside found: a regular file, read within the limits of any file read. */
export function readServedFile(file: string): Promise<Buffer> {
  return readRegularFile(file, { maxBytes: MAX_SERVED_BYTES });
}
