import { describe, expect, it } from 'vitest';
import { preset } from '../../src/core/presets.ts';
import {
  estimateSeconds,
  measuredSpeed,
  runCost,
  trainingExamples,
  type RunCost,
  TYPICAL_SPEED,
} from '../../src/core/runCost.ts';

const cats = {
  counts: [
    { train: 137, validation: 0 },
    { train: 72, validation: 0 },
  ],
};

describe('what a run costs before it starts', () => {
  it('trains on the training split less what it holds out, rounded per class as the split rounds it', () => {
    expect(trainingExamples(cats, 0)).toBe(209);
    // 137·0.15 = 20.55 → 21 held out, 72·0.15 = 10.8 → 11
    expect(trainingExamples(cats, 0.15)).toBe(209 - 21 - 11);
    // a data set with validation images of its own holds nothing out of training
    expect(
      trainingExamples(
        {
          counts: [
            { train: 10, validation: 3 },
            { train: 8, validation: 0 },
          ],
        },
        0.5,
      ),
    ).toBe(18);
    // a class always keeps one training image
    expect(trainingExamples({ counts: [{ train: 1, validation: 0 }] }, 0.5)).toBe(1);
  });

  it('makes epochs × ⌈m/B⌉ updates', () => {
    const course = preset('Course: 4-layer');
    expect(runCost(course, cats)).toMatchObject({
      examples: 209,
      batchSize: 209,
      updatesPerEpoch: 1,
      updates: 2500,
    });
    expect(runCost({ ...course, batchSize: 64 }, cats)).toMatchObject({
      updatesPerEpoch: 4,
      updates: 10_000,
    });
    expect(runCost({ ...course, batchSize: 1 }, cats).updates).toBe(522_500);
    expect(runCost(course, cats).parameters).toBe(12288 * 20 + 20 + 20 * 7 + 7 + 7 * 5 + 5 + 5 + 1);
  });

  it("counts each product's multiply-adds per example: n_l·n_(l−1) dense, Ho·Wo·filters·k·k·C a convolution", () => {
    expect(runCost(preset('Course: 4-layer'), cats).multiplyAdds).toBe(12288 * 20 + 20 * 7 + 7 * 5 + 5 * 1);
    const cnn = runCost(preset('Small CNN'), cats);
    // three 3×3 'same' convolutions at 64², 32² and 16², each after a 2×2 max pool but the first
    const convolutions =
      64 * 64 * 16 * (3 * 3 * 3) + 32 * 32 * 32 * (3 * 3 * 16) + 16 * 16 * 64 * (3 * 3 * 32);
    expect(cnn.multiplyAdds).toBe(convolutions + 4096 * 64 + 64 * 1);
    // about as many parameters as the 4-layer network, and more than ten times its time an epoch
    expect(cnn.parameters).toBeLessThan(runCost(preset('Course: 4-layer'), cats).parameters * 1.2);
    const perEpoch = (cost: RunCost) =>
      estimateSeconds({ ...cost, updates: cost.updatesPerEpoch }) - TYPICAL_SPEED.perRun;
    const dense = runCost({ ...preset('Course: 4-layer'), batchSize: 32, validationFraction: 0.2 }, cats);
    expect(perEpoch(cnn) / perEpoch(dense)).toBeGreaterThan(10);
  });

  // measured in the trainer on a small server: 10 epochs of batch 1 in 3.5 s, 300 full-batch epochs in 3.9 s
  it('estimates batch 1 with the course preset at a quarter of an hour or more, and the preset itself at seconds', () => {
    const course = preset('Course: 4-layer');
    expect(estimateSeconds(runCost(course, cats))).toBeGreaterThan(5);
    expect(estimateSeconds(runCost(course, cats))).toBeLessThan(60);
    const one = estimateSeconds(runCost({ ...course, batchSize: 1 }, cats));
    expect(one).toBeGreaterThan(10 * 60);
    expect(one).toBeLessThan(45 * 60);
  });

  it("scales the estimate to a run's measured speed", () => {
    const cost = runCost(preset('Course: 2-layer'), cats);
    const perEpoch = estimateSeconds({ ...cost, updates: 1 }) - TYPICAL_SPEED.perRun;
    // a machine measured twice as slow as the typical one
    const slow = measuredSpeed(cost, cost.examples / (2 * perEpoch));
    expect(estimateSeconds(cost, slow) - TYPICAL_SPEED.perRun).toBeCloseTo(
      2 * (estimateSeconds(cost) - TYPICAL_SPEED.perRun),
      6,
    );
    expect(measuredSpeed(cost, 0)).toBe(TYPICAL_SPEED);
  });
});
