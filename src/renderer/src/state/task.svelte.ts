/**
 * The one primitive for an action that takes a while: what it is doing
 * (busy), and why it failed (error), for the view that started it to show.
 */
export class Task {
  busy = $state<string | null>(null);
  error = $state<string | null>(null);

  /** Runs `action` as `label`; resolves with its result, or null when it failed (the error is kept). */
  async run<T>(label: string, action: () => Promise<T>): Promise<T | null> {
    this.busy = label;
    this.error = null;
    try {
      return await action();
    } catch (error) {
      this.error = (error as Error).message;
      return null;
    } finally {
      if (this.busy === label) this.busy = null;
    }
  }
}
