/**
 * Every batch loss of a run, drawn as an envelope of at most 2 × `buckets`
 * points: each bucket keeps the lowest and the highest loss of its batches, so
 * no tooth of the saw-tooth disappears from view, however long the run; teeth
 * only merge as the run grows. Adding a loss costs the same at any length
 * (buckets merge in pairs when full, each batch at most log₂(run) times).
 */
import type { Columns } from './chartData.ts';

export class LossEnvelope {
  /** batches per bucket, a power of two */
  private size = 1;
  private filled = 0;
  /** batches in the last bucket */
  private inLast = 0;
  private readonly low: Float64Array;
  private readonly lowAt: Float64Array;
  private readonly high: Float64Array;
  private readonly highAt: Float64Array;
  /** how many losses were added */
  count = 0;

  constructor(private readonly buckets = 1000) {
    if (buckets < 2 || buckets % 2 !== 0) throw new Error('an envelope needs an even number of buckets');
    [this.low, this.lowAt, this.high, this.highAt] = Array.from(
      { length: 4 },
      () => new Float64Array(buckets),
    ) as [Float64Array, Float64Array, Float64Array, Float64Array];
  }

  /** A batch's loss at x (the epoch, fractional within it); x grows from one call to the next. */
  add(x: number, loss: number): void {
    this.count += 1;
    if (this.filled > 0 && this.inLast < this.size) {
      const b = this.filled - 1;
      this.inLast += 1;
      if (loss < this.low[b]!) [this.low[b], this.lowAt[b]] = [loss, x];
      if (loss > this.high[b]!) [this.high[b], this.highAt[b]] = [loss, x];
      return;
    }
    if (this.filled === this.buckets) this.mergePairs();
    const b = this.filled++;
    this.inLast = 1;
    [this.low[b], this.lowAt[b], this.high[b], this.highAt[b]] = [loss, x, loss, x];
  }

  /** x and loss, each bucket's low and high in the order they came. */
  columns(): Columns {
    const x: number[] = [];
    const y: number[] = [];
    for (let b = 0; b < this.filled; b++) {
      const lowFirst = this.lowAt[b]! <= this.highAt[b]!;
      const points: [number, number][] = [
        [this.lowAt[b]!, this.low[b]!],
        [this.highAt[b]!, this.high[b]!],
      ];
      if (!lowFirst) points.reverse();
      for (const [px, py] of points) {
        if (x.at(-1) === px) continue;
        x.push(px);
        y.push(py);
      }
    }
    return [x, y];
  }

  /** When every bucket is full: pairs merge into one bucket each, and a bucket holds twice the batches. */
  private mergePairs(): void {
    const half = this.buckets / 2;
    for (let b = 0; b < half; b++) {
      const [l, r] = [2 * b, 2 * b + 1];
      const lowFrom = this.low[r]! < this.low[l]! ? r : l;
      const highFrom = this.high[r]! > this.high[l]! ? r : l;
      [this.low[b], this.lowAt[b]] = [this.low[lowFrom]!, this.lowAt[lowFrom]!];
      [this.high[b], this.highAt[b]] = [this.high[highFrom]!, this.highAt[highFrom]!];
    }
    this.filled = half;
    this.size *= 2;
    this.inLast = this.size;
  }
}
