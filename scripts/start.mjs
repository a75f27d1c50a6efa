// npm start: build, then open Whisker in Electron where its binary exists or can be fetched;
// otherwise say why in one line and serve the same app through the browser host instead.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { electronBinary, electronLaunch, electronPackageDir } from './electronBinary.mjs';

const build = spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
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

let child;
if (binary !== null) {
  const launch = electronLaunch(binary, ['.']);
  for (const note of launch.notes) console.log(note);
  child = spawn(launch.command, launch.args, { stdio: 'inherit' });
} else {
  console.log(
    "Electron's binary is not on this machine and could not be downloaded, so Whisker opens in your browser instead.",
  );
  child = spawn(process.execPath, ['--import', 'tsx', 'src/web/main.ts', '--open'], { stdio: 'inherit' });
}

// Ctrl-C reaches the child too (same process group): wait for it to close cleanly.
const forward = (signal) => () => child.kill(signal);
process.on('SIGINT', () => {});
process.on('SIGTERM', forward('SIGTERM'));
child.on('exit', (code, signal) => process.exit(signal === 'SIGINT' ? 130 : (code ?? 0)));
