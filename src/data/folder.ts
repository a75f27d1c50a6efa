/**
 * A folder of class folders into a data set: every sub-folder is a class and
 * every image below it (nested folders included) an example of it.
 * The walk never follows symbolic links, skips hidden and system files, and
 * sorts what it finds, so the same folder always gives the same data set.
 */
import { availableParallelism } from 'node:os';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Examples } from '../core/examples.ts';
import { decodeImage, DEFAULT_IMAGE_SIZE, ImageError, type DecodeOptions } from './decode.ts';

export interface Skipped {
  readonly file: string;
  readonly reason: string;
}

export interface DataSet {
  readonly classes: readonly string[];
  readonly width: number;
  readonly height: number;
  /** [count, height, width, 3] RGB bytes, HWC */
  readonly pixels: Uint8Array;
  readonly labels: Uint16Array;
  readonly files: readonly string[];
  readonly skipped: readonly Skipped[];
}

export interface LoadFolderOptions extends Partial<DecodeOptions> {
  /** class folder names in label order; default: every sub-folder, sorted */
  readonly classes?: readonly string[];
}

const MAX_DEPTH = 32;
const SYSTEM_FILES = new Set(['thumbs.db', 'desktop.ini']);

function isHidden(name: string): boolean {
  return name.startsWith('.') || SYSTEM_FILES.has(name.toLowerCase());
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every regular file below `folder`, sorted, without following links. */
async function listFiles(folder: string, skipped: Skipped[], depth = 0): Promise<string[]> {
  if (depth > MAX_DEPTH) {
    skipped.push({ file: folder, reason: `nested deeper than ${MAX_DEPTH} folders` });
    return [];
  }
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    skipped.push({ file: folder, reason: `cannot read the folder (${(error as Error).message})` });
    return [];
  }
  entries.sort((a, b) => byName(a.name, b.name));
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (isHidden(entry.name)) continue;
    if (entry.isDirectory()) files.push(...(await listFiles(full, skipped, depth + 1)));
    else if (entry.isFile()) files.push(full);
    else
      skipped.push({
        file: full,
        reason: entry.isSymbolicLink() ? 'a symbolic link (not followed)' : 'not a regular file',
      });
  }
  return files;
}

/** Runs `task` over `items` with at most `limit` at once, keeping results in order. */
async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export async function loadFolder(root: string, options: LoadFolderOptions = {}): Promise<DataSet> {
  const { width, height } = { ...DEFAULT_IMAGE_SIZE, ...options };
  const skipped: Skipped[] = [];
  let classes = options.classes;
  if (classes === undefined) {
    const entries = await readdir(root, { withFileTypes: true });
    classes = entries
      .filter((e) => e.isDirectory() && !isHidden(e.name))
      .map((e) => e.name)
      .sort(byName);
  }
  if (classes.length < 2) {
    throw new Error(
      `${root}: found ${classes.length} class folder(s); put each class's images in its own sub-folder, at least two`,
    );
  }

  const candidates: { file: string; label: number }[] = [];
  for (const [label, name] of classes.entries()) {
    for (const file of await listFiles(path.join(root, name), skipped)) candidates.push({ file, label });
  }

  const size = width * height * 3;
  const decoded = await mapWithLimit(candidates, availableParallelism(), async ({ file }) => {
    try {
      return await decodeImage(file, { width, height });
    } catch (error) {
      skipped.push({ file, reason: error instanceof ImageError ? error.reason : (error as Error).message });
      return null;
    }
  });

  const kept = candidates.filter((_, i) => decoded[i] !== null);
  const pixels = new Uint8Array(kept.length * size);
  const labels = new Uint16Array(kept.length);
  let row = 0;
  decoded.forEach((image, i) => {
    if (image === null) return;
    pixels.set(image, row * size);
    labels[row] = candidates[i].label;
    row++;
  });
  for (const [label, name] of classes.entries()) {
    if (!kept.some((c) => c.label === label)) {
      throw new Error(
        `${path.join(root, name)}: no usable image in class "${name}"; add images or remove the folder`,
      );
    }
  }
  return {
    classes,
    width,
    height,
    pixels,
    labels,
    files: kept.map((c) => c.file),
    skipped: skipped.sort((a, b) => byName(a.file, b.file)),
  };
}

/** The data set as the network's examples: pixels / 255, flattened in HWC order. */
export function toExamples(dataSet: DataSet): Examples {
  return {
    inputs: dataSet.pixels,
    labels: dataSet.labels,
    count: dataSet.labels.length,
    inputSize: dataSet.width * dataSet.height * 3,
    scale: 1 / 255,
  };
}
