/**
 * The host's side of a job: one piece of work that every thread running the
 * kernel module takes chunks of (assembly/jobs.ts has the other side and the
 * layout). A job lives at a fixed place in the shared memory:
 *   word 0 claim: (sequence << 16) | next chunk    word 1 chunks completed
 *   word 2 wake-ups, the word helper threads wait on (−1: quit); a count of its
 *          own, as sequences repeat and a helper must never miss a job
 *   word 3 operation   word 4 chunks   word 5 chunk size   word 6… arguments
 */

/** Operations, numbered as assembly/jobs.ts numbers them. */
export const Op = {
  ProductRows: 1,
  ProductColumns: 2,
  ProductLeft: 3,
  ScaleBytes: 4,
  Descend: 5,
  Momentum: 6,
  Adam: 7,
} as const;
export type Op = (typeof Op)[keyof typeof Op];

/** Parameters per chunk of an update: each chunk measures its own sums. */
export const SUM_CHUNK = 8192;
export const JOB_BYTES = 128;
const ARGUMENTS = 6;
/** A chunk number no job has: the claim word of a job being written. */
const CLOSED = 0xffff;

export class Job {
  readonly words: Int32Array;
  private readonly reals: Float32Array;
  private sequence = 0;
  private wakes = 0;

  constructor(
    buffer: ArrayBufferLike,
    readonly offset: number,
  ) {
    this.words = new Int32Array(buffer, offset, JOB_BYTES / 4);
    this.reals = new Float32Array(buffer, offset, JOB_BYTES / 4);
    this.words.fill(0);
  }

  /**
   * Writes the next job: integer arguments, then float32 ones, then `last` (an
   * address after the floats). Closed to late threads of the previous job first,
   * so none of them takes a chunk of this one with half its arguments.
   */
  set(op: Op, chunks: number, size: number, ints: number[], reals: number[] = [], last?: number): void {
    if (chunks > CLOSED - 1) throw new RangeError(`a job of ${chunks} chunks is too many`);
    this.sequence = (this.sequence % 0x7fff) + 1;
    Atomics.store(this.words, 0, (this.sequence << 16) | CLOSED);
    const w = this.words;
    w[1] = 0;
    w[3] = op;
    w[4] = chunks;
    w[5] = size;
    ints.forEach((value, i) => (w[ARGUMENTS + i] = value));
    reals.forEach((value, i) => (this.reals[ARGUMENTS + ints.length + i] = value));
    if (last !== undefined) w[ARGUMENTS + ints.length + reals.length] = last;
  }

  /** Opens the job to every thread that calls work() with the sequence returned. */
  open(): number {
    Atomics.store(this.words, 0, this.sequence << 16);
    return this.sequence;
  }

  /** Tells threads waiting on word 2 that a job is open. */
  wakeHelpers(): void {
    this.wakes = (this.wakes % 0x7fffffff) + 1;
    Atomics.store(this.words, 2, this.wakes);
    Atomics.notify(this.words, 2);
  }

  /** Tells threads waiting on word 2 to stop. */
  quit(): void {
    Atomics.store(this.words, 2, -1);
    Atomics.notify(this.words, 2);
  }

  get chunks(): number {
    return this.words[4]!;
  }
}
