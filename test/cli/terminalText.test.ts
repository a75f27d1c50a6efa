import { describe, expect, it } from 'vitest';
import { printable, printableJson } from '../../src/cli/terminalText.ts';

describe('text from files, made safe for a terminal', () => {
  it('writes out every control character as an escape a reader can see', () => {
    expect(printable('cat\x1b]0;owned\x07\n\r\tx\x7f\x9b\u202eexe.png\u2028')).toBe(
      'cat\\x1b]0;owned\\x07\\n\\r\\tx\\x7f\\x9b\\u202eexe.png\\u2028',
    );
  });

  it('leaves ordinary text, accents, other scripts and emoji alone', () => {
    expect(printable('café 猫 🐈 non-cat')).toBe('café 猫 🐈 non-cat');
  });

  it('keeps JSON exact: the escapes read back as the same characters', () => {
    const value = { name: 'a\x1b\x9b\u202eb\n' };
    const json = printableJson(value);
    expect(json).toBe('{"name":"a\\u001b\\u009b\\u202eb\\n"}');
    expect(JSON.parse(json)).toEqual(value);
  });
});
