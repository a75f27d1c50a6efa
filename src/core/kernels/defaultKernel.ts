import { referenceKernel, type Kernel } from './kernel.ts';
import { simdKernel } from './simd.ts';

let fallback: Kernel | undefined;

/** The fastest kernel this runtime offers on one thread: SIMD where it can, else the reference. */
export function defaultKernel(): Kernel {
  return simdKernel() ?? (fallback ??= referenceKernel());
}
