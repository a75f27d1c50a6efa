export const electronPackageDir: string;
export function electronBinary(): string | null;
