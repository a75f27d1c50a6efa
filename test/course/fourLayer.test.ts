import { expect, it } from 'vitest';
import { catvnoncatAvailable } from '../helpers/catvnoncat.ts';
import { runCourse } from '../helpers/course.ts';

it.skipIf(!catvnoncatAvailable)(
  "the 4-layer net [12288, 20, 7, 5, 1] (ReLU, randn/√n[l−1], learning rate 0.0075, 2500 iterations) reaches the course's 80%",
  async () => {
    const result = await runCourse('Course: 4-layer');
    // The notebook prints "Cost after iteration 0: 0.771749" from the same seeded weights.
    expect(result.costs[0]).toBeCloseTo(0.771749, 6);
    expect(result.testAccuracy).toBeGreaterThanOrEqual(0.78);
    expect(result.trainAccuracy).toBeGreaterThanOrEqual(0.95);
    // after training, with the plain TypeScript kernel (WHISKER_KERNEL=reference): 0.084187
    expect(Math.abs(result.finalCost - 0.084187)).toBeLessThan(1e-4);
  },
  900_000,
);
