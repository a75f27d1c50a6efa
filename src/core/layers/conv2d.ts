/**
 * The 2-D convolution layer (a cross-correlation, as every framework computes it):
 * F filters of k×k×C_in over a batch of m images, stride s, 'same' or 'valid' padding
 * (TensorFlow's rule, architecture.ts: padTop = ⌊total/2⌋ rows of zeros above, the rest below).
 *
 *   A_prev  [m, H, W, C_in]    W  [F, k, k, C_in] (OHWI)    b  [F]    Z, dZ  [m, H_o, W_o, F]
 *
 *   z[n, i, j, f] = b[f] + Σ_(kh, kw, c) a_prev[n, i·s − padTop + kh, j·s − padLeft + kw, c]·W[f, kh, kw, c]
 *   with a_prev = 0 outside the image.
 *
 * It is computed as a dense layer on patches (im2col, patches.ts, run by the kernel): the
 * k×k×C_in window under each output position, read in (kh, kw, c) order, the order of a
 * filter's weights, is one row of
 *
 *   P, dP  [m·H_o·W_o, k·k·C_in]     and Z, dZ seen as [m·H_o·W_o, F] (the same memory)
 *
 * forward   P = im2col(A_prev);  Z = P·Wᵀ + b
 * backward  dW = dZᵀ·P            (dJ/dW, [F, k·k·C_in])
 *           db = Σ_rows dZ        (dJ/db, [F])
 *           dP = dZ·W;  dA_prev = col2im(dP), each patch's gradient added back where it was read
 * so the moves and the products run on the kernel's fast paths (when every buffer comes from it).
 */
import { layerOutput, paddingBefore, type Conv2dSpec, type TensorShape } from '../architecture.ts';
import type { FloatArray } from '../matrix.ts';
import { patchRows, type PatchGeometry } from '../patches.ts';
import type { Products } from '../products.ts';
import { denseBackward, denseForward, type DenseShape } from './dense.ts';

export interface ConvGeometry extends PatchGeometry {
  /** H_o × W_o × F */
  readonly output: TensorShape;
}

/** The layer's geometry on `input`, or architecture.ts's sentence for a convolution that leaves nothing. */
export function convGeometry(input: TensorShape, spec: Conv2dSpec): ConvGeometry | string {
  const output = layerOutput(spec, input);
  if (typeof output === 'string') return output;
  const { kernel, stride, padding } = spec;
  return {
    input,
    output,
    kernel,
    stride,
    padTop: paddingBefore(input.height, kernel, stride, padding),
    padLeft: paddingBefore(input.width, kernel, stride, padding),
    patchLength: kernel * kernel * input.channels,
  };
}

/** The product's view of the layer: a dense layer from k·k·C_in patch values to F filters. */
function denseShape(g: ConvGeometry): DenseShape {
  return { fanIn: g.patchLength, units: g.output.channels };
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
  products.kernel.im2col(patches, aPrev, m, g);
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
  if (dAPrev !== null) products.kernel.col2imAdd(dAPrev, dPatches, m, g);
}
