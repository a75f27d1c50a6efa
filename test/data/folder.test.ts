import { chmod, mkdir, mkdtemp, readdir, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFolder, ImportError } from '../../src/data/folder.ts';
import { CancelledError } from '../../src/data/pool.ts';
import { toExamples } from '../../src/data/dataSet.ts';
import { catvnoncatAvailable, loadCatvnoncat } from '../helpers/catvnoncat.ts';
import { bmp, pngClaiming, truncatedJpeg, writeBytes, writeImage } from '../helpers/images.ts';
import { withModuleFile } from '../helpers/moduleFile.ts';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'whisker folder '));
});
afterEach(async () => {
  await chmod(root, 0o755).catch(() => {});
  await rm(root, { recursive: true, force: true });
});

/** name, size and modification time of everything below a folder */
async function snapshot(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return Promise.all(
    entries
      .filter((e) => !e.isSymbolicLink())
      .map(async (e) => {
        const full = path.join(e.parentPath, e.name);
        const s = await stat(full);
        return `${full} ${s.size} ${s.mtimeMs}`;
      }),
  ).then((lines) => lines.sort());
}

const names = (files: readonly string[]) => files.map((f) => path.relative(root, f));

describe('importing a folder of class folders', () => {
  it('gives one class per sub-folder, sorted, with pixels as RGB bytes in HWC order', async () => {
    await writeImage(path.join(root, 'b', 'one.png'), 3, 2);
    await writeImage(path.join(root, 'a', 'nested', 'two.png'), 3, 2);
    const dataSet = await importFolder(root, { decode: { width: 3, height: 2 }, split: { testFraction: 0 } });
    expect(dataSet.classes).toEqual(['a', 'b']);
    expect([...dataSet.train.labels]).toEqual([0, 1]);
    expect(names(dataSet.train.files)).toEqual(['a/nested/two.png', 'b/one.png']);
    // row 0: (0,0,7) (10,0,7) (20,0,7); row 1: (0,10,7) (10,10,7) (20,10,7)
    expect([...dataSet.train.pixels.subarray(0, 18)]).toEqual([
      0, 0, 7, 10, 0, 7, 20, 0, 7, 0, 10, 7, 10, 10, 7, 20, 10, 7,
    ]);
    expect(dataSet.skipped).toEqual([]);
    expect(dataSet.test).toBeNull();
  });

  it('resizes to 64×64 by default and feeds the network pixels / 255', async () => {
    await writeImage(path.join(root, 'x', '1.png'), 20, 10);
    await writeImage(path.join(root, 'y', '1.png'), 10, 30);
    const dataSet = await importFolder(root, { split: { testFraction: 0 } });
    expect(dataSet.train.pixels).toHaveLength(2 * 64 * 64 * 3);
    const examples = toExamples(dataSet.train, dataSet.width, dataSet.height);
    expect([examples.inputSize, examples.scale]).toEqual([12288, 1 / 255]);
  });

  it('splits at random, stratified by class and reproducibly for a seed', async () => {
    for (let i = 0; i < 20; i++) await writeImage(path.join(root, 'cat', `${i}.png`), 4, 4, i);
    for (let i = 0; i < 10; i++) await writeImage(path.join(root, 'dog', `${i}.png`), 4, 4, 100 + i);
    const options = {
      decode: { width: 4, height: 4 },
      split: { testFraction: 0.2, validationFraction: 0.1, seed: 5 },
    };
    const dataSet = await importFolder(root, options);
    const count = (labels: Uint16Array | undefined, label: number) =>
      labels?.filter((l) => l === label).length;
    expect([count(dataSet.test?.labels, 0), count(dataSet.test?.labels, 1)]).toEqual([4, 2]);
    expect([count(dataSet.validation?.labels, 0), count(dataSet.validation?.labels, 1)]).toEqual([2, 1]);
    expect(dataSet.train.labels).toHaveLength(21);
    expect(dataSet.splitBy).toBe('random');
    const again = await importFolder(root, options);
    expect(again.test!.files).toEqual(dataSet.test!.files);
    const other = await importFolder(root, { ...options, split: { ...options.split, seed: 6 } });
    expect(other.test!.files).not.toEqual(dataSet.test!.files);
  });

  it("keeps the user's own train/, val/ and test/ splits", async () => {
    for (const split of ['train', 'val', 'test']) {
      for (const c of ['cat', 'dog']) await writeImage(path.join(root, split, c, `${split}-${c}.png`), 4, 4);
    }
    const dataSet = await importFolder(root, { decode: { width: 4, height: 4 } });
    expect(dataSet.splitBy).toBe('folders');
    expect(names(dataSet.train.files)).toEqual(['train/cat/train-cat.png', 'train/dog/train-dog.png']);
    expect(names(dataSet.validation!.files)).toEqual(['val/cat/val-cat.png', 'val/dog/val-dog.png']);
    expect(names(dataSet.test!.files)).toEqual(['test/cat/test-cat.png', 'test/dog/test-dog.png']);
  });

  it('works with spaces and non-ASCII characters in folder and file names', async () => {
    await writeImage(path.join(root, 'chat noir', 'été 1.png'), 4, 4);
    await writeImage(path.join(root, 'café ☕', '猫 2.png'), 4, 4);
    const dataSet = await importFolder(root, { decode: { width: 4, height: 4 }, split: { testFraction: 0 } });
    expect(dataSet.classes).toEqual(['café ☕', 'chat noir']);
    expect(names(dataSet.train.files)).toEqual(['café ☕/猫 2.png', 'chat noir/été 1.png']);
  });

  it('skips every bad file with its path and reason, imports the rest, and changes nothing on disk', async () => {
    await writeImage(path.join(root, 'cat', 'good.png'), 8, 8);
    await writeImage(path.join(root, 'cat', 'good.jpg'), 8, 8, 1, 'jpeg');
    await writeImage(path.join(root, 'dog', 'good.png'), 8, 8, 2);
    await writeBytes(path.join(root, 'cat', 'empty.jpg'), '');
    await writeBytes(path.join(root, 'cat', 'truncated.jpg'), await truncatedJpeg());
    await writeBytes(path.join(root, 'cat', 'notes.png'), 'this is text, not a picture');
    await writeBytes(path.join(root, 'dog', 'bomb.png'), await pngClaiming(30000, 30000));
    await writeBytes(path.join(root, 'dog', 'drawing.bmp'), bmp());
    await writeBytes(path.join(root, 'dog', '.DS_Store'), 'x');
    await writeBytes(path.join(root, 'dog', 'Thumbs.db'), 'x');
    await writeBytes(
      path.join(root, 'dog', 'vector.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>',
    );
    await symlink(root, path.join(root, 'dog', 'loop'));
    const before = await snapshot(root);

    const dataSet = await importFolder(root, { decode: { width: 8, height: 8 }, split: { testFraction: 0 } });

    expect(names(dataSet.train.files)).toEqual(['cat/good.jpg', 'cat/good.png', 'dog/good.png']);
    expect(dataSet.skipped.map((s) => [path.relative(root, s.file), s.reason])).toEqual([
      ['cat/empty.jpg', 'the file is empty'],
      ['cat/notes.png', expect.stringMatching(/^not an image/)],
      ['cat/truncated.jpg', expect.stringMatching(/truncated|premature end|not a readable image/i)],
      ['dog/.DS_Store', 'a hidden or system file'],
      ['dog/Thumbs.db', 'a hidden or system file'],
      ['dog/bomb.png', expect.stringMatching(/claims more than [\d,]+ pixels/)],
      [
        'dog/drawing.bmp',
        'a BMP image, a format Whisker does not read; it reads JPEG, PNG, WebP, GIF, TIFF and AVIF',
      ],
      ['dog/loop', 'a symbolic link (links are not followed)'],
      ['dog/vector.svg', 'SVG drawings are not accepted, only pixel images'],
    ]);
    expect(await snapshot(root)).toEqual(before);
  });

  it.skipIf(process.platform === 'win32')('skips a file it has no permission to read', async () => {
    await writeImage(path.join(root, 'cat', 'good.png'), 4, 4);
    await writeImage(path.join(root, 'dog', 'good.png'), 4, 4);
    await writeImage(path.join(root, 'dog', 'secret.png'), 4, 4);
    await chmod(path.join(root, 'dog', 'secret.png'), 0o000);
    // Root reads everything: check as an ordinary user when running as root.
    const result = await importAs(root);
    expect(result.files).toEqual(['cat/good.png', 'dog/good.png']);
    expect(result.skipped).toEqual([['dog/secret.png', 'no permission to read the file']]);
  });

  it('refuses an empty folder, a single class and a class without usable images, saying what to do', async () => {
    await expect(importFolder(root)).rejects.toThrow(
      /no class folders; put each class's images in its own sub-folder/,
    );
    await writeImage(path.join(root, 'only', '1.png'), 4, 4);
    await expect(importFolder(root)).rejects.toThrow(
      /only one class folder \("only"\); a classifier needs at least two/,
    );
    await mkdir(path.join(root, 'other'));
    await writeBytes(path.join(root, 'other', 'broken.png'), 'nope');
    await expect(importFolder(root)).rejects.toThrow(
      /no usable image in class "other"; add images or remove the folder/,
    );
    await expect(importFolder(path.join(root, 'only', '1.png'))).rejects.toThrow(ImportError);
  });

  it('reports progress and can be cancelled', async () => {
    for (let i = 0; i < 40; i++) await writeImage(path.join(root, i % 2 ? 'a' : 'b', `${i}.png`), 16, 16, i);
    const seen: number[] = [];
    const controller = new AbortController();
    const run = importFolder(root, {
      concurrency: 1,
      progressInterval: 0,
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.done);
        expect(p.total).toBe(40);
        if (p.done === 10) controller.abort();
      },
    });
    await expect(run).rejects.toThrow(CancelledError);
    expect(Math.max(...seen)).toBe(10);

    const progress: { done: number; secondsLeft: number | null }[] = [];
    await importFolder(root, { progressInterval: 0, onProgress: (p) => progress.push(p) });
    expect(progress.at(-1)!.done).toBe(40);
    expect(progress.at(-1)!.secondsLeft).toBe(0);
  });

  it.skipIf(!catvnoncatAvailable)(
    'reads the course data set: 209 training and 50 test images of 12,288 values',
    async () => {
      const { train, test, skipped } = await loadCatvnoncat();
      expect([train.labels.length, test!.labels.length]).toEqual([209, 50]);
      expect(train.labels.filter((l) => l === 1)).toHaveLength(72);
      expect(test!.labels.filter((l) => l === 1)).toHaveLength(33);
      expect(skipped).toEqual([]);
    },
  );
});

/** Runs the import in a child process as the unprivileged user "nobody" when this one is root. */
async function importAs(folder: string): Promise<{ files: string[]; skipped: string[][] }> {
  const { spawnSync } = await import('node:child_process');
  const script = `
    import { importFolder } from ${JSON.stringify(path.resolve('src/data/folder.ts'))};
    import path from 'node:path';
    const root = ${JSON.stringify(folder)};
    const d = await importFolder(root, { decode: { width: 4, height: 4 }, split: { testFraction: 0 } });
    console.log(JSON.stringify({ files: d.train.files.map((f) => path.relative(root, f)),
      skipped: d.skipped.map((s) => [path.relative(root, s.file), s.reason]) }));`;
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await chmod(folder, 0o755);
  const command = asRoot
    ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath]
    : [process.execPath];
  const run = await withModuleFile(script, (file) =>
    spawnSync(command[0]!, [...command.slice(1), '--import', 'tsx', file], {
      encoding: 'utf8',
      env: { ...process.env, HOME: tmpdir() },
    }),
  );
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!);
}
