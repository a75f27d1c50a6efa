// The kernels' WebAssembly module: everything exported here is callable from core/kernels/simd.ts.
export { heapBase, multiplyTransposed } from './gemm';
export { scaleBytes, transpose } from './layout';
export { descend } from './update';
