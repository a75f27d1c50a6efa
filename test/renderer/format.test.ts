import { describe, expect, it } from 'vitest';
import {
  describeImportProgress,
  describeSetup,
  metricLabel,
  percent,
  secondsLeft,
  timeLeft,
} from '../../src/renderer/src/lib/format.ts';
import { preset } from '../../src/core/presets.ts';

describe('import progress in words', () => {
  it('gives the count, the rate and the time left', () => {
    expect(describeImportProgress({ done: 1200, total: 10_000, rate: 612.4, secondsLeft: 14.2 })).toBe(
      '1,200 of 10,000 images · 612 a second · 15 s left',
    );
    expect(describeImportProgress({ done: 10, total: 90_000, rate: 50, secondsLeft: 1799.8 })).toBe(
      '10 of 90,000 images · 50 a second · 30 min 0 s left',
    );
  });

  it('leaves out what it does not know yet, and the time left once done', () => {
    expect(describeImportProgress({ done: 0, total: 5, rate: 0, secondsLeft: null })).toBe('0 of 5 images');
    expect(describeImportProgress({ done: 5, total: 5, rate: 100, secondsLeft: 0 })).toBe(
      '5 of 5 images · 100 a second',
    );
  });
});

describe('percentages', () => {
  it('show a fraction with the digits asked for, and a dash for nothing', () => {
    expect(percent(0.8123)).toBe('81.2%');
    expect(percent(0.97916, 2)).toBe('97.92%');
    expect(percent(null)).toBe('–');
  });

  it("describes a model's setup in one line, in the lecture's words", () => {
    expect(describeSetup(preset('Course: 4-layer'))).toBe(
      "gradient descent at 0.0075, full batch, 2500 epochs, LeCun normal: randn·√(1/n[l−1]) (the lecture notes' “Xavier”), cross-entropy, no validation split, seed 1",
    );
    expect(describeSetup({ ...preset('Quick: one hidden layer, Adam'), l2: 0.1, splitSeed: 4 })).toBe(
      "Adam at 0.001, batches of 32, 20 epochs, L2 λ = 0.1, He normal: randn·√(2/n[l−1]) (the lecture notes' “Simple”), cross-entropy, 15% held out for validation, seed 1, split seed 4",
    );
  });

  it('says how a run was augmented, when it was', () => {
    const setup = preset('Quick: one hidden layer, Adam');
    expect(describeSetup(setup)).not.toMatch(/augment/);
    expect(describeSetup({ ...setup, augmentation: { ...setup.augmentation, flip: 0.5, shift: 4 } })).toMatch(
      /, 20 epochs, augmented by horizontal flip 0\.5, shift 4 pixels, He normal/,
    );
  });

  it('names metrics in words', () => {
    expect(metricLabel('testAccuracy')).toBe('Test accuracy');
    expect(metricLabel('validationLoss')).toBe('Validation loss');
  });

  it('gives the time left of a run from its seconds per epoch', () => {
    expect(secondsLeft(0.5, 4, 10)).toBeCloseTo(3);
    expect(secondsLeft(null, 1, 10)).toBeNull();
    expect(secondsLeft(0.5, 10, 10)).toBeNull();
    expect(timeLeft(3)).toBe('3 s left');
    expect(timeLeft(75.2)).toBe('1 min 16 s left');
  });
});
