// npm run dist: build, then package installers with electron-builder (electron-builder.config.ts),
// for this platform or those named (`npm run dist -- --linux --win`). electron-builder fetches
// Electron's binaries from GitHub; where it cannot, this says so in one line.
import { spawn, spawnSync } from 'node:child_process';

const build = spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (build.status !== 0) {
  console.error('Whisker could not be built: see the errors above.');
  process.exit(1);
}

console.log('Packaging Whisker with electron-builder into dist/ …');
const output = [];
const builder = spawn(
  'npx',
  ['electron-builder', '--config', 'electron-builder.config.ts', ...process.argv.slice(2)],
  { stdio: ['ignore', 'pipe', 'pipe'] },
);
for (const stream of [builder.stdout, builder.stderr]) stream.on('data', (chunk) => output.push(chunk));
builder.on('exit', (code) => {
  const text = Buffer.concat(output).toString('utf8');
  if (code === 0) {
    process.stdout.write(text);
    return process.exit(0);
  }
  const unreachable =
    /getaddrinfo \w+ [\w.-]+|(?:ECONNREFUSED|ETIMEDOUT|ECONNRESET|EAI_AGAIN)[^\n]{0,80}/.exec(text);
  if (unreachable) {
    console.error(
      `Whisker cannot be packaged here: electron-builder could not download Electron's binaries (${unreachable[0]}).`,
    );
  } else {
    process.stderr.write(text);
    console.error('electron-builder failed: see its output above.');
  }
  process.exit(code ?? 1);
});
