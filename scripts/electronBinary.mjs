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
