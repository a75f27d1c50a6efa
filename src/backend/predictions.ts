/**
 * The data set's images listed by split, class and file name (the Images
 * view), and the trainer's probabilities for them joined with their files
 * (the Results view).
 */
import path from 'node:path';
import type { ParsedParams, Reply } from '../api/contract.ts';
import type { SplitName } from '../data/dataSet.ts';
import type { TrainerReplies } from '../trainer/protocol.ts';
import type { OpenDataSet } from './openDataSet.ts';

export function listImages(
  dataSet: OpenDataSet,
  { split, offset, limit, classIndex, search }: ParsedParams<'listImages'>,
): Reply<'listImages'> {
  const images = dataSet.images(split);
  const needle = search.toLowerCase();
  const matches: { index: number; file: string; label: number }[] = [];
  images?.files.forEach((file, index) => {
    const label = images.labels[index]!;
    if (classIndex !== null && label !== classIndex) return;
    if (needle && !path.basename(file).toLowerCase().includes(needle)) return;
    matches.push({ index, file, label });
  });
  return { total: matches.length, items: matches.slice(offset, offset + limit) };
}

/** Each image of the split with its label and probabilities, both in the model's class order. */
export function splitResults(
  dataSet: OpenDataSet,
  split: SplitName,
  { classes, labels, probabilities }: TrainerReplies['predictSplit'],
): Reply<'results'> {
  const files = dataSet.images(split)?.files ?? [];
  const k = classes.length;
  return {
    classes,
    items: files.map((file, index) => ({
      index,
      file,
      label: labels[index]!,
      probabilities: Array.from(probabilities.subarray(index * k, (index + 1) * k)),
    })),
  };
}
