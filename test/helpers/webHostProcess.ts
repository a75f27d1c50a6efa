/**
 * The web host as users run it (src/web/main.ts) in a process of its own,
 * serving a one-line page, so a test can see whether the process survives.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface WebHostProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly token: string;
  /** everything the process wrote to stderr so far */
  stderr(): string;
  /** resolves with the exit code or signal once the process has ended */
  readonly exited: Promise<number | string>;
}

/** Starts the host with its data folder in `dir`/data; `env` adds to the environment. */
export async function startWebHostProcess(
  dir: string,
  env: Record<string, string> = {},
): Promise<WebHostProcess> {
  const renderer = path.join(dir, 'renderer');
  await mkdir(renderer, { recursive: true });
  await writeFile(path.join(renderer, 'index.html'), '<h1>Whisker</h1>');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.resolve('src/web/main.ts'), '--renderer', renderer],
    {
      env: { ...process.env, WHISKER_DATA_DIR: path.join(dir, 'data'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const url = await new Promise<URL>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const match = /running at (\S+)/.exec(stdout);
      if (match) resolve(new URL(match[1]!));
    });
    void exited.then((code) => reject(new Error(`the web host exited (${code}): ${stderr}`)));
  });
  return {
    child,
    port: Number(url.port),
    token: url.searchParams.get('token')!,
    stderr: () => stderr,
    exited,
  };
}
