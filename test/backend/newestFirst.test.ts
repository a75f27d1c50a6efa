import { describe, expect, it } from 'vitest';
import { NewestFirst } from '../../src/backend/newestFirst.ts';

/** A job that ends when told to, recording when it began. */
function job(name: string, began: string[]) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    run: async () => {
      began.push(name);
      await done;
      return name;
    },
    finish: () => finish(),
  };
}

describe('jobs run newest first, a few at a time', () => {
  it('runs at most that many at once, and of the waiting ones the newest next', async () => {
    const queue = new NewestFirst(1);
    const began: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((name) => job(name, began)) as [
      ReturnType<typeof job>,
      ReturnType<typeof job>,
      ReturnType<typeof job>,
    ];
    const results = [a, b, c].map((j) => queue.run(j.run));
    expect(began).toEqual(['a']);
    expect(queue.queued).toBe(2);
    a.finish();
    await results[0];
    await Promise.resolve();
    expect(began).toEqual(['a', 'c']);
    c.finish();
    b.finish();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c']);
    expect(began).toEqual(['a', 'c', 'b']);
  });

  it('drops a waiting job whose asker went away, and says so to it', async () => {
    const queue = new NewestFirst(1);
    const began: string[] = [];
    const first = job('first', began);
    const gone = new AbortController();
    const running = queue.run(first.run);
    const dropped = queue.run(job('dropped', began).run, gone.signal);
    gone.abort();
    first.finish();
    await running;
    await expect(dropped).rejects.toThrow('no longer wanted');
    expect(began).toEqual(['first']);
    expect(queue.queued).toBe(0);
  });
});
