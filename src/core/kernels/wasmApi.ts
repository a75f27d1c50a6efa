/**
 * The part of the WebAssembly JavaScript API the kernels use, typed here
 * because TypeScript's Node libraries do not declare it.
 */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}

/** A compiled module: opaque, and shareable with other threads. */
export type WasmModule = object & { readonly __wasmModule?: never };

export interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: unknown };
  validate(bytes: Uint8Array): boolean;
}

export const wasm: WasmApi | undefined = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
