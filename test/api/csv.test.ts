import { describe, expect, it } from 'vitest';
import { csvTable } from '../../src/api/csv.ts';

describe('CSV for spreadsheets', () => {
  it('writes one line per row, with CRLF line ends', () => {
    expect(
      csvTable([
        ['file', 'p(cat)'],
        ['a.png', '0.5'],
      ]),
    ).toBe('file,p(cat)\r\na.png,0.5\r\n');
  });

  it('quotes fields with commas, quotes and line breaks', () => {
    expect(csvTable([['x, "y"', 'two\nlines']])).toBe('"x, ""y""","two\nlines"\r\n');
  });

  it.each([
    ['=1+2', "'=1+2"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['=HYPERLINK("evil")', `"'=HYPERLINK(""evil"")"`],
  ])('defuses %j, which a spreadsheet would run as a formula, as %s', (field, written) => {
    expect(csvTable([[field]])).toBe(`${written}\r\n`);
  });
});
