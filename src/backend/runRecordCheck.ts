/**
 * A run record read back from the history, checked field by field: the file
 * may have been cut short by a crash, edited by hand, or written by another
 * version of Whisker, and one bad record must not hide the others.
 */
import { z } from 'zod';
import { trainingSetup, type RunRecord } from '../api/contract.ts';

// JSON writes NaN and ±Infinity as null: a diverged run's numbers come back so.
const numberOrNull = z.number().nullable();

const epochPoint = z.looseObject({
  epoch: z.number().int().min(0),
  trainLoss: numberOrNull,
  trainAccuracy: numberOrNull,
  validationLoss: numberOrNull,
  validationAccuracy: numberOrNull,
  gradientNorms: z.array(numberOrNull),
});

const finding = z.looseObject({ kind: z.string(), title: z.string(), explanation: z.string() });

const runRecord = z.looseObject({
  id: z.string(),
  name: z.string(),
  startedAt: z.iso.datetime(),
  status: z.enum(['running', 'completed', 'stopped', 'diverged', 'crashed']),
  explanation: z.string().nullable(),
  setup: trainingSetup,
  architecture: z.string(),
  dataSet: z.string(),
  curve: z.array(epochPoint),
  metrics: z.record(z.string(), numberOrNull),
  findings: z.array(finding).optional(),
  experiment: z.string().nullable().optional(),
  baseline: z.boolean().optional(),
});

/** The record in the text of `<id>.json`, or the reason it cannot be used. */
export function checkRunRecord(id: string, text: string): RunRecord | { reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { reason: `not JSON (${(error as Error).message})` };
  }
  const parsed = runRecord.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { reason: `${issue.path.join('.') || 'the record'}: ${issue.message}` };
  }
  if (parsed.data.id !== id) return { reason: `the record names run "${parsed.data.id}", not "${id}"` };
  return parsed.data as RunRecord;
}
