/**
 * A folder into a data set. Two layouts:
 *   root/<class>/...images               one pool, split at random (stratified, seeded)
 *   root/train|test|val/<class>/...      the user's own splits
 * Every image below a class folder, nested folders included, belongs to it.
 * Files that cannot be used are skipped and listed with the reason; the
 * folders themselves are only ever read.
 */
import { realpath, stat } from 'node:fs/promises';
import { defaultClassOrder } from '../core/classOrder.ts';
import path from 'node:path';
import { classNamesProblem } from '../core/classNames.ts';
import {
  DEFAULT_DECODE,
  decodeImage,
  decodeOptionsProblem,
  ImageError,
  type DecodeOptions,
} from './decode.ts';
import {
  DEFAULT_SPLIT,
  splitImages,
  splitProblem,
  type DataSet,
  type Images,
  type SplitName,
  type SplitOptions,
} from './dataSet.ts';
import { runPool, type PoolOptions } from './pool.ts';
import { byName, listFiles, MAX_FILES, subfolders, TooManyFilesError, type Skipped } from './walk.ts';

export interface ImportOptions extends PoolOptions {
  readonly decode?: Partial<DecodeOptions>;
  /** class folder names in label order; default: every class folder, in core/classOrder's default order */
  readonly classes?: readonly string[];
  /** how to split a folder that has no train/ and test/ of its own */
  readonly split?: Partial<SplitOptions>;
  /** the most files to read (MAX_FILES) */
  readonly maxFiles?: number;
}

export class ImportError extends Error {
  override name = 'ImportError';
}

const SPLIT_FOLDERS: Readonly<Record<string, SplitName>> = {
  train: 'train',
  training: 'train',
  test: 'test',
  testing: 'test',
  val: 'validation',
  valid: 'validation',
  validation: 'validation',
};

interface Candidate {
  readonly file: string;
  readonly label: number;
  readonly split: SplitName;
}

/** The split folders of root (train/, test/, val/), or null when root holds class folders. */
function splitFolders(folders: readonly string[]): Map<SplitName, string> | null {
  const found = new Map<SplitName, string>();
  for (const name of folders) {
    const split = SPLIT_FOLDERS[name.toLowerCase()];
    if (split !== undefined && !found.has(split)) found.set(split, name);
  }
  return found.has('train') && found.size >= 2 ? found : null;
}

export async function importFolder(root: string, options: ImportOptions = {}): Promise<DataSet> {
  const decode: DecodeOptions = { ...DEFAULT_DECODE, ...options.decode };
  const split: SplitOptions = { ...DEFAULT_SPLIT, ...options.split };
  const problem = decodeOptionsProblem(decode) ?? splitProblem(split);
  if (problem !== null) throw new ImportError(problem);

  let info;
  try {
    info = await stat(root);
  } catch {
    throw new ImportError(`${root}: the folder does not exist or cannot be read`);
  }
  if (!info.isDirectory())
    throw new ImportError(`${root}: not a folder; choose a folder that holds one sub-folder per class`);

  const folders = await subfolders(root);
  const splits = splitFolders(folders);
  const splitRoots: [SplitName, string][] = splits
    ? [...splits].map(([name, folder]) => [name, path.join(root, folder)])
    : [['train', root]];
  const trainRoot = splitRoots[0]![1];
  const classFolders = await subfolders(trainRoot);
  // Class names are labels: each is looked up among the folder's own sub-folders, never joined as a path.
  const classes = options.classes ?? defaultClassOrder(classFolders);
  const absent = classes.find((name) => !classFolders.includes(name));
  if (absent !== undefined) {
    throw new ImportError(
      `${trainRoot}: no class folder named ${JSON.stringify(absent)} (its class folders: ${classFolders.join(', ') || 'none'})`,
    );
  }
  if (classes.length === 0) {
    throw new ImportError(
      `${trainRoot}: no class folders; put each class's images in its own sub-folder (for example cat/ and dog/)`,
    );
  }
  if (classes.length === 1) {
    throw new ImportError(
      `${trainRoot}: only one class folder ("${classes[0]}"); a classifier needs at least two, each in its own sub-folder`,
    );
  }

  const namesProblem = classNamesProblem(classes);
  if (namesProblem !== null) throw new ImportError(`${trainRoot}: ${namesProblem}`);

  const skipped: Skipped[] = [];
  const candidates: Candidate[] = [];
  const maxFiles = options.maxFiles ?? MAX_FILES;
  for (const [name, folder] of splitRoots) {
    const present = name === 'train' ? classFolders : await subfolders(folder);
    for (const c of present.filter((c) => !classes.includes(c)))
      skipped.push({
        file: path.join(folder, c),
        reason: `class "${c}" is not among the ${name === 'train' ? 'chosen' : 'training'} classes`,
      });
    for (const [label, className] of classes.entries()) {
      if (!present.includes(className)) continue;
      const left = maxFiles - candidates.length;
      let files: string[];
      try {
        files = await listFiles(path.join(folder, className), skipped, left);
      } catch (error) {
        if (error instanceof TooManyFilesError)
          throw new ImportError(new TooManyFilesError(root, maxFiles).message);
        throw error;
      }
      for (const file of files) candidates.push({ file, label, split: name });
    }
  }
  if (candidates.length === 0)
    throw new ImportError(`${root}: no files in the class folders; add images to them`);

  // Decoded straight into one buffer sized for every candidate, so memory stays at one copy.
  const imageBytes = decode.width * decode.height * 3;
  const pixels = new Uint8Array(candidates.length * imageBytes);
  const usable = new Uint8Array(candidates.length);
  await runPool(
    candidates,
    async ({ file }, index) => {
      try {
        pixels.set(await decodeImage(file, decode), index * imageBytes);
        usable[index] = 1;
      } catch (error) {
        skipped.push({ file, reason: error instanceof ImageError ? error.reason : (error as Error).message });
      }
    },
    options,
  );

  // Close the gaps left by skipped files, in place: candidates come split by split,
  // so each split ends up a contiguous run of the one buffer.
  let kept = 0;
  const ranges = new Map<SplitName, { start: number; end: number }>();
  candidates.forEach((candidate, i) => {
    if (!usable[i]) return;
    if (kept !== i) pixels.copyWithin(kept * imageBytes, i * imageBytes, (i + 1) * imageBytes);
    const range = ranges.get(candidate.split) ?? { start: kept, end: kept };
    range.end = kept + 1;
    ranges.set(candidate.split, range);
    kept++;
  });
  const keptCandidates = candidates.filter((_, i) => usable[i]);
  const collect = (name: SplitName): Images | null => {
    const range = ranges.get(name);
    if (range === undefined) return null;
    const members = keptCandidates.slice(range.start, range.end);
    return {
      pixels: pixels.subarray(range.start * imageBytes, range.end * imageBytes),
      labels: Uint16Array.from(members, (c) => c.label),
      files: members.map((c) => c.file),
    };
  };
  const train = collect('train');
  for (const [label, className] of classes.entries()) {
    if (!train?.labels.includes(label)) {
      throw new ImportError(
        `${path.join(trainRoot, className)}: no usable image in class "${className}"; add images or remove the folder` +
          (skipped.length > 0 ? ` (${skipped.length} file(s) were skipped, with reasons)` : ''),
      );
    }
  }
  skipped.sort((a, b) => byName(a.file, b.file));
  const common = {
    classes,
    width: decode.width,
    height: decode.height,
    skipped,
    folder: await realpath(root),
  };
  if (splits !== null) {
    return {
      ...common,
      train: train!,
      validation: collect('validation'),
      test: collect('test'),
      splitBy: 'folders',
    };
  }
  if (split.testFraction === 0 && split.validationFraction === 0) {
    return { ...common, train: train!, validation: null, test: null, splitBy: 'random' };
  }
  return { ...common, ...splitImages(train!, classes.length, imageBytes, split), splitBy: 'random' };
}
