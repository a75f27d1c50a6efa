/**
 * The trainer under Electron: a utility process running the built trainer
 * entry. Why it ended comes from its exit code and from the app's
 * child-process-gone event, which names the reason (crashed, oom, killed…).
 */
import { utilityProcess } from 'electron';
import type { TrainerExit, TrainerProcess } from '../backend/trainerClient.ts';

export const TRAINER_SERVICE = 'Whisker trainer';

/** The part of app's child-process-gone details that says which process went and why. */
export interface GoneDetails {
  readonly type: string;
  readonly reason: string;
  readonly name?: string | undefined;
}

/** Listens to the app's child-process-gone events until the returned function is called. */
export type WatchGone = (listener: (details: GoneDetails) => void) => () => void;

/** The trainer's typed exit, from its exit code and Chromium's reason, if one came. */
export function utilityExit(code: number, reason: string | null): TrainerExit {
  switch (reason) {
    case 'oom':
      return { kind: 'outOfMemory', reason: 'the trainer ran out of memory' };
    case 'crashed':
    case 'abnormal-exit':
    case 'launch-failed':
    case 'integrity-failure':
      return { kind: 'crashed', reason: `the trainer crashed (${reason}, exit code ${code})` };
    case 'killed':
    case 'memory-eviction':
      return { kind: 'killed', reason: `the trainer was killed (${reason})` };
    default:
      return { kind: 'exited', code, reason: `the trainer exited with code ${code}` };
  }
}

/** Chromium reports a process gone around the time it exits: wait this long for the reason. */
const REASON_WAIT_MS = 200;

export function utilityTrainer(entry: string, watchGone: WatchGone): () => TrainerProcess {
  return () => {
    const child = utilityProcess.fork(entry, [], { serviceName: TRAINER_SERVICE, stdio: 'inherit' });
    let reason: string | null = null;
    const stopWatching = watchGone((details) => {
      if (details.type === 'Utility' && details.name === TRAINER_SERVICE) reason = details.reason;
    });
    return {
      send: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) =>
        child.once('exit', (code) =>
          setTimeout(() => {
            stopWatching();
            listener(utilityExit(code, reason));
          }, REASON_WAIT_MS),
        ),
      end: () => child.postMessage({ type: 'quit' }),
      kill: () => void child.kill(),
    };
  };
}
