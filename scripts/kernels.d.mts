export const ASC_FLAGS: string[];
export function compileKernels(): Promise<Uint8Array>;
export function embeddedModule(bytes: Uint8Array): string;
