import { expect, it } from 'vitest';
import { referenceKernel } from '../../src/core/kernels/kernel.ts';
import { simdKernel } from '../../src/core/kernels/simd.ts';
import { catvnoncatAvailable } from '../helpers/catvnoncat.ts';
import { runCourse } from '../helpers/course.ts';

it.skipIf(!catvnoncatAvailable)(
  'the SIMD kernel trains the 4-layer course network along the same cost curve as the plain kernel, to float32 rounding',
  async () => {
    const plain = await runCourse('Course: 4-layer', { epochs: 60, kernel: referenceKernel() });
    const fast = await runCourse('Course: 4-layer', { epochs: 60, kernel: simdKernel()! });
    fast.costs.forEach((cost, i) => expect(Math.abs(cost - plain.costs[i]!)).toBeLessThan(1e-6));
    expect(fast.trainAccuracy).toBe(plain.trainAccuracy);
  },
  60_000,
);
