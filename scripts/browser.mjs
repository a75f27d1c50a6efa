// Which Chromium the end-to-end tests drive, in this order:
//   1. the one WHISKER_BROWSER names;
//   2. the system's Chromium or Chrome (skipped when WHISKER_SYSTEM_BROWSER=ignore);
//   3. Playwright's own Chromium, if `npx playwright install chromium` has put one there;
//   4. the Chromium build inside the @sparticuz/chromium package from the npm registry (Linux),
//      unpacked once into node_modules/.cache: no download and no apt step.
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createBrotliDecompress } from 'node:zlib';
import { chromium } from '@playwright/test';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const SYSTEM_CHROMIUMS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/**
 * @typedef {{ path: string | null, source: string, env?: Record<string, string> }} Browser
 * path is null when none was found; env is what the browser needs in its environment.
 */

/** The browsers already on the machine, without unpacking or installing anything. */
export function locateBrowser() {
  const named = process.env.WHISKER_BROWSER;
  if (named) {
    return existsSync(named)
      ? { path: named, source: 'WHISKER_BROWSER' }
      : { path: null, source: `WHISKER_BROWSER names ${named}, which does not exist` };
  }
  if (process.env.WHISKER_SYSTEM_BROWSER !== 'ignore') {
    const system = SYSTEM_CHROMIUMS.find((candidate) => existsSync(candidate));
    if (system) return { path: system, source: 'the system Chromium' };
  }
  const own = chromium.executablePath();
  if (own && existsSync(own)) return { path: own, source: "Playwright's own Chromium" };
  const bundled = bundledChromium();
  if (bundled !== null && existsSync(bundled.binary)) return bundledBrowser(bundled);
  return { path: null, source: 'none found' };
}

/** Like locateBrowser, but unpacks the npm-provided Chromium when nothing else is there. */
export async function ensureBrowser() {
  const found = locateBrowser();
  if (found.path !== null || process.env.WHISKER_BROWSER) return found;
  const bundled = bundledChromium();
  if (bundled === null) {
    return {
      path: null,
      source:
        `none found, and the npm-provided Chromium is for Linux only (this is ${process.platform} ${process.arch}): ` +
        'install Chrome or Chromium, or run `npx playwright install chromium`',
    };
  }
  await unpack(bundled);
  return bundledBrowser(bundled);
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

/** Where the package's compressed Chromium is, and where it goes once unpacked; null off Linux. */
function bundledChromium() {
  if (process.platform !== 'linux' || !['x64', 'arm64'].includes(process.arch)) return null;
  let packageDir;
  try {
    // its exports hide package.json: go up from the entry, build/index.js
    packageDir = path.resolve(path.dirname(require.resolve('@sparticuz/chromium')), '..');
  } catch {
    return null;
  }
  const { version } = require(path.join(packageDir, 'package.json'));
  const folder = path.join(root, 'node_modules', '.cache', 'whisker-chromium', version);
  return {
    bin: path.join(packageDir, 'bin'),
    version,
    folder,
    binary: path.join(folder, 'chromium'),
  };
}

function bundledBrowser({ version, folder, binary }) {
  return {
    path: binary,
    source: `the Chromium ${version} build inside @sparticuz/chromium (npm)`,
    // the build brings its own fonts, so that pages render the same on a machine with none
    env: { FONTCONFIG_PATH: path.join(folder, 'fonts') },
  };
}

function fontConfig(folder) {
  const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    `  <dir>${escape(path.join(folder, 'fonts', 'fonts'))}</dir>`,
    '  <dir>/usr/share/fonts</dir>',
    `  <cachedir>${escape(path.join(folder, 'fonts', 'cache'))}</cachedir>`,
    '</fontconfig>',
    '',
  ].join('\n');
}

/**
 * Unpacks the browser, its fonts and its software renderer into a temporary
 * folder beside the cache, then renames it into place, so that a run that
 * stops half-way, or two runs at once, never leave a half-unpacked browser.
 */
async function unpack({ bin, folder, binary }) {
  if (existsSync(binary)) return;
  const { extract } = require('tar-fs');
  const staging = `${folder}.${process.pid}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    await pipeline(
      createReadStream(path.join(bin, 'chromium.br')),
      createBrotliDecompress(),
      createWriteStream(path.join(staging, 'chromium'), { mode: 0o755 }),
    );
    await pipeline(
      createReadStream(path.join(bin, 'fonts.tar.br')),
      createBrotliDecompress(),
      extract(path.join(staging, 'fonts')),
    );
    // The package's fonts.conf names the folders of the machine it was built for.
    writeFileSync(path.join(staging, 'fonts', 'fonts.conf'), fontConfig(folder));
    await pipeline(
      createReadStream(path.join(bin, 'swiftshader.tar.br')),
      createBrotliDecompress(),
      extract(staging),
    );
    if (existsSync(binary)) return; // another run finished first
    renameSync(staging, folder);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
