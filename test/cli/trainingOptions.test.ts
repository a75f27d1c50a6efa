import { describe, expect, it } from 'vitest';
import { AUGMENTATION_NAMES, NO_AUGMENTATION } from '../../src/core/augmentation.ts';
import { UsageError } from '../../src/cli/errors.ts';
import { TRAIN_USAGE } from '../../src/cli/train.ts';
import { setupFromOptions, TRAINING_OPTIONS, type TrainingValues } from '../../src/cli/trainingOptions.ts';

/** The options as parseArgs gives them when none is typed: their defaults. */
const DEFAULTS = Object.fromEntries(
  Object.entries(TRAINING_OPTIONS).flatMap(([name, option]) =>
    'default' in option ? [[name, option.default]] : [],
  ),
) as TrainingValues;
const typed = (values: TrainingValues) => setupFromOptions({ ...DEFAULTS, ...values });

describe('the command line’s augmentation options', () => {
  it('leave augmentation off unless asked', () => {
    expect(typed({}).augmentation).toEqual(NO_AUGMENTATION);
  });

  it('set each strength of the run setup', () => {
    const setup = typed({ flip: '0.5', shift: '4', rotation: '10', noise: '0.02' });
    expect(setup.augmentation).toEqual({
      ...NO_AUGMENTATION,
      flip: 0.5,
      shift: 4,
      rotation: 10,
      noise: 0.02,
    });
  });

  it.each([
    [{ rotation: '60' }, '--rotation must be a number from 0 to 45°, got "60"'],
    [{ shift: '1.5' }, '--shift must be a whole number from 0 to 32 pixels, got "1.5"'],
    [{ flip: 'often' }, '--flip must be a number from 0 to 1, got "often"'],
  ])('refuse %o as a usage mistake naming the option', (values, message) => {
    expect(() => typed(values)).toThrow(UsageError);
    expect(() => typed(values)).toThrow(message);
  });

  it('are listed by whisker help, each with what it does and its bounds', () => {
    for (const name of AUGMENTATION_NAMES)
      expect(TRAIN_USAGE).toMatch(new RegExp(`^  --${name} 0 +\\S.+; 0 to \\d`, 'm'));
    expect(TRAIN_USAGE).toMatch(
      /--rotation 0 +turns the image by up to this many degrees either way about its centre; 0 to 45°/,
    );
  });
});
