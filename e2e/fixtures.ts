/**
 * End-to-end fixtures: the real web host serving the built renderer, and
 * page objects that name what a user sees.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base } from '@playwright/test';
import { startWebHost, type WebHost } from '../src/web/server.ts';
import { ShellPage } from './pages/ShellPage.ts';

const rendererRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../out/renderer');

export const test = base.extend<{ shell: ShellPage }, { host: WebHost }>({
  host: [
    async ({}, use) => {
      if (!existsSync(path.join(rendererRoot, 'index.html'))) {
        throw new Error('The renderer is not built: run `npm run build` (npm test does it for you).');
      }
      const host = await startWebHost({ root: rendererRoot });
      await use(host);
      await host.close();
    },
    { scope: 'worker' },
  ],
  shell: async ({ page, host }, use) => {
    const shell = new ShellPage(page);
    await shell.open(host.url);
    await use(shell);
  },
});

export { expect } from '@playwright/test';
