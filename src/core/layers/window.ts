/**
 * How a window of `size` positions, moved `stride` at a time, covers one axis
 * (rows or columns) of `extent` positions: the convolutions' and the poolings'
 * shared geometry, with TensorFlow's rule for the padding.
 *
 *   'valid'  no padding; windows that would run past the edge are dropped:
 *            out = ⌊(extent − size) / stride⌋ + 1, or 0 when size > extent
 *   'same'   out = ⌈extent / stride⌉, with total = max((out − 1)·stride + size − extent, 0)
 *            zeros around: ⌊total / 2⌋ before, the rest (one more when odd) after
 */
import type { Padding } from '../architecture.ts';

export interface Span {
  /** windows along the axis */
  readonly out: number;
  /** zeros before the first position; window i starts at i·stride − padBefore */
  readonly padBefore: number;
}

export function windowSpan(extent: number, size: number, stride: number, padding: Padding): Span {
  if (padding === 'valid') {
    return { out: size > extent ? 0 : Math.floor((extent - size) / stride) + 1, padBefore: 0 };
  }
  const out = Math.ceil(extent / stride);
  const total = Math.max((out - 1) * stride + size - extent, 0);
  return { out, padBefore: Math.floor(total / 2) };
}

/** A sentence naming why `value` is not a usable size or stride, or null when it is. */
export function countProblem(what: string, value: number): string | null {
  return Number.isInteger(value) && value >= 1
    ? null
    : `${what} must be a whole number of at least 1, not ${value}`;
}
