/**
 * Opens an address in the user's default browser, where the machine has one
 * and a display to show it on. Nothing depends on it working: the address is
 * printed either way.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface Opener {
  command: string;
  args: string[];
}

/** The command that opens `url` here, or null when there is nothing to open it with. */
export function browserOpener(
  url: string,
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): Opener | null {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  // `start` treats its first quoted argument as the window's title
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url.replace(/&/g, '^&')] };
  if (!env['DISPLAY'] && !env['WAYLAND_DISPLAY']) return null;
  const xdgOpen = (env['PATH'] ?? '')
    .split(path.delimiter)
    .map((folder) => path.join(folder, 'xdg-open'))
    .find((candidate) => existsSync(candidate));
  return xdgOpen ? { command: xdgOpen, args: [url] } : null;
}

/** Starts the browser and lets it go; says whether there was one to start. */
export function openInBrowser(url: string): boolean {
  const opener = browserOpener(url);
  if (opener === null) return false;
  const child = spawn(opener.command, opener.args, { detached: true, stdio: 'ignore' });
  child.on('error', () => {});
  child.unref();
  return true;
}
