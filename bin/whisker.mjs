#!/usr/bin/env node
// The whisker command: runs the TypeScript CLI through tsx's loader.
import { setFlagsFromString } from 'node:v8';
import { register } from 'tsx/esm/api';

// Node 20 runs WebAssembly relaxed SIMD (the kernels' fused multiply-add) only when asked;
// set before any module compiles, it reaches the kernel's worker threads too.
setFlagsFromString('--experimental-wasm-relaxed-simd');
register();
await import('../src/cli/main.ts');
