import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Uploads } from '../../src/web/uploads.ts';
import { startWebHostProcess } from '../helpers/webHostProcess.ts';

let parent: string;

beforeEach(async () => {
  parent = await mkdtemp(path.join(tmpdir(), 'whisker-upload-parent-'));
});
afterEach(() => rm(parent, { recursive: true, force: true }));

const uploadFolders = async () =>
  (await readdir(parent)).filter((name) => name.startsWith('whisker-upload-'));

/** The id of a process that has ended. */
function endedPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}

describe('the temporary folders of uploads', () => {
  it('are removed at start when the process that made them is gone (killed, crashed)', async () => {
    const stale = path.join(parent, `whisker-upload-${endedPid()}-AbC123`);
    await mkdir(path.join(stale, 'pets', 'cat'), { recursive: true });
    await writeFile(path.join(stale, 'pets', 'cat', '1.png'), 'x');
    // from before folders carried their process's id: removed once a day old
    const old = path.join(parent, 'whisker-upload-Xy12Ab');
    await mkdir(old);
    await utimes(old, new Date(Date.now() - 2 * 86_400_000), new Date(Date.now() - 2 * 86_400_000));
    const recent = path.join(parent, 'whisker-upload-Zz98Yx');
    await mkdir(recent);
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    const alive = path.join(parent, `whisker-upload-${sleeper.pid}-QwE456`);
    await mkdir(alive);
    try {
      const uploads = new Uploads({ parent });
      const id = await uploads.begin();
      expect((await uploadFolders()).sort()).toEqual(
        [path.basename(alive), path.basename(recent), path.basename(uploads.folderOf(id, null))].sort(),
      );
      await uploads.discardAll();
    } finally {
      sleeper.kill();
    }
  });

  it('are at most three at once: a fourth upload replaces the oldest not in use', async () => {
    const uploads = new Uploads({ parent });
    const first = await uploads.begin();
    const second = await uploads.begin();
    await uploads.discardAllBut(second);
    const third = await uploads.begin();
    const fourth = await uploads.begin();
    const fifth = await uploads.begin();
    expect(await uploadFolders()).toHaveLength(3);
    for (const gone of [first, third])
      await expect(uploads.add(gone, 'a.png', Buffer.from('x'))).rejects.toThrow(/no such upload/);
    for (const kept of [second, fourth, fifth]) await uploads.add(kept, 'a.png', Buffer.from('x'));
    await uploads.discardAll();
    expect(await uploadFolders()).toEqual([]);
  });

  it('hold at most a set number of bytes together', async () => {
    const uploads = new Uploads({ parent, maxTotalBytes: 10 });
    const a = await uploads.begin();
    const b = await uploads.begin();
    await uploads.add(a, 'one.png', Buffer.alloc(6));
    await expect(uploads.add(b, 'two.png', Buffer.alloc(6))).rejects.toThrow(
      'the uploads would take more than 10 bytes of temporary space; open the folder by its path instead',
    );
    await uploads.discardAll();
  });

  it('are removed when the web host is stopped (SIGTERM, or SIGHUP when its terminal closes)', async () => {
    for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
      const dir = await mkdtemp(path.join(parent, 'host-'));
      const host = await startWebHostProcess(dir, { TMPDIR: parent });
      const socket = new WebSocket(`ws://127.0.0.1:${host.port}/api`, {
        headers: { origin: `http://127.0.0.1:${host.port}`, cookie: `whisker_token=${host.token}` },
      });
      await new Promise((resolve) => socket.once('open', resolve));
      const reply = (message: unknown) =>
        new Promise<{ result: { uploadId: string } }>((resolve) => {
          socket.once('message', (data) => resolve(JSON.parse(data.toString())));
          socket.send(JSON.stringify(message));
        });
      const { uploadId } = (await reply({ id: 1, method: 'uploadBegin', params: {} })).result;
      const base64 = Buffer.alloc(2 * 2 ** 20, 1).toString('base64');
      await reply({ id: 2, method: 'uploadFile', params: { uploadId, path: 'pets/cat/1.png', base64 } });
      expect(await uploadFolders()).toHaveLength(1);
      socket.close();
      host.child.kill(signal);
      expect(await host.exited).toBe(0);
      expect(await uploadFolders()).toEqual([]);
    }
  }, 60_000);
});
