import { execFile } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFolder } from '../../src/data/folder.ts';
import { listFiles, MAX_FILES } from '../../src/data/walk.ts';

const run = promisify(execFile);
let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'whisker-walk-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** Empty files named 0 … count−1 in `folder`, made as fast as the file system allows. */
function emptyFiles(folder: string, count: number): void {
  mkdirSync(folder, { recursive: true });
  for (let i = 0; i < count; i++) closeSync(openSync(path.join(folder, `${i}.png`), 'w'));
}

describe('walking a folder for its files', () => {
  it('lists a sub-folder of 20,000 files on a 100 kB stack: its stack does not grow with the files (a recursive walk ran out of stack at about 125,000 files on the default one)', async () => {
    emptyFiles(path.join(root, 'cat', 'nested', 'deeper'), 20_000);
    const walk = pathToFileURL(path.resolve('src/data/walk.ts')).href;
    const { stdout } = await run(process.execPath, [
      '--stack-size=100',
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `const { listFiles } = await import(${JSON.stringify(walk)});
       const skipped = [];
       const files = await listFiles(process.argv[1], skipped);
       console.log(JSON.stringify({ files: files.length, skipped }));`,
      path.join(root, 'cat'),
    ]);
    expect(JSON.parse(stdout)).toEqual({ files: 20_000, skipped: [] });
  }, 60_000);

  it('lists files depth first, each folder in name order', async () => {
    for (const name of ['b.png', 'a/2.png', 'a/1.png', 'c/z/9.png', 'a.png']) {
      emptyFiles(path.dirname(path.join(root, name)), 0);
      closeSync(openSync(path.join(root, name), 'w'));
    }
    const files = await listFiles(root, []);
    expect(files.map((f) => path.relative(root, f))).toEqual([
      'a/1.png',
      'a/2.png',
      'a.png',
      'b.png',
      'c/z/9.png',
    ]);
  });

  it(`stops at its limit of files (${MAX_FILES.toLocaleString('en')} by default), saying so`, async () => {
    emptyFiles(path.join(root, 'cat'), 6);
    emptyFiles(path.join(root, 'dog'), 6);
    await expect(listFiles(path.join(root, 'cat'), [], 5)).rejects.toThrow(
      `${path.join(root, 'cat')}: more than 5 files; Whisker reads at most 5 files from one folder, so open a smaller folder`,
    );
    await expect(importFolder(root, { maxFiles: 10 })).rejects.toThrow(
      `${root}: more than 10 files; Whisker reads at most 10 files from one folder, so open a smaller folder`,
    );
  });
});
