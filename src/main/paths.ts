/**
 * Which paths the renderer may name, and for what. A path is acted on only if
 * main granted it: for reading, it came from one of main's open dialogs or
 * from files the user dropped (resolved by the preload with
 * webUtils.getPathForFile, which only real dropped or chosen File objects
 * have), and a folder granted for reading grants what is inside it; for
 * writing, it is the very file the user named in a save dialog. The paths a
 * request carries are found from the contract's schemas (api/pathFields.ts).
 */
import path from 'node:path';
import { METHODS, type MethodName, type PathUse } from '../api/contract.ts';
import { pathsIn, type FoundPath } from '../api/pathFields.ts';

const usable = (file: unknown): file is string =>
  typeof file === 'string' && path.isAbsolute(file) && !file.includes('\0');

export class GrantedPaths {
  private readonly readable = new Set<string>();
  private readonly writable = new Set<string>();

  grant(file: string, use: PathUse): void {
    if (!usable(file)) return;
    (use === 'read' ? this.readable : this.writable).add(path.resolve(file));
  }

  allows(file: string, use: PathUse): boolean {
    if (!usable(file)) return false;
    const wanted = path.resolve(file);
    if (this.writable.has(wanted)) return true;
    if (use === 'write') return false;
    for (const granted of this.readable) {
      if (wanted === granted || wanted.startsWith(granted + path.sep)) return true;
    }
    return false;
  }

  /** The paths of a request (its params already parsed) that were not granted for their use. */
  refused(method: MethodName, params: unknown): FoundPath[] {
    return pathsIn(METHODS[method].params, params).filter((found) => !this.allows(found.path, found.use));
  }
}
