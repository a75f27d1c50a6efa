import { describe, expect, it } from 'vitest';
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
