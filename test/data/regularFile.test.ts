import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRegularFile } from '../../src/data/regularFile.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'whisker-regular-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Fails, instead of hanging, when the read does not answer in time. */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)),
  ]);
}

describe('reading a file someone named', () => {
  it('reads a regular file', async () => {
    const file = path.join(dir, 'a.txt');
    await writeFile(file, 'hello');
    expect((await readRegularFile(file, { maxBytes: 5 })).toString()).toBe('hello');
  });

  it('refuses a named pipe at once, without opening it for reading', async () => {
    const fifo = path.join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    await expect(within(2000, readRegularFile(fifo, { maxBytes: 100 }))).rejects.toThrow(
      `${fifo}: a named pipe (FIFO), not a regular file`,
    );
  });

  it.each([
    ['/dev/zero', 'a device, not a regular file'],
    ['/tmp', 'a folder, not a file'],
    ['/no/such/file', 'the file does not exist'],
  ])('refuses %s: %s', async (file, reason) => {
    await expect(within(2000, readRegularFile(file, { maxBytes: 100 }))).rejects.toThrow(
      `${file}: ${reason}`,
    );
  });

  it('refuses a file over the size limit before reading it', async () => {
    const file = path.join(dir, 'big.bin');
    await writeFile(file, Buffer.alloc(3 * 2 ** 20));
    await expect(readRegularFile(file, { maxBytes: 2 * 2 ** 20 })).rejects.toThrow(
      `${file}: larger than 2 MB`,
    );
  });

  it('follows a symbolic link unless told not to', async () => {
    await mkdir(path.join(dir, 'links'));
    const target = path.join(dir, 'links', 'target.txt');
    const link = path.join(dir, 'links', 'link.txt');
    await writeFile(target, 'through the link');
    await symlink(target, link);
    expect((await readRegularFile(link, { maxBytes: 100 })).toString()).toBe('through the link');
    await expect(readRegularFile(link, { maxBytes: 100, noFollow: true })).rejects.toThrow(
      `${link}: a symbolic link (links are not followed)`,
    );
  });
});
