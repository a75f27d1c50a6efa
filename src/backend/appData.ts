/** Where Whisker keeps its own files (run history, models) when the host does not say. */
import { homedir } from 'node:os';
import path from 'node:path';

export function defaultDataDir(): string {
  const override = process.env['WHISKER_DATA_DIR'];
  if (override) return path.resolve(override);
  if (process.platform === 'win32') return path.join(process.env['APPDATA'] ?? homedir(), 'Whisker');
  if (process.platform === 'darwin') return path.join(homedir(), 'Library', 'Application Support', 'Whisker');
  return path.join(process.env['XDG_DATA_HOME'] ?? path.join(homedir(), '.local', 'share'), 'whisker');
}
