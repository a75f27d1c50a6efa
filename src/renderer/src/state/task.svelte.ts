/**
 * The one primitive for an action that takes a while: what it is doing
 * (busy), and why it failed (error). A task with a topic also tells the
 * app's notices: its failure stays there until the next success resolves it.
 */
import { notices } from './notices.svelte.ts';

export class Task {
  busy = $state<string | null>(null);
  error = $state<string | null>(null);

  /** `topic`: report failures and their resolution in the app's notices under it */
  constructor(private readonly topic: string | null = null) {}

  /** Runs `action` as `label`; resolves with its result, or null when it failed (the error is kept). */
  async run<T>(label: string, action: () => Promise<T>): Promise<T | null> {
    this.busy = label;
    this.error = null;
    try {
      const result = await action();
      if (this.topic) notices.resolve(this.topic);
      return result;
    } catch (error) {
      this.error = (error as Error).message;
      if (this.topic) notices.fail(this.error, this.topic);
      return null;
    } finally {
      if (this.busy === label) this.busy = null;
    }
  }
}
