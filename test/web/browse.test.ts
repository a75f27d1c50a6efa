import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { browseFolders } from '../../src/web/browse.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'whisker-browse-'));
  for (const name of ['zebra', 'Apples', '.git', 'mango']) await mkdir(path.join(root, name));
});
afterAll(() => rm(root, { recursive: true, force: true }));

it('lists the visible folders inside a folder, sorted, with the way up', async () => {
  const listing = await browseFolders(root);
  expect(listing.path).toBe(root);
  expect(listing.parent).toBe(path.dirname(root));
  expect(listing.folders.map((f) => f.name)).toEqual(['Apples', 'mango', 'zebra']);
  expect(listing.folders[0]!.path).toBe(path.join(root, 'Apples'));
  expect((await browseFolders('/')).parent).toBeNull();
});

it('says why a folder cannot be listed', async () => {
  await expect(browseFolders(path.join(root, 'missing'))).rejects.toThrow(
    `${path.join(root, 'missing')}: no such folder`,
  );
});

it('lists linked folders too, marked, with the course’s .h5 files and the path from the top', async () => {
  const { symlink, writeFile } = await import('node:fs/promises');
  await symlink(path.join(root, 'mango'), path.join(root, 'pictures'));
  await symlink(path.join(root, 'nowhere'), path.join(root, 'broken'));
  await writeFile(path.join(root, 'train_catvnoncat.h5'), '');
  await writeFile(path.join(root, 'notes.txt'), '');
  const listing = await browseFolders(root);
  expect(listing.folders.map((f) => [f.name, f.link])).toEqual([
    ['Apples', false],
    ['mango', false],
    ['pictures', true],
    ['zebra', false],
  ]);
  expect(listing.h5).toEqual([{ name: 'train_catvnoncat.h5', path: path.join(root, 'train_catvnoncat.h5') }]);
  expect(listing.crumbs.at(0)).toEqual({ name: '/', path: '/' });
  expect(listing.crumbs.at(-1)).toEqual({ name: path.basename(root), path: root });
});
