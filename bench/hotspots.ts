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
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time in ms per function, "name (file)", heaviest first. */
export function selfTimes(profile: Profile): [string, number][] {
  const names = new Map<number, string>();
  for (const { id, callFrame } of profile.nodes) {
    const file = callFrame.url ? ` (${path.basename(callFrame.url)})` : '';
    names.set(id, `${callFrame.functionName || '(anonymous)'}${file}`);
  }
  const times = new Map<string, number>();
  profile.samples.forEach((id, i) => {
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
