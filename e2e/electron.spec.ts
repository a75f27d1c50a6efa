import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary, electronLaunch } from '../scripts/electronBinary.mjs';

const binary = electronBinary();
const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

test.describe('the Electron app', () => {
  test.skip(
    binary === null,
    'the Electron binary is not installed on this machine (it downloads from GitHub)',
  );

  test('opens one sandboxed window on the app shell', async ({}, testInfo) => {
    // npm test runs this spec under xvfb-run where there is no display; here only the sandbox flag matters.
    const launch = electronLaunch(binary!, [appDir], { ci: Boolean(process.env['CI']), which: () => null });
    for (const note of launch.notes) testInfo.annotations.push({ type: 'note', description: note });
    const app = await electron.launch({ executablePath: binary!, args: launch.args });
    try {
      const window = await app.firstWindow();
      await expect(window.getByRole('heading', { level: 1, name: 'Whisker' })).toBeVisible();
      expect(await window.evaluate(() => [typeof globalThis.require, typeof globalThis.process])).toEqual([
        'undefined',
        'undefined',
      ]);
      expect(window.url()).toBe('whisker://app/index.html');
      await window.screenshot({ path: testInfo.outputPath('electron-shell.png') });
    } finally {
      await app.close();
    }
  });
});
