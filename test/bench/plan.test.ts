import { describe, expect, it } from 'vitest';
import { benchPlan, PREDICTIONS, runsTable, slowerCounts } from '../../bench/plan.ts';

describe("the bench's plan", () => {
  it('runs every workload of the table, W7 and W3 by default', () => {
    const plan = benchPlan({});
    expect([...plan.parts]).toEqual(['peers', 'W7', 'W3']);
    expect(plan.counts).toEqual({ iterations: 200, epochs: 100, predictions: PREDICTIONS, cnnEpochs: 3 });
    expect(plan.rounds).toBe(3);
    expect(plan.appEpochs).toBeUndefined();
  });

  it("runs the table's W5 column alone when asked for W5 only", () => {
    const plan = benchPlan({
      WHISKER_BENCH_ONLY: 'W5',
      WHISKER_BENCH_CNN_EPOCHS: '2',
      WHISKER_BENCH_ROUNDS: '1',
    });
    expect(plan.counts).toEqual({ iterations: 0, epochs: 0, predictions: 0, cnnEpochs: 2 });
    expect(plan.rounds).toBe(1);
    expect(runsTable(plan.counts)).toBe(true);
    expect(runsTable(benchPlan({ WHISKER_BENCH_ONLY: 'W3' }).counts)).toBe(false);
  });

  it('refuses a length that is not a whole number, naming the variable', () => {
    expect(() => benchPlan({ WHISKER_BENCH_CNN_EPOCHS: 'five' })).toThrow(
      'WHISKER_BENCH_CNN_EPOCHS=five: a whole number of 0 or more',
    );
  });

  it('gives a slower peer less of each workload, never none of one asked for', () => {
    const counts = { iterations: 200, epochs: 100, predictions: 5000, cnnEpochs: 3 };
    expect(slowerCounts(counts, { iterations: 4, epochs: 10, predictions: 5, cnnEpochs: 5 })).toEqual({
      iterations: 50,
      epochs: 10,
      predictions: 1000,
      cnnEpochs: 1,
    });
    expect(slowerCounts({ ...counts, iterations: 0 }, { iterations: 4 }).iterations).toBe(0);
  });
});
