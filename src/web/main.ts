/** npm run web: serve the built renderer on 127.0.0.1 and print its address (--open: open it too). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../backend/appData.ts';
import { Backend } from '../backend/backend.ts';
import { forkTrainer } from '../backend/childTrainer.ts';
import { TrainerClient } from '../backend/trainerClient.ts';
import { openInBrowser } from './openBrowser.ts';
import { startWebHost } from './server.ts';

const built = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../out/renderer');
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    open: { type: 'boolean', default: false },
    // another renderer folder (tests serve a page of their own)
    renderer: { type: 'string', default: built },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got "${values.port}"`);
  process.exit(2);
}
const root = path.resolve(values.renderer);
if (!existsSync(path.join(root, 'index.html'))) {
  console.error('The renderer is not built: run `npm run build` first.');
  process.exit(1);
}
const backend = new Backend({ dataDir: defaultDataDir(), trainer: new TrainerClient(forkTrainer) });
const host = await startWebHost({ root, port, backend });
console.log(`Whisker is running at ${host.url}`);
if (values.open && openInBrowser(host.url)) console.log('It should open in your browser; Ctrl-C stops it.');
else console.log('Open that address in a browser; Ctrl-C stops Whisker.');
const stop = () =>
  void host.close().then(() => {
    backend.close();
    process.exit(0);
  });
// Each ends through process.exit, so that the uploads' folders are removed on the way out.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);
