/**
 * A copy of a network's flat parameters, to put back later: the last good
 * weights when a run diverges, the best epoch's when early stopping ends a run.
 */
import type { FloatArray } from './matrix.ts';

export class WeightsSnapshot {
  private readonly copy: FloatArray;

  constructor(params: FloatArray) {
    this.copy = params.slice();
  }

  take(params: FloatArray): void {
    this.copy.set(params);
  }

  restore(params: FloatArray): void {
    params.set(this.copy);
  }
}
