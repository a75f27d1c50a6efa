// Where the Electron binary is, if it has been downloaded (it is fetched from GitHub on first use).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
export const electronPackageDir = path.dirname(require.resolve('electron/package.json'));

/** The binary's path, or null when it is not on this machine. */
export function electronBinary() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const binary = path.join(
      process.env.ELECTRON_OVERRIDE_DIST_PATH,
      process.platform === 'win32' ? 'electron.exe' : 'electron',
    );
    return existsSync(binary) ? binary : null;
  }
  const pathFile = path.join(electronPackageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(electronPackageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/**
 * How to launch Electron here: Chromium's sandbox cannot start as root, so as root (and on CI,
 * where `ci` is set) the command line, never the app, turns it off; with no display on Linux the
 * app runs inside xvfb-run when there is one. `notes` say what was changed and why, a line each.
 */
export function electronLaunch(
  binary,
  args,
  { ci = false, env = process.env, uid = process.getuid?.(), which = onPath } = {},
) {
  const notes = [];
  const electronArgs = [...args];
  if (uid === 0 || ci) {
    electronArgs.push('--no-sandbox');
    notes.push(
      `Starting Electron with --no-sandbox: ${uid === 0 ? 'running as root' : 'on CI'}, where Chromium's sandbox cannot start.`,
    );
  }
  const noDisplay = process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY;
  if (noDisplay) {
    const xvfb = which('xvfb-run');
    if (xvfb !== null) {
      notes.push('There is no display: running Electron inside xvfb-run.');
      return { command: xvfb, args: ['--auto-servernum', binary, ...electronArgs], notes };
    }
    notes.push(
      'There is no display (DISPLAY is not set) and no xvfb-run: Electron may not be able to open a window.',
    );
  }
  return { command: binary, args: electronArgs, notes };
}

/** The full path of a command on the PATH, or null. */
function onPath(command) {
  for (const folder of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(folder, command);
    if (folder && existsSync(candidate)) return candidate;
  }
  return null;
}
