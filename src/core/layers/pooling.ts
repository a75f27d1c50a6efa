/**
 * Max and average pooling: a size×size window moved `stride` at a time over each
 * channel of each image, without padding (windows that would run past the edge are dropped).
 *
 *   A_prev, dA_prev  [m, H, W, C]     A, dA  [m, H_o, W_o, C]     argmax  [m, H_o, W_o, C]
 *
 * max      forward   a[n, i, j, c] = max over the window of a_prev[n, i·s + u, j·s + v, c],
 *                    argmax keeps where in A_prev it was (ties: the first in (u, v) order)
 *          backward  dA_prev = 0, then dA_prev[argmax] += dA: the gradient goes to the maximum
 * average  forward   a[n, i, j, c] = Σ_(u, v) a_prev[n, i·s + u, j·s + v, c] / size²
 *          backward  dA_prev = 0, then each window's values += dA / size²
 * (overlapping windows, stride < size, add their gradients)
 */
import type { TensorShape } from '../architecture.ts';
import type { FloatArray } from '../matrix.ts';
import { countProblem, windowSpan } from './window.ts';

export interface PoolSpec {
  /** the window is size×size */
  readonly size: number;
  readonly stride: number;
}

export interface PoolGeometry {
  readonly input: TensorShape;
  /** H_o × W_o × C */
  readonly output: TensorShape;
  readonly size: number;
  readonly stride: number;
}

/** The pooling's geometry on `input`, or a sentence naming why there is none. */
export function poolGeometry(input: TensorShape, { size, stride }: PoolSpec): PoolGeometry | string {
  const problem = countProblem('window size', size) ?? countProblem('stride', stride);
  if (problem !== null) return `a pool's ${problem}`;
  const rows = windowSpan(input.height, size, stride, 'valid');
  const columns = windowSpan(input.width, size, stride, 'valid');
  if (rows.out === 0 || columns.out === 0) {
    return `a ${size}×${size} pool on ${input.height}×${input.width} input leaves nothing`;
  }
  return { input, output: { ...input, height: rows.out, width: columns.out }, size, stride };
}

/**
 * Calls `visit(o, i)` for every window, its output position o and where in A_prev its
 * first value lies: each window's u, v walk (and so the order of ties) lives here once.
 */
function forEachWindow(m: number, g: PoolGeometry, visit: (o: number, i: number, first: boolean) => void) {
  const { height: H, width: W, channels: C } = g.input;
  const { height: Ho, width: Wo } = g.output;
  const { size, stride } = g;
  let o = 0;
  for (let n = 0; n < m; n++) {
    for (let i = 0; i < Ho; i++) {
      for (let j = 0; j < Wo; j++, o += C) {
        for (let u = 0; u < size; u++) {
          const row = ((n * H + i * stride + u) * W + j * stride) * C;
          for (let v = 0; v < size; v++) visit(o, row + v * C, u === 0 && v === 0);
        }
      }
    }
  }
}

export function maxPoolForward(
  a: FloatArray,
  argmax: Int32Array,
  aPrev: FloatArray,
  m: number,
  g: PoolGeometry,
): void {
  const C = g.input.channels;
  forEachWindow(m, g, (o, i, first) => {
    for (let c = 0; c < C; c++) {
      if (first || aPrev[i + c] > a[o + c]) {
        a[o + c] = aPrev[i + c];
        argmax[o + c] = i + c;
      }
    }
  });
}

export function maxPoolBackward(
  dAPrev: FloatArray,
  dA: FloatArray,
  argmax: Int32Array,
  m: number,
  g: PoolGeometry,
): void {
  const { height: H, width: W, channels: C } = g.input;
  dAPrev.fill(0, 0, m * H * W * C);
  const outputs = m * g.output.height * g.output.width * C;
  for (let o = 0; o < outputs; o++) dAPrev[argmax[o]] += dA[o];
}

export function averagePoolForward(a: FloatArray, aPrev: FloatArray, m: number, g: PoolGeometry): void {
  const C = g.input.channels;
  const share = 1 / (g.size * g.size);
  forEachWindow(m, g, (o, i, first) => {
    for (let c = 0; c < C; c++) a[o + c] = (first ? 0 : a[o + c]) + aPrev[i + c];
  });
  const outputs = m * g.output.height * g.output.width * C;
  for (let o = 0; o < outputs; o++) a[o] *= share;
}

export function averagePoolBackward(dAPrev: FloatArray, dA: FloatArray, m: number, g: PoolGeometry): void {
  const { height: H, width: W, channels: C } = g.input;
  const share = 1 / (g.size * g.size);
  dAPrev.fill(0, 0, m * H * W * C);
  forEachWindow(m, g, (o, i) => {
    for (let c = 0; c < C; c++) dAPrev[i + c] += dA[o + c] * share;
  });
}
