/** A mistake in how the command was called: exit code 2, with the usage hint. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT = {
  ok: 0,
  /** the work failed: unreadable data, a refused model, a diverged run */
  failed: 1,
  usage: 2,
  /** stopped by Ctrl-C */
  interrupted: 130,
} as const;
