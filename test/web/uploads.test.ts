import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_UPLOAD_FILE_BYTES, Uploads } from '../../src/web/uploads.ts';

const uploads = new Uploads();
afterEach(() => uploads.discardAll());

describe('folders sent by a browser page', () => {
  it('are written below a temporary folder the host owns, keeping their relative paths', async () => {
    const id = await uploads.begin();
    await uploads.add(id, 'pets/cat/1.png', Buffer.from('one'));
    await uploads.add(id, 'pets/dog/é 2.png', Buffer.from('two'));
    const folder = uploads.folderOf(id, 'pets');
    expect(await readFile(path.join(folder, 'dog', 'é 2.png'), 'utf8')).toBe('two');
    expect(path.dirname(folder)).toMatch(/whisker-upload-/);
  });

  it.each([
    '../escape.png',
    '/etc/passwd',
    'pets/../../x.png',
    'pets//x.png',
    'pets\\..\\x.png',
    './x.png',
    '',
  ])('refuses the path %j', async (relative) => {
    const id = await uploads.begin();
    await expect(uploads.add(id, relative, Buffer.from('x'))).rejects.toThrow(
      /not a relative path inside the dropped folder/,
    );
  });

  it('refuses an oversized file, a second copy of a path, and an unknown upload', async () => {
    const id = await uploads.begin();
    await expect(uploads.add(id, 'big.png', new Uint8Array(MAX_UPLOAD_FILE_BYTES + 1))).rejects.toThrow(
      /larger than 64 MB/,
    );
    await uploads.add(id, 'a.png', Buffer.from('1'));
    await expect(uploads.add(id, 'a.png', Buffer.from('2'))).rejects.toThrow(/EEXIST/);
    await expect(uploads.add('0'.repeat(24), 'a.png', Buffer.from('1'))).rejects.toThrow(/no such upload/);
  });

  it("knows when the page sent only .h5 files, the course's own format", async () => {
    const h5 = await uploads.begin();
    await uploads.add(h5, 'train_catvnoncat.h5', Buffer.from('x'));
    await uploads.add(h5, 'test_catvnoncat.h5', Buffer.from('y'));
    expect(uploads.h5Files(h5)!.map((file) => path.basename(file))).toEqual([
      'test_catvnoncat.h5',
      'train_catvnoncat.h5',
    ]);
    const mixed = await uploads.begin();
    await uploads.add(mixed, 'pets/cat/1.png', Buffer.from('one'));
    await uploads.add(mixed, 'pets/data.h5', Buffer.from('two'));
    expect(uploads.h5Files(mixed)).toBeNull();
  });
});
