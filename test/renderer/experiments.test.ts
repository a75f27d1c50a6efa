import { describe, expect, it } from 'vitest';
import type { RunRecord, RunSetup } from '../../src/api/contract.ts';
import { preset } from '../../src/core/presets.ts';
import {
  applyChange,
  describeLayers,
  differingSettings,
  TEMPLATES,
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
  it('applies a fix to a run: settings replaced, the activation of every hidden layer', () => {
    expect(applyChange(base, { activation: 'relu', initializer: 'he' })).toEqual({
      ...base,
      hidden: [
        { units: 8, activation: 'relu' },
        { units: 4, activation: 'relu' },
      ],
      initializer: 'he',
    });
    expect(applyChange(base, { learningRate: 0.001 }).hidden).toEqual(base.hidden);
  });

  it('builds each lesson as runs on the same data and seed that differ in one thing', () => {
    for (const template of TEMPLATES) {
      const runs = template.runs(base);
      expect(runs).toHaveLength(3);
      expect(new Set(runs.map((r) => r.setup.trainingSeed))).toEqual(new Set([7]));
      expect(new Set(runs.map((r) => r.name)).size).toBe(3);
    }
    const init = TEMPLATES.find((t) => t.name === 'Initialisation')!.runs(base);
    expect(init.map((r) => r.setup.initializer)).toEqual(['he', 'xavierNormal', 'smallRandom']);
    expect(differingSettings(init.map((r) => record(r.setup))).map((s) => s.name)).toEqual(['initialiser']);
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
    ).toBe('5 × 16 relu');
    expect(describeLayers(base.hidden)).toBe('8 sigmoid, 4 sigmoid');
  });
});
