// npm start: build, then launch Electron, or say in one line why it cannot be launched here.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { electronBinary, electronPackageDir } from './electronBinary.mjs';

const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) {
  console.error('Whisker could not be built: see the errors above.');
  process.exit(1);
}

let binary = electronBinary();
if (binary === null) {
  // Electron fetches its binary from GitHub on first use; try once, quietly.
  spawnSync(process.execPath, [path.join(electronPackageDir, 'install.js')], {
    stdio: 'ignore',
    timeout: 180_000,
  });
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
