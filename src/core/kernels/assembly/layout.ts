// AssemblyScript: moving batches into the network's layout.
//   scaleBytes: out[i] = f32(bytes[i]) · scale   (pixels to network inputs)
//   transpose:  out[c, r] = in[r, c]              (X to Xᵀ, for dW[1])

export function scaleBytes(bytes: usize, out: usize, count: i32, scale: f32): void {
  const s = f32x4.splat(scale);
  let i = 0;
  for (; i + 16 <= count; i += 16) {
    const b = v128.load(bytes + <usize>i);
    const lo = i16x8.extend_low_i8x16_u(b);
    const hi = i16x8.extend_high_i8x16_u(b);
    const o = out + (<usize>i << 2);
    v128.store(o, f32x4.mul(f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(lo)), s));
    v128.store(o + 16, f32x4.mul(f32x4.convert_i32x4_u(i32x4.extend_high_i16x8_u(lo)), s));
    v128.store(o + 32, f32x4.mul(f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(hi)), s));
    v128.store(o + 48, f32x4.mul(f32x4.convert_i32x4_u(i32x4.extend_high_i16x8_u(hi)), s));
  }
  for (; i < count; i++) store<f32>(out + (<usize>i << 2), <f32>load<u8>(bytes + <usize>i) * scale);
}

const TILE: i32 = 32;

export function transpose(input: usize, out: usize, rows: i32, cols: i32): void {
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = min(rows, r0 + TILE);
    for (let c0 = 0; c0 < cols; c0 += TILE) {
      const c1 = min(cols, c0 + TILE);
      let r = r0;
      for (; r + 4 <= r1; r += 4) {
        let c = c0;
        for (; c + 4 <= c1; c += 4) block4x4(input, out, rows, cols, r, c);
        for (; c < c1; c++) {
          for (let k = 0; k < 4; k++) copy(input, out, rows, cols, r + k, c);
        }
      }
      for (; r < r1; r++) {
        for (let c = c0; c < c1; c++) copy(input, out, rows, cols, r, c);
      }
    }
  }
}

@inline
function copy(input: usize, out: usize, rows: i32, cols: i32, r: i32, c: i32): void {
  store<f32>(out + ((<usize>c * rows + r) << 2), load<f32>(input + ((<usize>r * cols + c) << 2)));
}

/** Rows r..r+3, columns c..c+3 of the input become rows c..c+3, columns r..r+3 of the output. */
@inline
function block4x4(input: usize, out: usize, rows: i32, cols: i32, r: i32, c: i32): void {
  const stride = <usize>cols << 2;
  const p = input + ((<usize>r * cols + c) << 2);
  const a = v128.load(p);
  const b = v128.load(p + stride);
  const d = v128.load(p + 2 * stride);
  const e = v128.load(p + 3 * stride);
  const ab01 = v128.shuffle<f32>(a, b, 0, 4, 1, 5);
  const ab23 = v128.shuffle<f32>(a, b, 2, 6, 3, 7);
  const de01 = v128.shuffle<f32>(d, e, 0, 4, 1, 5);
  const de23 = v128.shuffle<f32>(d, e, 2, 6, 3, 7);
  const outStride = <usize>rows << 2;
  const q = out + ((<usize>c * rows + r) << 2);
  v128.store(q, v128.shuffle<f32>(ab01, de01, 0, 1, 4, 5));
  v128.store(q + outStride, v128.shuffle<f32>(ab01, de01, 2, 3, 6, 7));
  v128.store(q + 2 * outStride, v128.shuffle<f32>(ab23, de23, 0, 1, 4, 5));
  v128.store(q + 3 * outStride, v128.shuffle<f32>(ab23, de23, 2, 3, 6, 7));
}
