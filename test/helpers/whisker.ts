/** The whisker command run as users run it, in a process of its own, with a time limit. */
import { spawn } from 'node:child_process';
import path from 'node:path';

export interface CommandResult {
  /** the exit code, or the signal that ended it ("SIGKILL" when the time limit ran out) */
  readonly code: number | string;
  readonly stdout: string;
  readonly stderr: string;
  readonly milliseconds: number;
}

const WHISKER = path.resolve('bin/whisker.mjs');

export function whisker(args: readonly string[], timeoutMs = 60_000): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [WHISKER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal ?? -1, stdout, stderr, milliseconds: performance.now() - started });
    });
  });
}
