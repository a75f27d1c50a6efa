import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/api/contract.ts';
import { distinctNames, groupExperiments } from '../../src/renderer/src/lib/experimentGroups.ts';

const run = (
  name: string,
  experiment: string | null,
  dataSet: string,
  startedAt: string,
  baseline = false,
): RunRecord =>
  ({
    id: `${name}@${startedAt}`,
    name,
    experiment,
    dataSet,
    dataSetHash: dataSet === 'old' ? null : `hash of ${dataSet}`,
    startedAt: `2026-11-27T${startedAt}:00.000Z`,
    baseline,
  }) as RunRecord;

describe("the Lab's experiments", () => {
  it('groups runs by experiment and data set, newest first, with the Train view’s runs apart and baselines left out', () => {
    const depth = 'Depth · sample data · 2026-11-27 14:05';
    const groups = groupExperiments([
      run('logistic regression', depth, 'sample data', '14:05', true),
      run('1 sigmoid layer', depth, 'sample data', '14:06'),
      run('3 sigmoid layers', depth, 'sample data', '14:07'),
      run('Adam', null, 'sample data', '14:10'),
      run('LeCun', 'Mine', 'sample data', '14:20'),
      run('LeCun', 'Mine', 'pets', '14:30'),
      run('He', 'Mine', 'sample data', '14:40'),
      run('Old', null, 'old', '09:00'),
    ]);
    expect(groups.map((g) => [g.label, g.runs.map((r) => r.name)])).toEqual([
      [expect.stringMatching(/^Mine · sample data · 2026-11-27 \d\d:20$/), ['LeCun', 'He']],
      [expect.stringMatching(/^Mine · pets · 2026-11-27 \d\d:30$/), ['LeCun']],
      ['Runs from the Train view · sample data', ['Adam']],
      [depth, ['1 sigmoid layer', '3 sigmoid layers']],
      ['Runs from the Train view · old', ['Old']],
    ]);
    expect(new Set(groups.map((g) => g.key)).size).toBe(groups.length);
    expect(groups[2]!.experiment).toBeNull();
  });

  it('tells runs of the same name apart in a legend', () => {
    expect(distinctNames(['He', 'LeCun', 'He', 'He'])).toEqual(['He', 'LeCun', 'He (2)', 'He (3)']);
  });
});
