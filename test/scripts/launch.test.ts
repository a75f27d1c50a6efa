import { describe, expect, it } from 'vitest';
import { locateBrowser } from '../../scripts/browser.mjs';
import { electronLaunch } from '../../scripts/electronBinary.mjs';
import { browserOpener } from '../../src/web/openBrowser.ts';

describe('launching Electron for npm start and the Electron spec', () => {
  const display = { DISPLAY: ':0' };

  it('keeps the sandbox for an ordinary user with a display', () => {
    expect(electronLaunch('/e/electron', ['.'], { uid: 1000, env: display })).toEqual({
      command: '/e/electron',
      args: ['.'],
      notes: [],
    });
  });

  it('turns the sandbox off on the command line only as root or on CI, and says so', () => {
    for (const options of [{ uid: 0 }, { uid: 1000, ci: true }]) {
      const launch = electronLaunch('/e/electron', ['.'], { ...options, env: display });
      expect(launch.args).toEqual(['.', '--no-sandbox']);
      expect(launch.notes).toHaveLength(1);
      expect(launch.notes[0]).toMatch(/--no-sandbox/);
    }
  });

  it.runIf(process.platform === 'linux')('runs inside xvfb-run where Linux has no display', () => {
    const launch = electronLaunch('/e/electron', ['.'], {
      uid: 1000,
      env: {},
      which: () => '/usr/bin/xvfb-run',
    });
    expect(launch.command).toBe('/usr/bin/xvfb-run');
    expect(launch.args).toEqual(['--auto-servernum', '/e/electron', '.']);
    const without = electronLaunch('/e/electron', ['.'], { uid: 1000, env: {}, which: () => null });
    expect(without.command).toBe('/e/electron');
    expect(without.notes[0]).toMatch(/no display/);
  });
});

describe("opening the browser host's address", () => {
  const url = 'http://127.0.0.1:4000/?token=abc&x=1';

  it('uses the platform’s own opener on macOS and Windows', () => {
    expect(browserOpener(url, 'darwin', {})).toEqual({ command: 'open', args: [url] });
    expect(browserOpener(url, 'win32', {})?.args.at(-1)).toBe('http://127.0.0.1:4000/?token=abc^&x=1');
  });

  it('opens nothing on Linux without a display', () => {
    expect(browserOpener(url, 'linux', { PATH: '/usr/bin:/bin' })).toBeNull();
  });
});

describe('the browser for the end-to-end tests', () => {
  it('ignores the system Chromium when told to', () => {
    const saved = { ...process.env };
    try {
      delete process.env['WHISKER_BROWSER'];
      process.env['WHISKER_SYSTEM_BROWSER'] = 'ignore';
      expect(locateBrowser().source).not.toBe('the system Chromium');
    } finally {
      process.env = saved;
    }
  });
});
