/**
 * Inverted dropout (Srivastava et al. 2014, scaled at training time so evaluation is a copy):
 * each value is kept with probability 1 − rate and scaled by 1/(1 − rate), else zeroed, so
 * that its expectation is unchanged.
 *
 *   A_prev, A, dA, dA_prev, mask  [count]     (any shape: the layer works value by value)
 *
 * mask        d = 1/(1 − rate) with probability 1 − rate, else 0, drawn from the run's generator
 * training    forward  A = A_prev ⊙ d        backward  dA_prev = dA ⊙ d   (the same mask)
 * evaluation  forward  A = A_prev
 * The mask is drawn apart from forward, so one mask can serve several passes (a gradient check).
 */
import type { FloatArray } from '../matrix.ts';
import type { Random } from '../random.ts';

/** 2³²: a value is kept when a 32-bit draw falls below (1 − rate)·2³² */
const DRAWS = 0x100000000;

/** `rate` in [0, 1), as architecture.ts checks it. */
export function drawDropoutMask(mask: FloatArray, count: number, rate: number, random: Random): void {
  if (!(rate >= 0 && rate < 1)) throw new RangeError(`a dropout rate must be from 0 to below 1, not ${rate}`);
  const keep = 1 - rate;
  const threshold = keep * DRAWS;
  const scale = 1 / keep;
  for (let i = 0; i < count; i++) mask[i] = random.nextUint32() < threshold ? scale : 0;
}

export function dropoutForwardTraining(
  a: FloatArray,
  aPrev: FloatArray,
  mask: FloatArray,
  count: number,
): void {
  for (let i = 0; i < count; i++) a[i] = aPrev[i] * mask[i];
}

export function dropoutForwardEvaluation(a: FloatArray, aPrev: FloatArray, count: number): void {
  for (let i = 0; i < count; i++) a[i] = aPrev[i];
}

export function dropoutBackward(dAPrev: FloatArray, dA: FloatArray, mask: FloatArray, count: number): void {
  for (let i = 0; i < count; i++) dAPrev[i] = dA[i] * mask[i];
}
