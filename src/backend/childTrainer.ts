/** The trainer as a Node child process: the web host, the tests and the benchmark start it this way. */
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TrainerProcess } from './trainerClient.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export function forkTrainer(): TrainerProcess {
  const child = fork(path.join(here, '../trainer/main.ts'), [], {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    send: (message) => child.send(message),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) =>
      child.once('exit', (code, signal) =>
        listener(signal ? `the trainer was killed (${signal})` : `the trainer exited with code ${code}`),
      ),
    kill: () => child.kill('SIGKILL'),
  };
}
