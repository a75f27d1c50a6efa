/**
 * The trainer process's entry: under Electron's utilityProcess it talks
 * through process.parentPort, as a Node child process through its IPC
 * channel; the program is the same.
 */
import { defaultKernel } from '../core/kernels/defaultKernel.ts';
import { createParallelKernel } from './parallelKernel.ts';
import { TrainerProgram, type TrainerPort } from './program.ts';

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

function hostPort(): TrainerPort {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return {
      post: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
    };
  }
  if (process.send) {
    return {
      post: (message) => process.send!(message),
      onMessage: (listener) => process.on('message', listener),
    };
  }
  throw new Error('the trainer must be started by Whisker (no parent port, no IPC channel)');
}

// The host going away takes the trainer with it.
process.on('disconnect', () => process.exit(0));
new TrainerProgram(hostPort(), createParallelKernel() ?? defaultKernel());
