import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_PAYLOAD } from '../../src/web/apiSocket.ts';
import { openRawSocket, upgradeThenReset } from '../helpers/rawSocket.ts';
import { startWebHostProcess, type WebHostProcess } from '../helpers/webHostProcess.ts';

let dir: string;
let host: WebHostProcess;
/** a page that stays connected while others misbehave */
let bystander: WebSocket;

const origin = () => `http://127.0.0.1:${host.port}`;
const headers = () => ({ Origin: origin(), Cookie: `whisker_token=${host.token}` });

function state(socket: WebSocket): Promise<unknown> {
  return new Promise((resolve, reject) => {
    socket.once('message', (data) => resolve(JSON.parse(data.toString())));
    socket.once('close', () => reject(new Error('the connection closed')));
    socket.send(JSON.stringify({ id: 7, method: 'state', params: {} }));
  });
}

async function expectStillServing(): Promise<void> {
  expect(host.child.exitCode).toBeNull();
  expect(await state(bystander)).toMatchObject({ id: 7, ok: true });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'whisker-socket-errors-'));
  host = await startWebHostProcess(dir);
  bystander = new WebSocket(`ws://127.0.0.1:${host.port}/api`, { headers: headers() });
  await new Promise((resolve) => bystander.once('open', resolve));
}, 30_000);
afterAll(async () => {
  bystander.close();
  host.child.kill('SIGKILL');
  await host.exited;
  await rm(dir, { recursive: true, force: true });
});

describe('the web host under protocol errors', () => {
  it('closes a connection that sends invalid UTF-8 with 1007, and keeps serving the others', async () => {
    const bad = await openRawSocket(host.port, headers());
    bad.frame(0x1, Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1]));
    expect(await bad.closed).toBe(1007);
    await expectStillServing();
  });

  it('closes a connection that announces a message over the size limit with 1009, and keeps serving the others', async () => {
    const bad = await openRawSocket(host.port, headers());
    bad.frame(0x1, Buffer.alloc(0), MAX_PAYLOAD + 1);
    expect(await bad.closed).toBe(1009);
    await expectStillServing();
  });

  it('closes a connection that sends a frame of an unknown kind (opcode 3) with 1002, and keeps serving the others', async () => {
    const bad = await openRawSocket(host.port, headers());
    bad.frame(0x3, Buffer.from('x'));
    expect(await bad.closed).toBe(1002);
    await expectStillServing();
  });

  it('keeps serving when clients that are refused reset their connections', async () => {
    for (let i = 0; i < 20; i++) {
      await upgradeThenReset(host.port, { Origin: 'http://evil.example' });
      await upgradeThenReset(host.port, headers());
    }
    await expectStillServing();
  });
});
