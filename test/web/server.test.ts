import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../src/web/server.ts';

let root: string;
let host: WebHost;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'whisker-web-'));
  await mkdir(path.join(root, 'assets'));
  await writeFile(path.join(root, 'index.html'), '<h1>Whisker</h1>');
  await writeFile(path.join(root, 'assets', 'app.js'), 'ok()');
  host = await startWebHost({ root });
});
afterAll(async () => {
  await host.close();
  await rm(root, { recursive: true, force: true });
});

/** A raw GET, so that the Host header can be forged. */
function get(pathname: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: host.port,
          path: pathname,
          headers: { host: `127.0.0.1:${host.port}`, ...headers },
        },
        (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      req.end();
    },
  );
}

describe('the web host', () => {
  it('listens on 127.0.0.1 only and prints an address carrying a fresh token', async () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[\\w-]{32}$`));
    const other = await startWebHost({ root });
    expect(other.token).not.toBe(host.token);
    await other.close();
  });

  it('refuses requests without the token', async () => {
    const response = await get('/index.html');
    expect(response.status).toBe(403);
    expect(response.body).toMatch(/address it printed/);
    expect((await get('/?token=wrong')).status).toBe(403);
  });

  it('trades the token in the address for a strict cookie, then serves the renderer with a CSP', async () => {
    const first = await get(`/?token=${host.token}`);
    expect(first.status).toBe(303);
    expect(first.headers['location']).toBe('/');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await get('/', { cookie: cookie.split(';')[0]! });
    expect(page.status).toBe(200);
    expect(page.body).toBe('<h1>Whisker</h1>');
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);
  });

  it('refuses a Host header naming another site (DNS rebinding), even with the token', async () => {
    const response = await get(`/?token=${host.token}`, { host: 'evil.example:80' });
    expect(response.status).toBe(421);
  });

  it('serves nothing outside the renderer folder', async () => {
    const cookie = `whisker_token=${host.token}`;
    expect((await get('/../../etc/passwd', { cookie })).status).toBe(404);
    expect((await get('/%2e%2e/%2e%2e/etc/passwd', { cookie })).status).toBe(404);
    expect((await get('/assets/app.js', { cookie })).status).toBe(200);
  });

  it.each([
    '/.//evil.example/',
    '//evil.example/',
    '/\\evil.example/',
    '/%2F%2Fevil.example/',
    '/a/..//evil.example/',
  ])('redirects %s with the token only to a path of its own', async (pathname) => {
    const response = await get(`${pathname}?token=${host.token}`);
    expect(response.status).toBe(303);
    const origin = `http://127.0.0.1:${host.port}`;
    expect(new URL(String(response.headers['location']), `${origin}/`).origin).toBe(origin);
  });
});
