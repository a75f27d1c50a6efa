import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const registered: unknown[] = [];
vi.mock('electron', () => ({
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => registered.push(...schemes),
    handle: vi.fn(),
  },
}));

const { registerAppScheme, serveApp } = await import('../../src/main/appProtocol.ts');

let base: string;
let root: string;

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'whisker-protocol-'));
  root = path.join(base, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<h1>Whisker</h1>');
  await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(base, 'secret.txt'), 'secret');
  await symlink(path.join(base, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
});
afterAll(() => rm(base, { recursive: true, force: true }));

const get = (url: string) => serveApp(root, new Request(url));

describe('the whisker:// app protocol', () => {
  it('registers a standard, secure scheme', () => {
    registerAppScheme();
    expect(registered).toEqual([
      { scheme: 'whisker', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('serves the renderer with its content type and a strict CSP', async () => {
    const response = await get('whisker://app/index.html');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<h1>Whisker</h1>');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'self'/);
    expect((await get('whisker://app/assets/app.js')).headers.get('content-type')).toMatch(/javascript/);
  });

  it.each([
    'whisker://app/../secret.txt',
    'whisker://app/%2e%2e/secret.txt',
    'whisker://app/assets/..%2f..%2fsecret.txt',
    'whisker://app/assets/link.txt',
    'whisker://app/missing.js',
    'whisker://other/index.html',
    'whisker://app/%00index.html',
  ])('refuses %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('secret');
  });

  it('hands /images/ to the backend, which serves only the open data set', async () => {
    const asked: string[] = [];
    const backend = {
      image: async (pathname: string) => {
        asked.push(pathname);
        return { status: 200, type: 'image/png', body: new Uint8Array([137, 80, 78, 71]) };
      },
    };
    const response = await serveApp(
      root,
      new Request('whisker://app/images/train/3/thumbnail'),
      backend as never,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(asked).toEqual(['/images/train/3/thumbnail']);
    expect(
      (await serveApp(root, new Request('whisker://other/images/train/3/thumbnail'), backend as never))
        .status,
    ).toBe(404);
  });
});
