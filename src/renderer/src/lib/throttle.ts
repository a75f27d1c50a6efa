/**
 * Work that must keep up with live data but not with every message: `run`
 * happens at most `perSecond` times a second, each time in a task of its own
 * (so that several never add up to one long task), after the latest request.
 */
export function throttle(run: () => void, perSecond: number): { request(): void; cancel(): void } {
  let pending: ReturnType<typeof setTimeout> | null = null;
  let last = -Infinity;
  return {
    request() {
      if (pending !== null) return;
      const wait = Math.max(0, 1000 / perSecond - (performance.now() - last));
      pending = setTimeout(() => {
        pending = null;
        last = performance.now();
        run();
      }, wait);
    },
    cancel() {
      if (pending !== null) clearTimeout(pending);
      pending = null;
    },
  };
}
