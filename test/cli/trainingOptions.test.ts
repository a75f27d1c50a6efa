import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/errors.ts';
import { TRAIN_USAGE } from '../../src/cli/train.ts';
import { AUGMENTATION_NAMES, NO_AUGMENTATION } from '../../src/core/augmentation.ts';
import {
  setupFromOptions as fromOptions,
  TRAINING_OPTIONS,
  type TrainingValues,
} from '../../src/cli/trainingOptions.ts';

/** The options as parseArgs gives them: each one's default unless given. */
const defaults = Object.fromEntries(
  Object.entries(TRAINING_OPTIONS).map(([name, option]) => [
    name,
    'default' in option ? option.default : undefined,
  ]),
) as TrainingValues;
const setupFromOptions = (values: TrainingValues) => fromOptions({ ...defaults, ...values });

describe('--layers', () => {
  it('reads the course networks as dense layer sizes with one activation', () => {
    expect(setupFromOptions({ layers: '20,7:tanh', activation: 'sigmoid' }).hidden).toEqual([
      { units: 20, activation: 'sigmoid' },
      { units: 7, activation: 'tanh' },
    ]);
    expect(setupFromOptions({ layers: 'none' }).hidden).toEqual([]);
  });

  it('reads every layer type, with the usual defaults where a part is left out', () => {
    const setup = setupFromOptions({
      layers: 'conv:16,maxpool,conv:32:5x5:s2:valid:tanh,avgpool:3:s2,batchnorm,flatten,dropout:0.25,64',
    });
    expect(setup.hidden).toEqual([
      { type: 'conv2d', filters: 16, kernel: 3, stride: 1, padding: 'same', activation: 'relu' },
      { type: 'maxPool', size: 2, stride: 2 },
      { type: 'conv2d', filters: 32, kernel: 5, stride: 2, padding: 'valid', activation: 'tanh' },
      { type: 'averagePool', size: 3, stride: 2 },
      { type: 'batchNorm' },
      { type: 'flatten' },
      { type: 'dropout', rate: 0.25 },
      { units: 64, activation: 'relu' },
    ]);
    expect(setup.initializer).toBe('he');
  });

  it.each([
    ['conv', /--layers must be a number of filters like conv:16/],
    ['conv:8:3x4', /--layers must be one of relu/],
    ['conv:8:s0', /--layers must be a stride like s2/],
    ['dropout:1', /--layers must be a rate from 0 to below 1/],
    ['pool', /--layers must be layers like 20,7,5 or conv:16/],
  ])('names the part it cannot read: %s', (layers, message) => {
    expect(() => setupFromOptions({ layers })).toThrow(message);
  });
});

describe('the augmentation options', () => {
  it('leave augmentation off unless asked', () => {
    expect(setupFromOptions({}).augmentation).toEqual(NO_AUGMENTATION);
  });

  it('set each strength of the run setup', () => {
    const setup = setupFromOptions({ flip: '0.5', shift: '4', rotation: '10', noise: '0.02' });
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
    expect(() => setupFromOptions(values)).toThrow(UsageError);
    expect(() => setupFromOptions(values)).toThrow(message);
  });

  it('are listed by whisker help, each with what it does and its bounds', () => {
    for (const name of AUGMENTATION_NAMES)
      expect(TRAIN_USAGE).toMatch(new RegExp(`^  --${name} 0 +\\S.+; 0 to \\d`, 'm'));
    expect(TRAIN_USAGE).toMatch(
      /--rotation 0 +turns the image by up to this many degrees either way about its centre; 0 to 45°/,
    );
  });
});
