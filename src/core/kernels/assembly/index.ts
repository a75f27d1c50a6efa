// The kernels' WebAssembly module: everything exported here is callable from core/kernels/simd.ts.
export { heapBase, multiplyTransposed } from './gemm';
export { multiplyTransposedLeft, SCRATCH_BYTES } from './gemmLeft';
export { scaleBytes, transpose } from './layout';
export { col2imAdd, im2col } from './patches';
export { work } from './jobs';
