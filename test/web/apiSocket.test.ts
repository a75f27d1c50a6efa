import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Backend } from '../../src/backend/backend.ts';
import { forkTrainer } from '../../src/backend/childTrainer.ts';
import { TrainerClient } from '../../src/backend/trainerClient.ts';
import { preset } from '../../src/core/presets.ts';
import { startWebHost, type WebHost } from '../../src/web/server.ts';

let dir: string;
let host: WebHost;
let backend: Backend;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'whisker-socket-'));
  await mkdir(path.join(dir, 'renderer'));
  await writeFile(path.join(dir, 'renderer', 'index.html'), '<h1>Whisker</h1>');
  backend = new Backend({ dataDir: path.join(dir, 'data'), trainer: new TrainerClient(forkTrainer) });
  host = await startWebHost({ root: path.join(dir, 'renderer'), backend });
});
afterAll(async () => {
  await host.close();
  await backend.close();
  await rm(dir, { recursive: true, force: true });
});

const origin = () => `http://127.0.0.1:${host.port}`;

/** Opens /api with the given headers; resolves with the socket, or the HTTP status it was refused with. */
function connect(headers: Record<string, string>): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/api`, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('error', () => resolve(0));
  });
}

function call(socket: WebSocket, message: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const listener = (data: WebSocket.RawData) => {
      const reply = JSON.parse(data.toString());
      if ('event' in reply) return;
      socket.off('message', listener);
      resolve(reply);
    };
    socket.on('message', listener);
    socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  });
}

describe('the contract over the web host', () => {
  it('refuses a connection without the token, or from another origin', async () => {
    expect(await connect({ origin: origin() })).toBe(403);
    expect(await connect({ origin: 'http://evil.example', cookie: `whisker_token=${host.token}` })).toBe(403);
    expect(await connect({ origin: origin(), cookie: 'whisker_token=guess' })).toBe(403);
  });

  it('answers requests, refuses malformed ones, and sends events', async () => {
    const socket = await connect({ origin: origin(), cookie: `whisker_token=${host.token}` });
    expect(socket).toBeInstanceOf(WebSocket);
    const ws = socket as WebSocket;
    expect(await call(ws, { id: 1, method: 'state', params: {} })).toEqual({
      id: 1,
      ok: true,
      result: { dataSet: null, model: null, run: null, paused: false, waiting: 0, kernel: null },
    });
    expect(await call(ws, 'not json')).toMatchObject({
      id: -1,
      ok: false,
      error: expect.stringMatching(/malformed/),
    });
    expect(await call(ws, { id: 2, method: 'rm -rf', params: {} })).toMatchObject({ id: 2, ok: false });
    expect(await call(ws, { id: 3, method: 'loadSample', params: { seed: -4 } })).toMatchObject({
      id: 3,
      ok: false,
      error: expect.stringMatching(/^loadSample: seed: /),
    });
    const sample = await call(ws, { id: 4, method: 'loadSample', params: {} });
    expect(sample).toMatchObject({ id: 4, ok: true, result: { classes: ['circle', 'square', 'triangle'] } });

    const events: { type: string }[] = [];
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if ('event' in message) events.push(message.event);
    });
    const setup = {
      ...preset('Quick: one hidden layer, Adam'),
      hidden: [{ units: 8, activation: 'relu' }],
      epochs: 3,
    };
    expect(await call(ws, { id: 5, method: 'startTraining', params: { setup } })).toMatchObject({
      id: 5,
      ok: true,
    });
    await new Promise<void>((resolve) => {
      const timer = setInterval(
        () => events.some((e) => e.type === 'runFinished') && (clearInterval(timer), resolve()),
        20,
      );
    });
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(3);
    ws.close();

    const id = (sample['result'] as { id: number }).id;
    const image = await fetch(`${origin()}/images/${id}/train/0/thumbnail`, {
      headers: { cookie: `whisker_token=${host.token}` },
    });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect((await fetch(`${origin()}/images/${id}/train/0/thumbnail`)).status).toBe(403);
  }, 30_000);

  it('takes a photo of several megabytes sent from the page, as a folder upload does', async () => {
    const ws = (await connect({ origin: origin(), cookie: `whisker_token=${host.token}` })) as WebSocket;
    const begun = await call(ws, { id: 1, method: 'uploadBegin', params: {} });
    const { uploadId } = begun['result'] as { uploadId: string };
    // 6 MB of bytes, 8 MB as base64: more than a socket's default limit, well within the contract's
    const base64 = Buffer.alloc(6 * 2 ** 20, 7).toString('base64');
    expect(
      await call(ws, { id: 2, method: 'uploadFile', params: { uploadId, path: 'big/photo.jpg', base64 } }),
    ).toEqual({
      id: 2,
      ok: true,
      result: {},
    });
    ws.close();
  });
});
