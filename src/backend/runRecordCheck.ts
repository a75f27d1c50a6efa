/**
 * A run record read back from the history, checked field by field: the file
 * may have been cut short by a crash, edited by hand, or written by another
 * version of Whisker, and one bad record must not hide the others. Records
 * written before the one run setup (a single seed, epoch points without
 * their type and per-layer sizes) are read into today's shape, what they did
 * not keep left empty.
 */
import { z } from 'zod';
import { runSetupSchema, type RunRecord, type RunSetup } from '../api/contract.ts';
import { DEFAULT_INPUT } from '../core/runSetup.ts';
import type { EpochPoint } from '../core/training.ts';

// JSON writes NaN and ±Infinity as null: a diverged run's numbers come back so.
const numberOrNull = z.number().nullable();

/** A setup from before split and training seeds, validation shares, input and class order. */
const formerSetup = runSetupSchema
  .omit({ splitSeed: true, trainingSeed: true, validationFraction: true, input: true, classOrder: true })
  .extend({ seed: z.number().int().min(0) });

const setup = z.union([
  runSetupSchema,
  formerSetup.transform(({ seed, ...rest }): RunSetup => ({
    ...rest,
    splitSeed: seed,
    trainingSeed: seed,
    validationFraction: 0,
    input: DEFAULT_INPUT,
    classOrder: null,
  })),
]);

const epochPoint = z.looseObject({
  epoch: z.number().int().min(0),
  epochs: z.number().int().min(0).optional(),
  batchesPerEpoch: z.number().int().min(0).optional(),
  learningRate: numberOrNull.optional(),
  trainLoss: numberOrNull,
  batchLosses: z.array(numberOrNull).optional(),
  trainAccuracy: numberOrNull,
  validationLoss: numberOrNull,
  validationAccuracy: numberOrNull,
  gradientNorms: z.array(numberOrNull),
  gradientRms: z.array(numberOrNull).optional(),
  weightNorms: z.array(numberOrNull).optional(),
  examplesPerSecond: z.number().optional(),
});

const finding = z.looseObject({ kind: z.string(), title: z.string(), explanation: z.string() });

const runRecord = z.looseObject({
  id: z.string(),
  name: z.string(),
  startedAt: z.iso.datetime(),
  status: z.enum(['running', 'completed', 'stoppedEarly', 'stopped', 'diverged', 'crashed']),
  explanation: z.string().nullable(),
  keptEpoch: z.number().int().min(1).nullable().optional(),
  setup,
  architecture: z.string(),
  dataSet: z.string(),
  dataSetHash: z.string().nullable().optional(),
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
  const record = parsed.data;
  if (record.id !== id) return { reason: `the record names run "${record.id}", not "${id}"` };
  const curve = record.curve.map(
    (point) =>
      ({
        type: 'epoch',
        epochs: record.setup.epochs,
        batchesPerEpoch: 0,
        batchLosses: [],
        learningRate: record.setup.learningRate,
        gradientRms: [],
        weightNorms: [],
        examplesPerSecond: 0,
        ...point,
      }) as EpochPoint,
  );
  return {
    ...record,
    curve,
    // a metric that was not a number when written (NaN, ±Infinity) comes back as null: left out
    metrics: Object.fromEntries(Object.entries(record.metrics).filter(([, v]) => v !== null)) as Record<
      string,
      number
    >,
    findings: (record.findings ?? []) as unknown as RunRecord['findings'],
    dataSetHash: record.dataSetHash ?? null,
    keptEpoch: record.keptEpoch ?? null,
    experiment: record.experiment ?? null,
    baseline: record.baseline ?? false,
  };
}
