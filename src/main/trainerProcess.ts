/** The trainer under Electron: a utility process running the built trainer entry. */
import { utilityProcess } from 'electron';
import type { TrainerProcess } from '../backend/trainerClient.ts';

export function utilityTrainer(entry: string): () => TrainerProcess {
  return () => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'Whisker trainer', stdio: 'inherit' });
    return {
      send: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.once('exit', (code) => listener(`the trainer exited with code ${code}`)),
      kill: () => void child.kill(),
    };
  };
}
