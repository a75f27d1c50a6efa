import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFolder } from '../../src/data/folder.ts';
import { writeImage } from '../helpers/images.ts';

let dir: string;
let root: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'whisker-class-folders-'));
  root = path.join(dir, 'pets');
  await writeImage(path.join(root, 'cat', '1.png'), 4, 4, 1);
  await writeImage(path.join(root, 'dog', '1.png'), 4, 4, 2);
  await writeImage(path.join(root, 'test', 'cat', '2.png'), 4, 4, 3);
  // beside the data set, where a class named "../secret" would point
  await writeImage(path.join(dir, 'secret', 'private.png'), 4, 4, 4);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const read = (dataSet: Awaited<ReturnType<typeof importFolder>>) =>
  [...dataSet.train.files, ...(dataSet.test?.files ?? [])].map((f) => path.relative(dir, f));

describe('class names given for a folder are labels, never paths', () => {
  it('finds each class among the folder’s own sub-folders, by name', async () => {
    const dataSet = await importFolder(root, { classes: ['dog', 'cat'], split: { testFraction: 0 } });
    expect(dataSet.classes).toEqual(['dog', 'cat']);
    expect(read(dataSet).sort()).toEqual(['pets/cat/1.png', 'pets/dog/1.png']);
  });

  it.each([['../secret'], ['..'], ['.'], ['cat/../../secret'], [''], ['/etc/ssl']])(
    'refuses the class name %j, naming the folder, without reading outside it',
    async (name) => {
      await expect(importFolder(root, { classes: ['cat', name] })).rejects.toThrow(
        `${root}: no class folder named ${JSON.stringify(name)} (its class folders: cat, dog, test)`,
      );
    },
  );

  it('refuses the same class twice, and two folders whose names differ only in how é is encoded', async () => {
    await expect(importFolder(root, { classes: ['cat', 'cat'] })).rejects.toThrow(
      `${root}: "cat" appears twice; each class needs a name of its own`,
    );
    await writeImage(path.join(dir, 'drinks', 'caf\u00e9', '1.png'), 4, 4, 5);
    await writeImage(path.join(dir, 'drinks', 'cafe\u0301', '1.png'), 4, 4, 6);
    await expect(importFolder(path.join(dir, 'drinks'))).rejects.toThrow(
      `${path.join(dir, 'drinks')}: "café" appears twice; each class needs a name of its own`,
    );
  });
});
