/**
 * Whether this runtime's WebAssembly has relaxed SIMD: Chromium (so Electron
 * 45) enables it, Node 20 only behind --experimental-wasm-relaxed-simd. The
 * kernels do not use it (its fused multiply-add measured no faster than
 * multiply and add in our product); the trainer reports it beside the kernel.
 */
import { wasm } from './wasmApi.ts';

/**
 * The smallest module that needs relaxed SIMD: one function (v128, v128, v128) → v128
 * whose body is f32x4.relaxed_madd of its three arguments (opcode 0xfd 0x105, LEB128 85 02).
 */
const RELAXED_MADD = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
  0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b, // types: (v128 v128 v128) → v128
  0x03, 0x02, 0x01, 0x00, // functions: one, of type 0
  0x0a, 0x0d, 0x01, 0x0b, 0x00, // code: one body of 11 bytes, no locals
  0x20, 0x00, 0x20, 0x01, 0x20, 0x02, // local.get 0, 1, 2
  0xfd, 0x85, 0x02, 0x0b, // f32x4.relaxed_madd, end
]); // prettier-ignore

/** True where WebAssembly accepts relaxed SIMD instructions. */
export function hasRelaxedSimd(): boolean {
  return wasm?.validate(RELAXED_MADD) ?? false;
}
