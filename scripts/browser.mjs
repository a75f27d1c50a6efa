// Which Chromium the end-to-end tests drive: the one WHISKER_BROWSER names, else the
// system's, else Playwright's own (installed where the network allows).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const SYSTEM_CHROMIUMS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** { path, source } without installing anything; path null when none was found. */
export function locateBrowser() {
  const named = process.env.WHISKER_BROWSER;
  if (named) {
    return existsSync(named)
      ? { path: named, source: 'WHISKER_BROWSER' }
      : { path: null, source: `WHISKER_BROWSER names ${named}, which does not exist` };
  }
  const system = SYSTEM_CHROMIUMS.find((candidate) => existsSync(candidate));
  if (system) return { path: system, source: 'the system Chromium' };
  const own = chromium.executablePath();
  if (own && existsSync(own)) return { path: own, source: "Playwright's own Chromium" };
  return { path: null, source: 'none found' };
}

/** Like locateBrowser, but tries to install Playwright's Chromium when none is found. */
export function ensureBrowser() {
  const found = locateBrowser();
  if (found.path !== null || process.env.WHISKER_BROWSER) return found;
  spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'ignore', timeout: 300_000 });
  return locateBrowser();
}

/** Flags for a headless Chromium on a machine without a network or a GPU. */
export function browserArgs() {
  const args = [
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
  // Chromium's own sandbox cannot start as root.
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return args;
}
