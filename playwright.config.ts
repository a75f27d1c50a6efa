import { defineConfig } from '@playwright/test';
import { browserArgs, ensureBrowser } from './scripts/browser.mjs';

const browser = await ensureBrowser();

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  // the first answers wait for the trainer process to start, which a loaded machine slows
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      ...(browser.path ? { executablePath: browser.path } : {}),
      ...(browser.env ? { env: { ...process.env, ...browser.env } } : {}),
      args: browserArgs(),
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
