/**
 * Curves as uPlot wants them: one x array and one array per series, of equal
 * length, with null where a value is missing (validation not run that epoch).
 */
import type { EpochPoint } from '../../../api/contract.ts';

export type Columns = [number[], ...(number | null)[][]];

export function lossColumns(curve: readonly EpochPoint[]): Columns {
  return [curve.map((p) => p.epoch), curve.map((p) => p.trainLoss), curve.map((p) => p.validationLoss)];
}

export function accuracyColumns(curve: readonly EpochPoint[]): Columns {
  const percent = (v: number | null) => (v === null ? null : v * 100);
  return [
    curve.map((p) => p.epoch),
    curve.map((p) => percent(p.trainAccuracy)),
    curve.map((p) => percent(p.validationAccuracy)),
  ];
}

/** One series per layer; zero and non-finite norms become gaps, as a log scale cannot show them. */
export function gradientColumns(curve: readonly EpochPoint[]): Columns {
  const layers = curve[0]?.gradientNorms.length ?? 0;
  const positive = (v: number | undefined) => (v !== undefined && Number.isFinite(v) && v > 0 ? v : null);
  return [
    curve.map((p) => p.epoch),
    ...Array.from({ length: layers }, (_, l) => curve.map((p) => positive(p.gradientNorms[l]))),
  ];
}

/** Batch losses with x = epoch − 1 + batch / batches, thinned to at most `max` points by keeping every k-th. */
export function batchColumns(points: readonly { x: number; loss: number }[], max = 2000): Columns {
  const step = Math.max(1, Math.ceil(points.length / max));
  const kept = points.filter((_, i) => i % step === 0 || i === points.length - 1);
  return [kept.map((p) => p.x), kept.map((p) => p.loss)];
}

/** A text summary of a chart for screen readers. */
export function describeLast(label: string, columns: Columns, names: readonly string[]): string {
  const last = columns[0].length - 1;
  if (last < 0) return `${label}: no points yet.`;
  const values = names
    .map((name, s) => {
      const v = columns[s + 1]![last];
      return v === null || v === undefined ? null : `${name} ${v.toPrecision(4)}`;
    })
    .filter((v) => v !== null);
  return `${label} at ${columns[0][last]!.toFixed(2)}: ${values.join(', ')}.`;
}
