/**
 * Text from files (class names, file names, reasons that quote them) made
 * safe to print on a terminal: control characters would move the cursor,
 * retitle the window, clear the screen, start fake lines, or reverse the
 * text that follows (bidirectional overrides). Each is written out as an
 * escape a reader can see: \n, \x1b, \u202e.
 */

// C0 controls and DEL, C1 controls, line and paragraph separators, bidirectional embeddings,
// overrides and isolates.
// eslint-disable-next-line no-control-regex -- finding control characters is this module's job
const CONTROL = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(character: string): string {
  const code = character.charCodeAt(0);
  return NAMED[character] ?? (code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`);
}

const hex = (code: number, digits: number) => code.toString(16).padStart(digits, '0');

/** One line of text, with every control character escaped. */
export function printable(text: string): string {
  return text.replace(CONTROL, escapeOne);
}

/**
 * JSON that is also safe on a terminal: JSON.stringify escapes C0 controls already, and leaves
 * the others raw inside strings, where \uXXXX means the same character.
 */
export function printableJson(value: unknown): string {
  return JSON.stringify(value).replace(CONTROL, (c) => `\\u${hex(c.charCodeAt(0), 4)}`);
}
