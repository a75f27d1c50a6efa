// AssemblyScript: a convolution's layout moves, as src/core/patches.ts defines them
// (the reference these are tested against), over NHWC images and rows of patches:
//   im2col:     P[(n, i, j), (kh, kw, c)] = A[n, i·s − padTop + kh, j·s − padLeft + kw, c], 0 outside
//   col2imAdd:  dA = 0, then each value of each patch added where im2col read it
// Each kernel row of a window is k·C consecutive values of an image row, of which
// [first, last) lie inside the image: copied (or added) four at a time.

export function im2col(
  patches: usize,
  input: usize,
  m: i32,
  height: i32,
  width: i32,
  channels: i32,
  outHeight: i32,
  outWidth: i32,
  kernel: i32,
  stride: i32,
  padTop: i32,
  padLeft: i32,
): void {
  const rowLength = kernel * channels;
  let out = patches;
  for (let n = 0; n < m; n++) {
    for (let i = 0; i < outHeight; i++) {
      const y0 = i * stride - padTop;
      for (let j = 0; j < outWidth; j++) {
        const x0 = j * stride - padLeft;
        const first = max(0, -x0) * channels;
        const last = max(first, min(kernel, width - x0) * channels);
        for (let kh = 0; kh < kernel; kh++, out += <usize>rowLength << 2) {
          const y = y0 + kh;
          if (y < 0 || y >= height) {
            zero(out, rowLength);
            continue;
          }
          const from = input + (<usize>(((n * height + y) * width + x0) * channels + first) << 2);
          zero(out, first);
          copy(out + (<usize>first << 2), from, last - first);
          zero(out + (<usize>last << 2), rowLength - last);
        }
      }
    }
  }
}

export function col2imAdd(
  gradient: usize,
  patches: usize,
  m: i32,
  height: i32,
  width: i32,
  channels: i32,
  outHeight: i32,
  outWidth: i32,
  kernel: i32,
  stride: i32,
  padTop: i32,
  padLeft: i32,
): void {
  const rowLength = kernel * channels;
  zero(gradient, m * height * width * channels);
  let from = patches;
  for (let n = 0; n < m; n++) {
    for (let i = 0; i < outHeight; i++) {
      const y0 = i * stride - padTop;
      for (let j = 0; j < outWidth; j++) {
        const x0 = j * stride - padLeft;
        const first = max(0, -x0) * channels;
        const last = max(first, min(kernel, width - x0) * channels);
        for (let kh = 0; kh < kernel; kh++, from += <usize>rowLength << 2) {
          const y = y0 + kh;
          if (y < 0 || y >= height) continue;
          const to = gradient + (<usize>(((n * height + y) * width + x0) * channels + first) << 2);
          add(to, from + (<usize>first << 2), last - first);
        }
      }
    }
  }
}

@inline
function zero(out: usize, count: i32): void {
  const zeros = f32x4.splat(0);
  let t = 0;
  for (; t + 4 <= count; t += 4) v128.store(out + (<usize>t << 2), zeros);
  for (; t < count; t++) store<f32>(out + (<usize>t << 2), 0);
}

@inline
function copy(out: usize, from: usize, count: i32): void {
  let t = 0;
  for (; t + 4 <= count; t += 4) v128.store(out + (<usize>t << 2), v128.load(from + (<usize>t << 2)));
  for (; t < count; t++) store<f32>(out + (<usize>t << 2), load<f32>(from + (<usize>t << 2)));
}

/** out[t] += from[t] */
@inline
function add(out: usize, from: usize, count: i32): void {
  let t = 0;
  for (; t + 4 <= count; t += 4) {
    const at = out + (<usize>t << 2);
    v128.store(at, f32x4.add(v128.load(at), v128.load(from + (<usize>t << 2))));
  }
  for (; t < count; t++) {
    const at = out + (<usize>t << 2);
    store<f32>(at, load<f32>(at) + load<f32>(from + (<usize>t << 2)));
  }
}
