import { describe, expect, it } from 'vitest';
import { predictionsCsv } from '../../src/renderer/src/lib/predictionsCsv.ts';

describe('predictions as CSV', () => {
  it('writes a row per file with the predicted class and every probability', () => {
    const csv = predictionsCsv(
      ['cat', 'non-cat'],
      [
        { file: 'pets/a.png', probabilities: [0.9, 0.1], error: null },
        { file: 'pets/b.png', probabilities: [0.25, 0.75], error: null },
      ],
    );
    expect(csv).toBe(
      'file,predicted,p(cat),p(non-cat),error\r\n' +
        'pets/a.png,cat,0.900000,0.100000,\r\n' +
        'pets/b.png,non-cat,0.250000,0.750000,\r\n',
    );
  });

  it('keeps files it could not read, with the reason', () => {
    const csv = predictionsCsv(
      ['a', 'b'],
      [{ file: 'notes.txt', probabilities: null, error: 'not an image' }],
    );
    expect(csv.split('\r\n')[1]).toBe('notes.txt,,,,not an image');
  });

  it('quotes commas and quotes, and defuses names a spreadsheet would run as formulas', () => {
    const csv = predictionsCsv(
      ['a', 'b'],
      [
        { file: 'x, "y".png', probabilities: [1, 0], error: null },
        { file: '=HYPERLINK("evil").png', probabilities: [1, 0], error: null },
      ],
    );
    const [, first, second] = csv.split('\r\n');
    expect(first).toBe('"x, ""y"".png",a,1.000000,0.000000,');
    expect(second).toBe(`"'=HYPERLINK(""evil"").png",a,1.000000,0.000000,`);
  });
});
