/**
 * CSV as spreadsheets read it (RFC 4180, CRLF line ends), for every table
 * Whisker writes: the page's Classify table and `whisker eval --csv`. Fields
 * come from file and class names, so one that a spreadsheet would run as a
 * formula (starting with =, +, -, @, a tab or a carriage return) is written
 * with a leading apostrophe, which shows it as text.
 */

export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The rows as CSV text, the first row usually the header. */
export function csvTable(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
