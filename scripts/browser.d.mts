export interface LocatedBrowser {
  path: string | null;
  source: string;
  /** what the browser needs in its environment */
  env?: Record<string, string>;
}
export function locateBrowser(): LocatedBrowser;
export function ensureBrowser(): Promise<LocatedBrowser>;
export function browserArgs(): string[];
