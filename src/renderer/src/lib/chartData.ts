/**
 * Curves as uPlot wants them: one x array and one array per series, of equal
 * length, with null where a value is missing (validation not run that epoch).
 */
import type { EpochPoint } from '../../../api/contract.ts';
import { layerGradients } from '../../../core/training.ts';

export type Columns = [number[], ...(number | null)[][]];

/** Points a chart draws at most, whatever the run's length: beyond, it draws every k-th epoch. */
export const MAX_POINTS = 2000;

/**
 * The epochs a chart draws: every one up to `max`; beyond, every k-th from the
 * first (k a power of two, so that the drawn epochs stay put as the run grows)
 * and the last. The work of drawing does not grow with the run.
 */
export function drawnEpochs(epochs: number, max = MAX_POINTS): number[] {
  const step = epochs <= max ? 1 : 2 ** Math.ceil(Math.log2(epochs / max));
  const x: number[] = [];
  for (let epoch = 1; epoch <= epochs; epoch += step) x.push(epoch);
  if (epochs > 0 && x.at(-1) !== epochs) x.push(epochs);
  return x;
}

/** The point of that epoch in a curve that has one point per epoch from 1. */
function pointAt(curve: readonly EpochPoint[], epoch: number): EpochPoint | undefined {
  const p = curve[epoch - 1];
  return p?.epoch === epoch ? p : undefined;
}

/**
 * Train and validation series of a run, and, when a reference run is given (the
 * baseline), its validation series as a third: x runs over the longer of the two.
 */
function epochColumns(
  curve: readonly EpochPoint[],
  reference: readonly EpochPoint[] | null,
  pick: (p: EpochPoint) => [number | null, number | null],
): Columns {
  const x = drawnEpochs(Math.max(curve.at(-1)?.epoch ?? 0, reference?.at(-1)?.epoch ?? 0));
  const series = (points: readonly EpochPoint[], which: 0 | 1) =>
    x.map((epoch) => {
      const p = pointAt(points, epoch);
      return p ? pick(p)[which] : null;
    });
  const columns: Columns = [x, series(curve, 0), series(curve, 1)];
  if (reference) columns.push(series(reference, 1));
  return columns;
}

export function lossColumns(
  curve: readonly EpochPoint[],
  reference: readonly EpochPoint[] | null = null,
): Columns {
  return epochColumns(curve, reference, (p) => [p.trainLoss, p.validationLoss]);
}

export function accuracyColumns(
  curve: readonly EpochPoint[],
  reference: readonly EpochPoint[] | null = null,
): Columns {
  const percent = (v: number | null) => (v === null ? null : v * 100);
  return epochColumns(curve, reference, (p) => [percent(p.trainAccuracy), percent(p.validationAccuracy)]);
}

/** How runs are lined up on one chart: epoch by epoch, or update by update (epochs × ⌈m/B⌉). */
export type OverlayBy = 'epoch' | 'update';

/** A point's x when runs are overlaid: its epoch, or the updates made by its end. */
const overlayX = (p: EpochPoint, by: OverlayBy) => (by === 'epoch' ? p.epoch : p.epoch * p.batchesPerEpoch);

/**
 * Several runs on one chart, one series per run: x is every drawn epoch (see
 * drawnEpochs), or the updates made by its end, that any run reached; each
 * run null where it has no point.
 */
export function overlayColumns(
  curves: readonly (readonly EpochPoint[])[],
  pick: (p: EpochPoint) => number | null,
  by: OverlayBy = 'epoch',
): Columns {
  // the epochs every chart draws, so that what an overlay draws does not grow with its runs either
  const drawn = drawnEpochs(Math.max(0, ...curves.map((c) => c.at(-1)?.epoch ?? 0)));
  const drawnPoints = curves.map((curve) =>
    drawn.map((epoch) => pointAt(curve, epoch)).filter((p): p is EpochPoint => p !== undefined),
  );
  const x = [...new Set(drawnPoints.flat().map((p) => overlayX(p, by)))].sort((a, b) => a - b);
  const place = new Map(x.map((value, i) => [value, i]));
  return [
    x,
    ...drawnPoints.map((points) => {
      const series = new Array<number | null>(x.length).fill(null);
      for (const p of points) series[place.get(overlayX(p, by))!] = pick(p);
      return series;
    }),
  ];
}

/**
 * One series per layer (`layers` of them before the first point), each the
 * per-weight (RMS) gradient; zero and non-finite values become gaps, as a log
 * scale cannot show them.
 */
export function gradientColumns(
  curve: readonly EpochPoint[],
  layers = curve[0]?.gradientNorms.length ?? 0,
): Columns {
  const positive = (v: number | undefined) => (v !== undefined && Number.isFinite(v) && v > 0 ? v : null);
  const x = drawnEpochs(curve.at(-1)?.epoch ?? 0);
  return [
    x,
    ...Array.from({ length: layers }, (_, l) =>
      x.map((epoch) => {
        const p = pointAt(curve, epoch);
        return positive(p ? layerGradients(p)[l] : undefined);
      }),
    ),
  ];
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

/**
 * A tick label: 20000 → "20,000", 0.25 → "0.25", 0.001 → "1e-3" (a log axis's
 * small values), never more digits than the value needs.
 */
export function tickLabel(value: number | null): string {
  // a log axis's minor ticks come unlabelled, as null
  if (value === null) return '';
  if (value === 0) return '0';
  const size = Math.abs(value);
  if (size < 0.01) {
    const [mantissa, exponent] = value.toExponential(1).split('e');
    const m = Number(mantissa);
    return `${m === Math.trunc(m) ? m.toFixed(0) : m}e${Number(exponent)}`;
  }
  if (size >= 1000) return Math.round(value).toLocaleString('en');
  return String(Number(value.toPrecision(3)));
}
