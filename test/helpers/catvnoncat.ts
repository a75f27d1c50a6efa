/**
 * The course's cat / non-cat data set from ../shared (or WHISKER_CATVNONCAT),
 * loaded once per test file. Tests that need it skip, saying why, when it is absent.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataSet } from '../../src/data/dataSet.ts';
import { importFolder } from '../../src/data/folder.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export const CATVNONCAT_DIR = path.resolve(
  process.env['WHISKER_CATVNONCAT'] ?? path.join(here, '../../../shared/datasets/catvnoncat'),
);

export const catvnoncatAvailable = existsSync(path.join(CATVNONCAT_DIR, 'train', 'cat'));

if (!catvnoncatAvailable) {
  console.warn(
    `Skipping the course data set tests: ${CATVNONCAT_DIR} is absent (set WHISKER_CATVNONCAT to its folder).`,
  );
}

/** The course's label order, 0 = non-cat and 1 = cat, which folders named so take by default. */
export const COURSE_CLASSES = ['non-cat', 'cat'];

/** The train/ and test/ folders, decoded; the splits are the folders'. */
export async function loadCatvnoncat(): Promise<DataSet> {
  const dataSet = await importFolder(CATVNONCAT_DIR);
  if (dataSet.classes.join() !== COURSE_CLASSES.join())
    throw new Error(`the course's classes came in the order ${dataSet.classes.join(', ')}`);
  return dataSet;
}
