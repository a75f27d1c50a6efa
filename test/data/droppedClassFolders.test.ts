import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importClassFolders, importFolder, ImportError } from '../../src/data/folder.ts';
import { writeImage } from '../helpers/images.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'whisker-dropped-'));
  for (let i = 0; i < 5; i++) {
    await writeImage(path.join(dir, 'pets', 'cat', `${i}.png`), 4, 4, i);
    await writeImage(path.join(dir, 'pets', 'dog', 'puppies', `${i}.png`), 4, 4, 100 + i);
  }
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const decode = { width: 4, height: 4 };
const allFiles = (d: Awaited<ReturnType<typeof importFolder>>) =>
  [...d.train.files, ...(d.test?.files ?? [])].sort();

describe('class folders given one by one, as several dropped folders are', () => {
  it('open as one data set, each folder a class named after it, exactly as their parent folder opens', async () => {
    const pets = path.join(dir, 'pets');
    const given = await importClassFolders([path.join(pets, 'dog'), path.join(pets, 'cat')], {
      decode,
      split: { testFraction: 0.4, seed: 3 },
    });
    const parent = await importFolder(pets, { decode, split: { testFraction: 0.4, seed: 3 } });
    expect(given.classes).toEqual(['cat', 'dog']);
    expect(given.splitBy).toBe('random');
    expect(given.train.files).toEqual(parent.train.files);
    expect(given.test!.files).toEqual(parent.test!.files);
    expect(given.train.pixels).toEqual(parent.train.pixels);
    expect([...given.test!.labels]).toEqual([...parent.test!.labels]);
    expect(given.folder).toBe(parent.folder);
  });

  it('take folders from different places, keeping no common folder to serve originals from', async () => {
    await writeImage(path.join(dir, 'elsewhere', 'bird', '1.png'), 4, 4, 200);
    const given = await importClassFolders(
      [path.join(dir, 'pets', 'cat'), path.join(dir, 'elsewhere', 'bird')],
      {
        decode,
        split: { testFraction: 0 },
      },
    );
    expect(given.classes).toEqual(['bird', 'cat']);
    expect(allFiles(given)).toHaveLength(6);
    expect(given.folder).toBeUndefined();
  });

  it('keep the negative class first for a pair named X and non-X, and take the order asked for', async () => {
    await writeImage(path.join(dir, 'non-cat', '1.png'), 4, 4, 9);
    const cat = path.join(dir, 'pets', 'cat');
    const nonCat = path.join(dir, 'non-cat');
    const split = { testFraction: 0 };
    expect((await importClassFolders([cat, nonCat], { decode, split })).classes).toEqual(['non-cat', 'cat']);
    expect(
      (await importClassFolders([nonCat, cat], { decode, split, classes: ['cat', 'non-cat'] })).classes,
    ).toEqual(['cat', 'non-cat']);
  });

  it('are refused with the reason: one folder, two of the same name, a file, a folder that is not there', async () => {
    const cat = path.join(dir, 'pets', 'cat');
    await writeImage(path.join(dir, 'other', 'cat', '1.png'), 4, 4, 50);
    const refusal = (folders: string[]) => importClassFolders(folders, { decode }).catch((e: Error) => e);
    expect(await refusal([cat])).toEqual(
      new ImportError(
        'cat: only one class folder ("cat"); a classifier needs at least two, each in its own sub-folder',
      ),
    );
    expect(await refusal([cat, path.join(dir, 'other', 'cat')])).toEqual(
      new ImportError('cat, cat: "cat" appears twice; each class needs a name of its own'),
    );
    expect(await refusal([cat, path.join(cat, '0.png')])).toEqual(
      new ImportError(
        `${path.join(cat, '0.png')}: not a folder; drop folders that each hold one class’s images`,
      ),
    );
    expect(await refusal([cat, path.join(dir, 'gone')])).toEqual(
      new ImportError(`${path.join(dir, 'gone')}: the folder does not exist or cannot be read`),
    );
  });
});
