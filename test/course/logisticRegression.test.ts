import { expect, it } from 'vitest';
import { catvnoncatAvailable } from '../helpers/catvnoncat.ts';
import { runCourse } from '../helpers/course.ts';

it.skipIf(!catvnoncatAvailable)(
  "logistic regression (zeros, learning rate 0.005, 2000 iterations) reaches the course's 70% test accuracy",
  async () => {
    const result = await runCourse('Course: logistic regression');
    // With zero weights every prediction is 0.5: J = log 2.
    expect(result.costs[0]).toBeCloseTo(Math.log(2), 6);
    expect(result.testAccuracy).toBeGreaterThanOrEqual(0.68);
    // the course's float64 run: train 99.04%, test 70%, final cost 0.135659
    expect(result.trainAccuracy).toBeGreaterThanOrEqual(0.98);
    // after training, with the plain TypeScript kernel (WHISKER_KERNEL=reference): 0.135608
    expect(Math.abs(result.finalCost - 0.135608)).toBeLessThan(1e-4);
  },
  120_000,
);
