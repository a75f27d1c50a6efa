import { describe, expect, it } from 'vitest';
import type { EpochPoint } from '../../src/api/contract.ts';
import {
  accuracyColumns,
  drawnEpochs,
  describeLast,
  gradientColumns,
  lossColumns,
  overlayColumns,
  tickLabel,
} from '../../src/renderer/src/lib/chartData.ts';
import { epochPoint } from '../helpers/points.ts';

const point = (epoch: number, validation: boolean, norms: number[]): EpochPoint =>
  epochPoint({
    epoch,
    trainLoss: 1 / epoch,
    trainAccuracy: 0.5 + epoch / 100,
    validationLoss: validation ? 2 / epoch : null,
    validationAccuracy: validation ? 0.4 : null,
    gradientNorms: norms,
  });

describe("the charts' data", () => {
  const curve = [point(1, true, [0.1, 2]), point(2, false, [0, 1]), point(3, true, [Infinity, 0.5])];

  it('gives aligned columns with gaps where validation did not run', () => {
    expect(lossColumns(curve)).toEqual([
      [1, 2, 3],
      [1, 0.5, 1 / 3],
      [2, null, 2 / 3],
    ]);
    expect(accuracyColumns(curve)[2]).toEqual([40, null, 40]);
  });

  it("adds the baseline's validation curve as a reference line, over the longer of the two runs", () => {
    const baseline = [point(1, true, [1]), point(2, true, [1]), point(3, true, [1]), point(4, true, [1])];
    const columns = lossColumns(curve.slice(0, 2), baseline);
    expect(columns[0]).toEqual([1, 2, 3, 4]);
    expect(columns[1]).toEqual([1, 0.5, null, null]);
    expect(columns[3]).toEqual([2, 1, 2 / 3, 0.5]);
  });

  it('overlays the runs of an experiment, one series each, aligned by epoch', () => {
    const short = [point(1, true, [1])];
    expect(overlayColumns([curve, short], (p) => p.trainLoss)).toEqual([
      [1, 2, 3],
      [1, 0.5, 1 / 3],
      [1, null, null],
    ]);
  });

  it('overlays runs by their number of updates, epochs × ⌈m/B⌉, each where it made them', () => {
    const perEpoch = (batches: number, epochs: number) =>
      Array.from({ length: epochs }, (_, i) =>
        epochPoint({ epoch: i + 1, batchesPerEpoch: batches, trainLoss: 1 / (i + 1) / batches }),
      );
    const full = perEpoch(1, 4);
    const mini = perEpoch(3, 2);
    expect(overlayColumns([full, mini], (p) => p.trainLoss, 'update')).toEqual([
      [1, 2, 3, 4, 6],
      [1, 0.5, 1 / 3, 0.25, null],
      [null, null, 1 / 3, null, 1 / 6],
    ]);
  });

  it('gives one series per layer of its gradient per parameter, with gaps for what a log scale cannot show', () => {
    // the points' gradient per parameter is a tenth of their norm
    expect(gradientColumns(curve)).toEqual([
      [1, 2, 3],
      [0.01, null, null],
      [0.2, 0.1, 0.05],
    ]);
    expect(gradientColumns([])).toEqual([[]]);
    // a record from before the gradient per parameter was kept shows its norms
    expect(gradientColumns([{ ...curve[0]!, gradientRms: [] }])).toEqual([[1], [0.1], [2]]);
    // before the first point, one empty series per layer the chart names
    expect(gradientColumns([], 2)).toEqual([[], [], []]);
  });

  it('draws every epoch of a short run, and of a long one a bounded number that stay put as it grows', () => {
    expect(drawnEpochs(5)).toEqual([1, 2, 3, 4, 5]);
    expect(drawnEpochs(0)).toEqual([]);
    const long = drawnEpochs(100_000, 2000);
    expect(long.length).toBeLessThanOrEqual(2001);
    expect(long[0]).toBe(1);
    expect(long.at(-1)).toBe(100_000);
    // the epochs drawn at 100,000 are still drawn one epoch later
    const next = new Set(drawnEpochs(100_001, 2000));
    expect(long.slice(0, -1).every((epoch) => next.has(epoch))).toBe(true);
  });

  it('a long run’s charts hold the same number of points as a run of 2,000 epochs', () => {
    const run = Array.from({ length: 50_000 }, (_, i) =>
      epochPoint({ epoch: i + 1, trainLoss: 1 / (i + 1) }),
    );
    const [x, train] = lossColumns(run);
    expect(x.length).toBeLessThanOrEqual(2001);
    expect(train[x.indexOf(50_000)]).toBe(1 / 50_000);
    expect(gradientColumns(run)[0]).toEqual(x);
    // and so do the Lab's overlays of such runs, by epoch or by update
    const short = run.slice(0, 100).map((p) => ({ ...p, batchesPerEpoch: 3 }));
    expect(overlayColumns([run, short], (p) => p.trainLoss)[0]).toEqual(x);
    expect(overlayColumns([run, short], (p) => p.trainLoss, 'update')[0].length).toBeLessThanOrEqual(
      2 * 2001,
    );
  });

  it('summarises the last point for screen readers', () => {
    expect(describeLast('Loss per epoch', lossColumns(curve), ['train', 'validation'])).toBe(
      'Loss per epoch at 3.00: train 0.3333, validation 0.6667.',
    );
    expect(describeLast('Loss', [[]], ['train'])).toBe('Loss: no points yet.');
  });
});

describe('tick labels', () => {
  it.each([
    [20_000, '20,000'],
    [1500, '1,500'],
    [0, '0'],
    [0.25, '0.25'],
    [0.1 + 0.2, '0.3'],
    [12.3456, '12.3'],
    [0.001, '1e-3'],
    [0.0025, '2.5e-3'],
    [1e-7, '1e-7'],
    [-0.5, '-0.5'],
    [null, ''],
  ])('%s reads "%s"', (value, label) => {
    expect(tickLabel(value)).toBe(label);
  });
});
