/**
 * The trainer process's entry: under Electron's utilityProcess it talks
 * through process.parentPort, as a Node child process through its IPC
 * channel; the program is the same.
 */
import { defaultKernel } from '../core/kernels/defaultKernel.ts';
import type { Kernel } from '../core/kernels/kernel.ts';
import { kernelsModule, SimdKernel } from '../core/kernels/simd.ts';
import { createParallelKernel, ParallelKernel } from './parallelKernel.ts';
import { TrainerProgram, type KernelInfo, type TrainerPort } from './program.ts';

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

/** The host asks the trainer to end with {type: 'quit'}; everything else is the program's. */
const quitting = (listener: (message: unknown) => void) => (message: unknown) => {
  if ((message as { type?: unknown } | null)?.type === 'quit') process.exit(0);
  listener(message);
};

function hostPort(): TrainerPort {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return {
      post: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => quitting(listener)(event.data)),
    };
  }
  if (process.send) {
    return {
      post: (message) => process.send!(message),
      onMessage: (listener) => process.on('message', quitting(listener)),
    };
  }
  throw new Error('the trainer must be started by Whisker (no parent port, no IPC channel)');
}

function describe(kernel: Kernel): KernelInfo {
  return {
    name: kernel.name,
    threads: kernel instanceof ParallelKernel ? kernel.threads : 1,
    simd: kernel instanceof SimdKernel,
    relaxedSimd: kernel instanceof SimdKernel && kernel.module === kernelsModule('relaxed'),
  };
}

// The host going away takes the trainer with it.
process.on('disconnect', () => process.exit(0));
const kernel = createParallelKernel() ?? defaultKernel();
new TrainerProgram(hostPort(), kernel, describe(kernel));
