/**
 * A lesson trained as the app trains it, on a data set in this process: its
 * runs' records (as the history keeps them) and the diagnosis at their end.
 */
import type { RunRecord } from '../../src/api/contract.ts';
import type { Finding } from '../../src/core/diagnosis.ts';
import type { DataSet } from '../../src/data/dataSet.ts';
import { describeDataSet } from '../../src/data/report.ts';
import type { Lesson, LessonData } from '../../src/core/lessons.ts';
import { diagnosedRun } from './diagnosedRun.ts';

export function lessonData(dataSet: DataSet, source: string): LessonData {
  return {
    source,
    input: { width: dataSet.width, height: dataSet.height, fit: 'stretch' },
    classes: [...dataSet.classes],
    counts: describeDataSet(dataSet).counts.map((c) => ({ ...c })),
  };
}

export function trainLesson(
  lesson: Lesson,
  dataSet: DataSet,
  source: string,
): { records: RunRecord[]; findings: Record<string, Finding[]> } {
  const records: RunRecord[] = [];
  const findings: Record<string, Finding[]> = {};
  for (const [i, run] of lesson.runs(lessonData(dataSet, source)).entries()) {
    const trained = diagnosedRun(dataSet, run.setup, 20);
    findings[run.name] = trained.final;
    records.push({
      id: `run-${i}`,
      name: run.name,
      startedAt: new Date(i * 1000).toISOString(),
      status: trained.diverged ? 'diverged' : 'completed',
      explanation: trained.diverged,
      keptEpoch: null,
      setup: run.setup,
      architecture: '',
      dataSet: source,
      dataSetHash: null,
      curve: [...trained.curve],
      metrics: {},
      findings: trained.final,
      experiment: lesson.name,
      baseline: false,
    });
  }
  return { records, findings };
}
