import { describe, expect, it } from 'vitest';
import type { RunRecord, RunSetup } from '../../src/api/contract.ts';
import { preset } from '../../src/core/presets.ts';
import {
  applyChange,
  baselineOf,
  describeBaseline,
  describeLayers,
  differingSettings,
} from '../../src/renderer/src/lib/experiments.ts';

const base: RunSetup = {
  ...preset('Quick: one hidden layer, Adam'),
  hidden: [
    { units: 8, activation: 'sigmoid' },
    { units: 4, activation: 'sigmoid' },
  ],
  initializer: 'xavierNormal',
  learningRate: 0.01,
  epochs: 10,
  trainingSeed: 7,
};

const record = (setup: RunSetup) => ({ setup }) as RunRecord;

describe('experiments', () => {
  it('applies a fix to a run: settings replaced, the activation of every hidden layer that has one', () => {
    expect(applyChange(base, { activation: 'relu', initializer: 'he' })).toEqual({
      ...base,
      hidden: [
        { units: 8, activation: 'relu' },
        { units: 4, activation: 'relu' },
      ],
      initializer: 'he',
    });
    expect(applyChange(base, { learningRate: 0.001 }).hidden).toEqual(base.hidden);
    const conv = { type: 'conv2d', filters: 4, kernel: 3, stride: 1, padding: 'same' } as const;
    const cnn = {
      ...base,
      hidden: [
        { ...conv, activation: 'tanh' },
        { type: 'maxPool', size: 2, stride: 2 },
      ],
    };
    expect(applyChange(cnn as RunSetup, { activation: 'relu' }).hidden).toEqual([
      { ...conv, activation: 'relu' },
      { type: 'maxPool', size: 2, stride: 2 },
    ]);
  });

  it("finds a set of runs' baseline: the latest logistic regression on the same data with the settings it depends on", () => {
    const network = (setup: RunSetup, dataSetHash: string | null = 'a') =>
      ({ setup, dataSetHash, dataSet: 'sample data', baseline: false, status: 'completed' }) as RunRecord;
    const lr = (setup: RunSetup, dataSetHash: string | null, id: string) =>
      ({
        id,
        setup: { ...setup, hidden: [], initializer: 'zeros' },
        dataSetHash,
        dataSet: 'sample data',
        baseline: true,
        status: 'completed',
      }) as unknown as RunRecord;
    const runs = [network(base), network({ ...base, initializer: 'he' })];
    const history = [
      lr(base, 'a', 'first'),
      lr(base, 'b', 'other data'),
      lr({ ...base, epochs: 99 }, 'a', 'other epochs'),
      lr(base, 'a', 'latest'),
    ];
    expect(baselineOf(runs, history)?.id).toBe('latest');
    // an experiment's own baseline before a later one of the same settings
    const inExperiment = runs.map((run) => ({ ...run, experiment: 'Mine' }));
    const own = { ...lr(base, 'a', 'own'), experiment: 'Mine' };
    expect(baselineOf(inExperiment, [own, ...history])?.id).toBe('own');
    expect(baselineOf([network({ ...base, learningRate: 1 })], history)).toBeNull();
    // records from before the data's hash was kept: the data set of the same name
    expect(baselineOf([network(base, null)], [lr(base, null, 'old')])?.id).toBe('old');
  });

  it('says what became of the baseline', () => {
    expect(describeBaseline('queued')).toMatch(
      /trains first, as the line to beat: once per data set and settings/,
    );
    expect(describeBaseline('reused')).toMatch(/trained before on this data with these settings/);
    expect(describeBaseline('notNeeded')).toBe('');
  });

  it('names the settings in which runs differ, and only those', () => {
    const runs = [record(base), record({ ...base, batchSize: 0, learningRate: 0.1 })];
    expect(differingSettings(runs)).toEqual([
      { key: 'learningRate', name: 'learning rate' },
      { key: 'batchSize', name: 'batch size' },
    ]);
    expect(differingSettings([record(base), record(base)])).toEqual([]);
  });

  it('writes layers briefly, counting runs of equal ones', () => {
    expect(describeLayers([])).toBe('none');
    expect(
      describeLayers(Array.from({ length: 5 }, () => ({ units: 16, activation: 'relu' as const }))),
    ).toBe('5 × 16 ReLU');
    expect(describeLayers(base.hidden)).toBe('8 sigmoid, 4 sigmoid');
  });
});
