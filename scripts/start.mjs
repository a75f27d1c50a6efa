// npm start: build, then launch Electron — or say in one line why it cannot be launched here.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = path.dirname(require.resolve('electron/package.json'));

function electronBinary() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    return path.join(
      process.env.ELECTRON_OVERRIDE_DIST_PATH,
      process.platform === 'win32' ? 'electron.exe' : 'electron',
    );
  }
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) {
  console.error('Whisker could not be built: see the errors above.');
  process.exit(1);
}

let binary = electronBinary();
if (binary === null) {
  // Electron fetches its binary from GitHub on first use; try once, quietly.
  spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { stdio: 'ignore', timeout: 180_000 });
  binary = electronBinary();
}
if (binary === null) {
  console.error(
    'Whisker cannot start: the Electron binary is missing and could not be downloaded from GitHub. ' +
      'Run `npm run web` to use Whisker in a browser instead.',
  );
  process.exit(1);
}

const child = spawn(binary, ['.'], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
