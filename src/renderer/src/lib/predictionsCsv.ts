/**
 * Predictions as CSV: one row per file, the predicted class, then each
 * class's probability. Fields that a spreadsheet would run as a formula
 * are quoted with a leading apostrophe.
 */
import type { Prediction } from '../../../api/contract.ts';

function field(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function predictedClass(probabilities: readonly number[]): number {
  return probabilities.indexOf(Math.max(...probabilities));
}

export function predictionsCsv(classes: readonly string[], predictions: readonly Prediction[]): string {
  const header = ['file', 'predicted', ...classes.map((name) => `p(${name})`), 'error'];
  const rows = predictions.map(({ file, probabilities, error }) =>
    probabilities
      ? [file, classes[predictedClass(probabilities)]!, ...probabilities.map((p) => p.toFixed(6)), '']
      : [file, '', ...classes.map(() => ''), error ?? ''],
  );
  return [header, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}
