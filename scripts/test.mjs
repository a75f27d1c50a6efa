// npm test: every test, unit and end-to-end, then one line counting them all.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { ensureBrowser } from './browser.mjs';
import { electronBinary, electronLaunch } from './electronBinary.mjs';

const results = 'test-results';
const vitestJson = `${results}/vitest.json`;
const playwrightJson = `${results}/playwright.json`;
rmSync(vitestJson, { force: true });
rmSync(playwrightJson, { force: true });
mkdirSync(results, { recursive: true });

function run(command, args, env = {}) {
  return spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;
}

function readJson(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

const counts = { passed: 0, failed: 0, skipped: 0 };
const problems = [];

// Unit tests: vitest's node and DOM projects.
const vitestStatus = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${vitestJson}`,
]);
const vitest = readJson(vitestJson);
if (vitest === null) {
  problems.push('vitest did not report its results');
} else {
  counts.passed += vitest.numPassedTests;
  counts.failed += vitest.numFailedTests;
  counts.skipped += vitest.numPendingTests + vitest.numTodoTests;
}
if (vitestStatus !== 0 && (vitest === null || vitest.numFailedTests === 0))
  problems.push('vitest failed to run');

// End-to-end tests: the built renderer in Chromium.
const build = run('npx', ['electron-vite', 'build', '--logLevel', 'warn']);
const browser = await ensureBrowser();
if (build !== 0) {
  problems.push('the build failed, so the end-to-end tests could not run');
} else if (browser.path === null) {
  problems.push(
    `no browser for the end-to-end tests (${browser.source}); WHISKER_BROWSER may name a Chromium or Chrome binary`,
  );
} else {
  console.log(`End-to-end tests use ${browser.source}: ${browser.path}`);
  const status = run(...underDisplay('npx', ['playwright', 'test']));
  const report = readJson(playwrightJson);
  if (report === null) {
    problems.push('Playwright did not report its results');
  } else {
    counts.passed += report.stats.expected + report.stats.flaky;
    counts.failed += report.stats.unexpected;
    counts.skipped += report.stats.skipped;
    for (const reason of skipReasons(report)) console.log(`Skipped: ${reason}`);
    if (status !== 0 && report.stats.unexpected === 0) problems.push('Playwright failed to run');
  }
}

/**
 * The Electron spec opens a real window: on Linux with no display, the specs run inside
 * xvfb-run when Electron and xvfb-run are both there.
 */
function underDisplay(command, args) {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY)
    return [command, args];
  if (electronBinary() === null) return [command, args];
  const launch = electronLaunch(command, args, { uid: -1 });
  for (const note of launch.notes) console.log(note);
  return [launch.command, launch.args];
}

/** "title: reason" for every skipped Playwright test. */
function skipReasons(report) {
  const reasons = [];
  const visit = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        const skip = (t.annotations ?? []).find((a) => a.type === 'skip');
        if (t.status === 'skipped') reasons.push(`${spec.title}: ${skip?.description ?? 'no reason given'}`);
      }
    }
    for (const child of suite.suites ?? []) visit(child);
  };
  for (const suite of report.suites ?? []) visit(suite);
  return reasons;
}

for (const problem of problems) console.error(`Error: ${problem}`);
if (counts.skipped > 0) console.log(`${counts.skipped} skipped`);
console.log(`${counts.passed} passed, ${counts.failed} failed`);
process.exit(counts.failed > 0 || problems.length > 0 ? 1 : 0);
