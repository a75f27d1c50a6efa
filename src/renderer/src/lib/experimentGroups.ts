/**
 * The Lab's experiments: runs grouped by experiment and data set (a lesson's
 * name already holds its data set and start time; an experiment of one's own
 * gets them added), the runs of the Train view by data set, newest first;
 * each group's networks with names that tell them apart in a legend.
 */
import type { RunRecord } from '../../../api/contract.ts';
import { lessonOf, minuteOf, shortSource } from '../../../core/lessons.ts';

export interface ExperimentGroup {
  /** what tells it apart from every other group */
  readonly key: string;
  /** as the Lab's selector shows it: "Depth · sample data · 2026-11-27 14:05" */
  readonly label: string;
  /** its experiment's name; null for the runs of the Train view */
  readonly experiment: string | null;
  /** its networks, oldest first (baselines are every group's reference, not its runs) */
  readonly runs: readonly RunRecord[];
}

/** Which data a run learned from: its training data's hash, or for older records the data set's name. */
const dataOf = (run: RunRecord) => run.dataSetHash ?? `name:${run.dataSet}`;

export function groupExperiments(runs: readonly RunRecord[]): ExperimentGroup[] {
  const groups = new Map<string, RunRecord[]>();
  for (const run of runs) {
    if (run.baseline) continue;
    const key = `${run.experiment ?? ''}\u0000${dataOf(run)}`;
    const group = groups.get(key);
    if (group) group.push(run);
    else groups.set(key, [run]);
  }
  return [...groups]
    .map(([key, members]) => {
      const sorted = [...members].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
      const first = sorted[0]!;
      const experiment = first.experiment;
      const source = shortSource(first.dataSet);
      const label =
        experiment === null
          ? `Runs from the Train view · ${source}`
          : lessonOf(experiment)
            ? experiment
            : `${experiment} · ${source} · ${minuteOf(new Date(first.startedAt))}`;
      return { key, label, experiment, runs: sorted };
    })
    .sort((a, b) => b.runs.at(-1)!.startedAt.localeCompare(a.runs.at(-1)!.startedAt));
}

/** Names as a legend shows them: a name that repeats gets its place, "He (2)". */
export function distinctNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name} (${count})`;
  });
}
