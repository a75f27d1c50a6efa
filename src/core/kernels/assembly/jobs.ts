// AssemblyScript: one piece of work shared by several threads. The host writes a job
// (i32 words, floats as f32) into the shared memory and every thread calls work();
// each takes the next chunk with a compare-and-swap until none is left, so a thread
// slowed by another process simply takes fewer chunks. What a chunk computes depends
// only on its index, never on which thread or how many threads run it.
//   word 0  claim: (sequence << 16) | next chunk        word 1  chunks completed
//   word 2  sequence (the host's wake-up word)          word 3  operation
//   word 4  chunks      word 5  chunk size (rows, columns or elements)
//   word 6… the operation's arguments
import { multiplyTransposed } from './gemm';
import { multiplyTransposedLeft } from './gemmLeft';
import { scaleBytes } from './layout';
import { adam, descend, momentum } from './update';

const PRODUCT_ROWS = 1;
const PRODUCT_COLUMNS = 2;
const PRODUCT_LEFT = 3;
const SCALE_BYTES = 4;
const DESCEND = 5;
const MOMENTUM = 6;
const ADAM = 7;

/** Takes and runs chunks of the job with this sequence number until none is left. */
export function work(job: usize, sequence: i32, scratch: usize): void {
  for (;;) {
    const claim = atomic.load<i32>(job);
    if (<u32>claim >> 16 != (<u32>sequence & 0xffff)) return;
    const chunk = claim & 0xffff;
    if (chunk >= load<i32>(job, 16)) return;
    if (atomic.cmpxchg<i32>(job, claim, claim + 1) != claim) continue;
    run(job, chunk, scratch);
    atomic.add<i32>(job, 1, 4);
  }
}

@inline
function arg(job: usize, i: i32): i32 {
  return load<i32>(job + 24 + (<usize>i << 2));
}

@inline
function ptr(job: usize, i: i32): usize {
  return <usize>load<u32>(job + 24 + (<usize>i << 2));
}

@inline
function real(job: usize, i: i32): f32 {
  return load<f32>(job + 24 + (<usize>i << 2));
}

function run(job: usize, chunk: i32, scratch: usize): void {
  const op = load<i32>(job, 12);
  const size = load<i32>(job, 20);
  const first = chunk * size;
  if (op == PRODUCT_ROWS || op == PRODUCT_COLUMNS || op == PRODUCT_LEFT) {
    // a, b, c, m, n, k, accumulate
    const m = arg(job, 3), n = arg(job, 4);
    const accumulate = arg(job, 6) != 0;
    if (op == PRODUCT_ROWS) {
      multiplyTransposed(ptr(job, 0), ptr(job, 1), ptr(job, 2), m, n, arg(job, 5), first, min(m, first + size), 0, n, accumulate);
    } else if (op == PRODUCT_COLUMNS) {
      multiplyTransposed(ptr(job, 0), ptr(job, 1), ptr(job, 2), m, n, arg(job, 5), 0, m, first, min(n, first + size), accumulate);
    } else {
      multiplyTransposedLeft(ptr(job, 0), ptr(job, 1), ptr(job, 2), m, n, arg(job, 5), first, min(n, first + size), accumulate, scratch);
    }
    return;
  }
  // Element-wise: arrays advance by `first` elements, sums go to the chunk's own pair of f64.
  const o = <usize>first << 2;
  if (op == SCALE_BYTES) {
    // bytes, out, count, scale
    scaleBytes(ptr(job, 0) + <usize>first, ptr(job, 1) + o, min(size, arg(job, 2) - first), real(job, 3));
  } else if (op == DESCEND) {
    // params, grads, count, alpha, squares
    descend(ptr(job, 0) + o, ptr(job, 1) + o, min(size, arg(job, 2) - first), real(job, 3), ptr(job, 4) + (<usize>chunk << 4));
  } else if (op == MOMENTUM) {
    // params, grads, velocity, count, alpha, beta, 1 − beta, squares
    momentum(
      ptr(job, 0) + o, ptr(job, 1) + o, ptr(job, 2) + o, min(size, arg(job, 3) - first),
      real(job, 4), real(job, 5), real(job, 6), ptr(job, 7) + (<usize>chunk << 4),
    );
  } else if (op == ADAM) {
    // params, grads, m, v, count, step, β1, 1 − β1, β2, 1 − β2, √c2, ε, squares
    adam(
      ptr(job, 0) + o, ptr(job, 1) + o, ptr(job, 2) + o, ptr(job, 3) + o, min(size, arg(job, 4) - first),
      real(job, 5), real(job, 6), real(job, 7), real(job, 8), real(job, 9), real(job, 10), real(job, 11),
      ptr(job, 12) + (<usize>chunk << 4),
    );
  }
}
