/**
 * Which paths the renderer may name. A path is acted on only if main granted
 * it: it came from one of main's own dialogs, or from files the user dropped
 * (resolved by the preload with webUtils.getPathForFile, which only real
 * dropped or chosen File objects have). A granted folder grants what is inside.
 */
import path from 'node:path';

export class GrantedPaths {
  private readonly granted = new Set<string>();

  grant(file: string): void {
    if (path.isAbsolute(file)) this.granted.add(path.resolve(file));
  }

  allows(file: string): boolean {
    if (typeof file !== 'string' || !path.isAbsolute(file) || file.includes('\0')) return false;
    const wanted = path.resolve(file);
    for (const granted of this.granted) {
      if (wanted === granted || wanted.startsWith(granted + path.sep)) return true;
    }
    return false;
  }
}

/** The path arguments of each request: every one must be granted before the backend sees it. */
export function pathsIn(method: string, params: unknown): string[] {
  const p = (params ?? {}) as Record<string, unknown>;
  switch (method) {
    case 'openFolder':
    case 'browse':
    case 'importModel':
    case 'exportModel':
      return [String(p['path'])];
    case 'openH5':
    case 'classify':
      return Array.isArray(p['paths']) ? p['paths'].map(String) : [''];
    default:
      return [];
  }
}
