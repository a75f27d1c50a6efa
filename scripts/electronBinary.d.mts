export const electronPackageDir: string;
export function electronBinary(): string | null;
export function electronLaunch(
  binary: string,
  args: string[],
  options?: {
    ci?: boolean;
    env?: Record<string, string | undefined>;
    uid?: number;
    which?: (command: string) => string | null;
  },
): { command: string; args: string[]; notes: string[] };
