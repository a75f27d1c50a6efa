export interface LocatedBrowser {
  path: string | null;
  source: string;
}
export function locateBrowser(): LocatedBrowser;
export function ensureBrowser(): LocatedBrowser;
export function browserArgs(): string[];
