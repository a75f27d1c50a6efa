/** The trainer as a Node child process: the web host, the tests and the benchmark start it this way. */
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TrainerExit, TrainerProcess } from './trainerClient.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

const CRASH_SIGNALS = new Set(['SIGSEGV', 'SIGBUS', 'SIGILL', 'SIGFPE', 'SIGABRT', 'SIGTRAP']);

/** Why a child ended, from its exit code or signal and what it last wrote to stderr. */
export function childExit(code: number | null, signal: string | null, stderrTail: string): TrainerExit {
  if (/heap out of memory|Allocation failed|out of memory/i.test(stderrTail))
    return { kind: 'outOfMemory', reason: 'the trainer ran out of memory' };
  if (signal !== null && CRASH_SIGNALS.has(signal))
    return { kind: 'crashed', reason: `the trainer crashed (${signal})` };
  if (signal !== null) return { kind: 'killed', reason: `the trainer was killed (${signal})` };
  return { kind: 'exited', code: code ?? 0, reason: `the trainer exited with code ${code ?? 0}` };
}

/** Starts the trainer; `preloads` are modules it imports first, for tests that take something away. */
export function forkTrainer(preloads: readonly string[] = []): TrainerProcess {
  const child = fork(path.join(here, '../trainer/main.ts'), [], {
    // relaxed SIMD: the kernels' fused multiply-add
    execArgv: [
      '--import',
      'tsx',
      '--experimental-wasm-relaxed-simd',
      ...preloads.flatMap((preload) => ['--import', preload]),
    ],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  // stderr passes through; its last few kilobytes tell an out-of-memory end from a crash
  let stderrTail = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-4096);
  });
  return {
    send: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) =>
      child.once('close', (code, signal) => listener(childExit(code, signal, stderrTail))),
    end: () => {
      if (child.connected) child.send({ type: 'quit' });
    },
    kill: () => child.kill('SIGKILL'),
  };
}
