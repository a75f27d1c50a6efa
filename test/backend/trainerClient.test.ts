import { describe, expect, it, vi } from 'vitest';
import { TrainerClient, type TrainerExit, type TrainerProcess } from '../../src/backend/trainerClient.ts';

/** A trainer process that says it is ready, answers nothing else, and ends only when killed. */
function stubborn() {
  let exit: (exit: TrainerExit) => void = () => {};
  const process: TrainerProcess & { killed: boolean } = {
    killed: false,
    send: () => {},
    onMessage: (listener) =>
      setTimeout(() =>
        listener({ type: 'ready', kernel: { name: 'stub', threads: 1, simd: false, relaxedSimd: false } }),
      ),
    onExit: (listener) => (exit = listener),
    end: () => {},
    kill: () => {
      process.killed = true;
      exit({ kind: 'killed', reason: 'the trainer was killed (SIGKILL)' });
    },
  };
  return process;
}

describe('the trainer client, owner of the trainer process', () => {
  it('kills a trainer that does not end within the grace period of closing', async () => {
    vi.useFakeTimers();
    try {
      const process = stubborn();
      const client = new TrainerClient(() => process);
      const ready = client.start();
      await vi.advanceTimersByTimeAsync(1);
      await ready;
      const closed = client.close();
      await vi.advanceTimersByTimeAsync(1999);
      expect(process.killed).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await closed;
      expect(process.killed).toBe(true);
      expect(client.running).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses what was still waiting for an answer when the process goes, and says why it went', async () => {
    const process = stubborn();
    const client = new TrainerClient(() => process);
    const events: unknown[] = [];
    client.onEvent((event) => events.push(event));
    const pending = client.request({ kind: 'loadSample', seed: 1, perClass: 5 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    process.kill();
    await expect(pending).rejects.toThrow('the trainer was killed (SIGKILL)');
    expect(events.at(-1)).toEqual({
      type: 'exited',
      exit: { kind: 'killed', reason: 'the trainer was killed (SIGKILL)' },
    });
  });
});
