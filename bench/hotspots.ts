/**
 * The functions that held the main thread while something ran, from V8's sampling
 * profiler: where the time outside the kernel goes, by name (im2col, an activation's
 * loop, pooling…), without changing the code measured.
 */
import { Session } from 'node:inspector/promises';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Self time in ms per function, "name (file)", heaviest first, leaving out the
 * profiler's own work (what runs under node:inspector, as it hands the profile over).
 */
export function selfTimes(profile: Profile): [string, number][] {
  const names = new Map<number, string>();
  const parents = new Map<number, number>();
  const inspector = new Set<number>();
  for (const { id, callFrame, children = [] } of profile.nodes) {
    const file = callFrame.url ? ` (${path.basename(callFrame.url)})` : '';
    names.set(id, `${callFrame.functionName || '(anonymous)'}${file}`);
    for (const child of children) parents.set(child, id);
    if (callFrame.url.startsWith('node:inspector')) inspector.add(id);
  }
  const underInspector = (id: number | undefined): boolean =>
    id !== undefined && (inspector.has(id) || underInspector(parents.get(id)));
  const times = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    if (underInspector(id)) return;
    const name = names.get(id)!;
    times.set(name, (times.get(name) ?? 0) + profile.timeDeltas[i]! / 1000);
  });
  return [...times].sort((a, b) => b[1] - a[1]);
}

/** Runs `run` under the profiler; its result, and the main thread's self time per function. */
export async function sampled<T>(run: () => T): Promise<{ result: T; times: [string, number][] }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    const result = run();
    const { profile } = await session.post('Profiler.stop');
    return { result, times: selfTimes(profile as Profile) };
  } finally {
    session.disconnect();
  }
}
