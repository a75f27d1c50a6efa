/**
 * End-to-end fixtures: the real web host serving the built renderer, and
 * page objects that name what a user sees.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test as base } from '@playwright/test';
import { Backend } from '../src/backend/backend.ts';
import { forkTrainer } from '../src/backend/childTrainer.ts';
import { TrainerClient } from '../src/backend/trainerClient.ts';
import { startWebHost, type WebHost } from '../src/web/server.ts';
import { ShellPage } from './pages/ShellPage.ts';
import { WhiskerApp } from './pages/WhiskerApp.ts';

const rendererRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../out/renderer');

// A fresh backend and host for every test: the backend's state (data set, model) must not leak between tests.
export const test = base.extend<{ backend: Backend; host: WebHost; shell: ShellPage; app: WhiskerApp }>({
  backend: async ({}, use) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'whisker-e2e-'));
    const backend = new Backend({ dataDir, trainer: new TrainerClient(forkTrainer) });
    await use(backend);
    await backend.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
  host: async ({ backend }, use) => {
    if (!existsSync(path.join(rendererRoot, 'index.html'))) {
      throw new Error('The renderer is not built: run `npm run build` (npm test does it for you).');
    }
    const host = await startWebHost({ root: rendererRoot, backend });
    await use(host);
    await host.close();
  },
  shell: async ({ page, host }, use) => {
    // an exception in the page is a defect in every spec, whatever the spec looks at
    const thrown: string[] = [];
    page.on('pageerror', (error) => thrown.push(error.stack ?? error.message));
    const shell = new ShellPage(page);
    await shell.open(host.url);
    await use(shell);
    expect(thrown, 'exceptions thrown in the page').toEqual([]);
  },
  /** the app, open and connected, by its views */
  app: async ({ shell }, use) => {
    await use(new WhiskerApp(shell.page));
  },
});

export { expect };
