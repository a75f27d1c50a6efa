import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { writeSmallModel } from '../helpers/models.ts';
import { startWebHostProcess, type WebHostProcess } from '../helpers/webHostProcess.ts';

let dir: string;
let host: WebHostProcess;
let socket: WebSocket;
let nextId = 1;

function ask(method: string, params: unknown): Promise<{ ok: boolean; result?: unknown; error?: string }> {
  const id = nextId++;
  return new Promise((resolve) => {
    const listener = (data: WebSocket.RawData) => {
      const reply = JSON.parse(data.toString());
      if (reply.id !== id) return;
      socket.off('message', listener);
      resolve(reply);
    };
    socket.on('message', listener);
    socket.send(JSON.stringify({ id, method, params }));
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'whisker-web-fifo-'));
  host = await startWebHostProcess(dir);
  const origin = `http://127.0.0.1:${host.port}`;
  socket = new WebSocket(`ws://127.0.0.1:${host.port}/api`, {
    headers: { origin, cookie: `whisker_token=${host.token}` },
  });
  await new Promise((resolve) => socket.once('open', resolve));
}, 30_000);
afterAll(async () => {
  socket.close();
  host.child.kill('SIGKILL');
  await host.exited;
  await rm(dir, { recursive: true, force: true });
});

describe('the web host given named pipes (FIFOs) for files', () => {
  it('refuses each with the reason and keeps serving files and folders', async () => {
    const model = path.join(dir, 'model.safetensors');
    await writeSmallModel(model);
    expect(await ask('importModel', { path: model })).toMatchObject({ ok: true });
    const fifo = path.join(dir, 'photo.png');
    execFileSync('mkfifo', [fifo]);

    // more requests than Node has threads for files (4): none may take a thread and keep it
    const replies = await Promise.all(
      Array.from({ length: 6 }, () => ask('classify', { photos: [{ name: fifo, path: fifo }] })),
    );
    for (const reply of replies) {
      expect(reply).toMatchObject({
        ok: true,
        result: { predictions: [{ file: fifo, error: 'a named pipe (FIFO), not a regular file' }] },
      });
    }
    expect(await ask('importModel', { path: fifo })).toMatchObject({
      ok: false,
      error: `${fifo}: a named pipe (FIFO), not a regular file`,
    });
    const page = await fetch(`http://127.0.0.1:${host.port}/`, {
      headers: { cookie: `whisker_token=${host.token}` },
    });
    expect(await page.text()).toBe('<h1>Whisker</h1>');
    expect(await ask('browse', { path: dir })).toMatchObject({ ok: true });
  }, 30_000);
});
