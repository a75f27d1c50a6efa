/**
 * Jobs run a few at a time, the newest first, and a job whose asker has gone
 * away (its signal aborted) before its turn is dropped. Thumbnails go through
 * it: a grid scrolled past thousands of images asks for each, and the ones in
 * view when it stops, asked for last, must not wait behind the rest.
 */
export class NewestFirst {
  private running = 0;
  private readonly waiting: {
    start: () => void;
    drop: () => void;
    signal: AbortSignal | undefined;
  }[] = [];

  constructor(private readonly atOnce: number) {}

  run<T>(job: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.running += 1;
        job()
          .then(resolve, reject)
          .finally(() => {
            this.running -= 1;
            this.next();
          });
      };
      const drop = () => reject(new Error('no longer wanted'));
      this.waiting.push({ start, drop, signal });
      this.next();
    });
  }

  /** jobs waiting for their turn */
  get queued(): number {
    return this.waiting.length;
  }

  private next(): void {
    while (this.running < this.atOnce) {
      const newest = this.waiting.pop();
      if (newest === undefined) return;
      if (newest.signal?.aborted) newest.drop();
      else newest.start();
    }
  }
}
