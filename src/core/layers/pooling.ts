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
import { layerOutput, type PoolSpec, type TensorShape } from '../architecture.ts';
import type { FloatArray } from '../matrix.ts';

export interface PoolGeometry {
  readonly input: TensorShape;
  /** H_o × W_o × C */
  readonly output: TensorShape;
  readonly size: number;
  readonly stride: number;
}

/** The pooling's geometry on `input`, or architecture.ts's sentence for a pool that leaves nothing. */
export function poolGeometry(input: TensorShape, spec: PoolSpec): PoolGeometry | string {
  const output = layerOutput(spec, input);
  if (typeof output === 'string') return output;
  return { input, output, size: spec.size, stride: spec.stride };
}

/**
 * Calls `visit(o, corner)` for every window: o is its output's offset in A, corner the
 * offset in A_prev of its first value (row i·s, column j·s, channel 0); the window's value
 * (u, v, c) is at corner + (u·W + v)·C + c.
 */
function forEachWindow(m: number, g: PoolGeometry, visit: (o: number, corner: number) => void): void {
  const { height: H, width: W, channels: C } = g.input;
  const { height: Ho, width: Wo } = g.output;
  const { stride } = g;
  let o = 0;
  for (let n = 0; n < m; n++) {
    for (let i = 0; i < Ho; i++) {
      for (let j = 0; j < Wo; j++, o += C) visit(o, ((n * H + i * stride) * W + j * stride) * C);
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
  const { width: W, channels: C } = g.input;
  const { size } = g;
  forEachWindow(m, g, (o, corner) => {
    for (let c = 0; c < C; c++) {
      let at = corner + c;
      let best = aPrev[at];
      for (let u = 0; u < size; u++) {
        for (let v = 0; v < size; v++) {
          const i = corner + (u * W + v) * C + c;
          if (aPrev[i] > best) {
            best = aPrev[i];
            at = i;
          }
        }
      }
      a[o + c] = best;
      argmax[o + c] = at;
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
  const { width: W, channels: C } = g.input;
  const { size } = g;
  const share = 1 / (size * size);
  forEachWindow(m, g, (o, corner) => {
    for (let c = 0; c < C; c++) {
      let sum = 0;
      for (let u = 0; u < size; u++) {
        for (let v = 0; v < size; v++) sum += aPrev[corner + (u * W + v) * C + c];
      }
      a[o + c] = sum * share;
    }
  });
}

export function averagePoolBackward(dAPrev: FloatArray, dA: FloatArray, m: number, g: PoolGeometry): void {
  const { height: H, width: W, channels: C } = g.input;
  const { size } = g;
  const share = 1 / (size * size);
  dAPrev.fill(0, 0, m * H * W * C);
  forEachWindow(m, g, (o, corner) => {
    for (let c = 0; c < C; c++) {
      const d = dA[o + c] * share;
      for (let u = 0; u < size; u++) {
        for (let v = 0; v < size; v++) dAPrev[corner + (u * W + v) * C + c] += d;
      }
    }
  });
}
