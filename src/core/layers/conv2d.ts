/**
 * The 2-D convolution layer (a cross-correlation, as every framework computes it):
 * F filters of k×k×C_in over a batch of m images, stride s, padding as window.ts says.
 *
 *   A_prev  [m, H, W, C_in]    W  [F, k, k, C_in] (OHWI)    b  [F]    Z, dZ  [m, H_o, W_o, F]
 *
 *   z[n, i, j, f] = b[f] + Σ_(kh, kw, c) a_prev[n, i·s − padTop + kh, j·s − padLeft + kw, c] · W[f, kh, kw, c]
 *   with a_prev = 0 outside the image.
 *
 * It is computed as a dense layer on patches (im2col): the k×k×C_in window under each
 * output position, read in (kh, kw, c) order, the order of a filter's weights, is one row of
 *
 *   P, dP  [m·H_o·W_o, k·k·C_in]     and Z, dZ seen as [m·H_o·W_o, F] (the same memory)
 *
 * forward   P = im2col(A_prev);  Z = P·Wᵀ + b
 * backward  dW = dZᵀ·P            (dJ/dW, [F, k·k·C_in])
 *           db = Σ_rows dZ        (dJ/db, [F])
 *           dP = dZ·W;  dA_prev = col2im(dP), each patch's gradient added back where it was read
 * so the products run on the kernel's fast paths (when P, dP and the rest come from the kernel).
 */
import type { Padding, TensorShape } from '../architecture.ts';
import type { FloatArray } from '../matrix.ts';
import type { Products } from '../products.ts';
import { denseBackward, denseForward, type DenseShape } from './dense.ts';
import { countProblem, windowSpan } from './window.ts';

export interface ConvSpec {
  readonly filters: number;
  /** k: the filters are k×k */
  readonly kernel: number;
  readonly stride: number;
  readonly padding: Padding;
}

export interface ConvGeometry {
  readonly input: TensorShape;
  /** H_o × W_o × F */
  readonly output: TensorShape;
  readonly kernel: number;
  readonly stride: number;
  /** rows and columns of zeros above and left of the image ('same' may add one more below and right) */
  readonly padTop: number;
  readonly padLeft: number;
  /** k·k·C_in: the length of one patch and of one filter, and the fan-in of the initialisers */
  readonly fanIn: number;
}

/** The layer's geometry on `input`, or a sentence naming why there is none. */
export function convGeometry(input: TensorShape, spec: ConvSpec): ConvGeometry | string {
  const { filters, kernel: k, stride, padding } = spec;
  const problem =
    countProblem('number of filters', filters) ??
    countProblem('kernel size', k) ??
    countProblem('stride', stride);
  if (problem !== null) return `a convolution's ${problem}`;
  const rows = windowSpan(input.height, k, stride, padding);
  const columns = windowSpan(input.width, k, stride, padding);
  if (rows.out === 0 || columns.out === 0) {
    return `a ${k}×${k} ${padding} convolution on ${input.height}×${input.width} input leaves nothing`;
  }
  return {
    input,
    output: { height: rows.out, width: columns.out, channels: filters },
    kernel: k,
    stride,
    padTop: rows.padBefore,
    padLeft: columns.padBefore,
    fanIn: k * k * input.channels,
  };
}

/** m·H_o·W_o: the rows of P and of Z seen as a matrix. */
export function patchRows(m: number, g: ConvGeometry): number {
  return m * g.output.height * g.output.width;
}

/** The product's view of the layer: a dense layer from k·k·C_in patch values to F filters. */
function denseShape(g: ConvGeometry): DenseShape {
  return { fanIn: g.fanIn, units: g.output.channels };
}

export function conv2dForward(
  products: Products,
  z: FloatArray,
  aPrev: FloatArray,
  w: FloatArray,
  b: FloatArray,
  m: number,
  g: ConvGeometry,
  patches: FloatArray,
): void {
  im2col(patches, aPrev, m, g);
  denseForward(products, z, patches, w, b, patchRows(m, g), denseShape(g));
}

/** `patches` as conv2dForward left them; `dPatches` is workspace, unused when dAPrev is null. */
export function conv2dBackward(
  products: Products,
  dW: FloatArray,
  db: FloatArray,
  dAPrev: FloatArray | null,
  dZ: FloatArray,
  w: FloatArray,
  m: number,
  g: ConvGeometry,
  patches: FloatArray,
  dPatches: FloatArray,
  accumulate = false,
): void {
  const rows = patchRows(m, g);
  denseBackward(
    products,
    dW,
    db,
    dAPrev === null ? null : dPatches,
    dZ,
    patches,
    w,
    rows,
    denseShape(g),
    accumulate,
  );
  if (dAPrev !== null) col2imAdd(dAPrev, dPatches, m, g);
}

/**
 * P = im2col(A_prev): row (n, i, j) of P is the window at output position (i, j) of
 * image n, zeros where it lies over the padding. Each kernel row kh of a window is k·C_in
 * consecutive values of an image row in A_prev, of which [first, last) lie inside the image.
 */
export function im2col(patches: FloatArray, aPrev: FloatArray, m: number, g: ConvGeometry): void {
  const { height: H, width: W, channels: C } = g.input;
  const { height: Ho, width: Wo } = g.output;
  const { kernel: k, stride, padTop, padLeft, fanIn } = g;
  const rowLength = k * C;
  let patch = 0;
  for (let n = 0; n < m; n++) {
    for (let i = 0; i < Ho; i++) {
      const y0 = i * stride - padTop;
      for (let j = 0; j < Wo; j++, patch += fanIn) {
        const x0 = j * stride - padLeft;
        const first = Math.max(0, -x0) * C;
        const last = Math.max(first, Math.min(k, W - x0) * C);
        for (let kh = 0, out = patch; kh < k; kh++, out += rowLength) {
          const y = y0 + kh;
          if (y < 0 || y >= H) {
            patches.fill(0, out, out + rowLength);
            continue;
          }
          const from = ((n * H + y) * W + x0) * C;
          patches.fill(0, out, out + first);
          for (let t = first; t < last; t++) patches[out + t] = aPrev[from + t];
          patches.fill(0, out + last, out + rowLength);
        }
      }
    }
  }
}

/**
 * dA_prev = col2im(dP), the adjoint of im2col (⟨im2col(x), p⟩ = ⟨x, col2im(p)⟩): dA_prev is
 * zeroed, then each value of each patch is added to the input value it was read from.
 */
export function col2imAdd(dAPrev: FloatArray, dPatches: FloatArray, m: number, g: ConvGeometry): void {
  const { height: H, width: W, channels: C } = g.input;
  const { height: Ho, width: Wo } = g.output;
  const { kernel: k, stride, padTop, padLeft, fanIn } = g;
  const rowLength = k * C;
  dAPrev.fill(0, 0, m * H * W * C);
  let patch = 0;
  for (let n = 0; n < m; n++) {
    for (let i = 0; i < Ho; i++) {
      const y0 = i * stride - padTop;
      for (let j = 0; j < Wo; j++, patch += fanIn) {
        const x0 = j * stride - padLeft;
        const first = Math.max(0, -x0) * C;
        const last = Math.max(first, Math.min(k, W - x0) * C);
        for (let kh = 0, out = patch; kh < k; kh++, out += rowLength) {
          const y = y0 + kh;
          if (y < 0 || y >= H) continue;
          const to = ((n * H + y) * W + x0) * C;
          for (let t = first; t < last; t++) dAPrev[to + t] += dPatches[out + t];
        }
      }
    }
  }
}
