/**
 * A convolution's two layout moves, in plain TypeScript: the reference the kernels'
 * own (assembly/patches.ts) are tested against, as matrix.ts is for the products.
 *
 *   A_prev, dA_prev  [m, H, W, C]  (NHWC)        P, dP  [m·H_o·W_o, k·k·C]
 *
 * im2col     row (n, i, j) of P is the k×k×C window whose top left corner is at row
 *            i·s − padTop, column j·s − padLeft of image n, read in (kh, kw, c) order
 *            (the order of a filter's weights, OHWI), with zeros where it lies over the padding
 * col2imAdd  its adjoint, ⟨im2col(x), p⟩ = ⟨x, col2imAdd(p)⟩: dA_prev is zeroed, then each
 *            value of each patch is added to the input value it was read from
 */
import type { TensorShape } from './architecture.ts';
import type { FloatArray } from './matrix.ts';

/** Where a convolution's windows lie (see conv2d.ts for how they are chosen). */
export interface PatchGeometry {
  readonly input: TensorShape;
  /** H_o × W_o: the windows' positions (their channels are the layer's own business) */
  readonly output: { readonly height: number; readonly width: number };
  /** k: the windows are k×k */
  readonly kernel: number;
  readonly stride: number;
  /** rows and columns of zeros above and left of the image */
  readonly padTop: number;
  readonly padLeft: number;
  /** k·k·C: the length of one patch, a row of P */
  readonly patchLength: number;
}

/** m·H_o·W_o: the rows of P, one per window. */
export function patchRows(m: number, g: PatchGeometry): number {
  return m * g.output.height * g.output.width;
}

/** Throws unless A_prev (or dA_prev) holds m images and P (or dP) m·H_o·W_o patches. */
export function assertPatchSizes(images: FloatArray, patches: FloatArray, m: number, g: PatchGeometry): void {
  const { height, width, channels } = g.input;
  if (images.length < m * height * width * channels || patches.length < patchRows(m, g) * g.patchLength) {
    throw new RangeError(`im2col: buffers too small for ${m} images of ${height}×${width}×${channels}`);
  }
}

export function im2col(patches: FloatArray, aPrev: FloatArray, m: number, g: PatchGeometry): void {
  assertPatchSizes(aPrev, patches, m, g);
  const { height: H, width: W, channels: C } = g.input;
  const { height: Ho, width: Wo } = g.output;
  const { kernel: k, stride, padTop, padLeft, patchLength } = g;
  const rowLength = k * C;
  let patch = 0;
  for (let n = 0; n < m; n++) {
    for (let i = 0; i < Ho; i++) {
      const y0 = i * stride - padTop;
      for (let j = 0; j < Wo; j++, patch += patchLength) {
        const x0 = j * stride - padLeft;
        // each kernel row kh of the window is k·C consecutive values of image row y0 + kh,
        // of which [first, last) lie inside the image
        const first = Math.max(0, -x0) * C;
        const last = Math.max(first, Math.min(k, W - x0) * C);
        for (let kh = 0, out = patch; kh < k; kh++, out += rowLength) {
          const y = y0 + kh;
          // loops rather than fill(): the runs are a few values long, shorter than a call
          if (y < 0 || y >= H) {
            for (let t = 0; t < rowLength; t++) patches[out + t] = 0;
            continue;
          }
          const from = ((n * H + y) * W + x0) * C;
          let t = 0;
          for (; t < first; t++) patches[out + t] = 0;
          for (; t < last; t++) patches[out + t] = aPrev[from + t];
          for (; t < rowLength; t++) patches[out + t] = 0;
        }
      }
    }
  }
}

export function col2imAdd(dAPrev: FloatArray, dPatches: FloatArray, m: number, g: PatchGeometry): void {
  assertPatchSizes(dAPrev, dPatches, m, g);
  const { height: H, width: W, channels: C } = g.input;
  const { height: Ho, width: Wo } = g.output;
  const { kernel: k, stride, padTop, padLeft, patchLength } = g;
  const rowLength = k * C;
  dAPrev.fill(0, 0, m * H * W * C);
  let patch = 0;
  for (let n = 0; n < m; n++) {
    for (let i = 0; i < Ho; i++) {
      const y0 = i * stride - padTop;
      for (let j = 0; j < Wo; j++, patch += patchLength) {
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
