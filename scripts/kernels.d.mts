export const ASC_FLAGS: string[];
export const RELAXED_FLAGS: string[];
export interface KernelBuilds {
  simd: Uint8Array;
  relaxed: Uint8Array;
}
export function compileKernels(): Promise<KernelBuilds>;
export function embeddedModule(builds: KernelBuilds): string;
