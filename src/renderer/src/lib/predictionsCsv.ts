/**
 * Predictions as CSV: one row per file, the predicted class, then each
 * class's probability, written by the one CSV writer (api/csv.ts).
 */
import type { Prediction } from '../../../api/contract.ts';
import { csvTable } from '../../../api/csv.ts';

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
  return csvTable([header, ...rows]);
}
