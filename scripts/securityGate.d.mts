export interface Finding {
  check: string;
  file: string;
  line: number | null;
  severity: string;
  description: string;
}
export interface AllowListEntry {
  check: string;
  file: string;
  reason: string;
}
export const ROOT: string;
export const ALLOW_LIST: string;
export function electronVersion(): string;
export function scan(input?: string): Promise<Finding[]>;
export function readAllowList(file?: string): AllowListEntry[];
export function judge(
  findings: Finding[],
  allowList: AllowListEntry[],
): {
  blocking: Finding[];
  allowed: { finding: Finding; reason: string }[];
  stale: AllowListEntry[];
};
