import { describe, expect, it } from 'vitest';
import { heldOutOfClass, trainingExamplesAfterHoldOut } from '../../src/core/runSetup.ts';

describe('the images a split puts aside', () => {
  it('rounds each class’s share', () => {
    expect(heldOutOfClass(137, 0.2)).toBe(27);
    expect(heldOutOfClass(72, 0.2)).toBe(14);
    expect(heldOutOfClass(10, 0)).toBe(0);
  });

  it('never takes a class’s last image, nor those another split took', () => {
    expect(heldOutOfClass(1, 0.5)).toBe(0);
    expect(heldOutOfClass(3, 0.5, 1)).toBe(1);
    expect(heldOutOfClass(0, 0.5)).toBe(0);
  });

  it('leaves the rest of every class to train on', () => {
    expect(trainingExamplesAfterHoldOut([137, 72], 0.2)).toBe(168);
    expect(trainingExamplesAfterHoldOut([137, 72], 0)).toBe(209);
  });
});
