/**
 * sharp, loaded when first needed, in the build this process must use. Under
 * Electron on Linux that is sharp's WebAssembly build (@img/sharp-wasm32):
 * Electron's Linux binary links the system's GLib while the native libvips
 * carries its own, and the two collide on the first decode, killing the
 * process without a word (electron/electron#46323, lovell/sharp#4522 and
 * #4525; sharp warns of it as SharpElectronLinux). Everywhere else the native
 * build. WHISKER_SHARP=wasm asks for the WebAssembly build anywhere, so that
 * it can be tested under plain Node.
 *
 * sharp has no option to choose its build: its dist/sharp.cjs picks a binding
 * when first required. For the WebAssembly build the binding is put in
 * Node's module cache under that file's name first (require.cache takes such
 * entries), so sharp finds it there and never loads the native library.
 */
import { existsSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import path from 'node:path';
import type SharpModule from 'sharp';

export type Sharp = typeof SharpModule;
export type SharpBuild = 'native' | 'wasm';

/** The switch that forces a build: unset (or empty) for this platform's own, or `wasm`. */
export const SHARP_SWITCH = 'WHISKER_SHARP';

export class ImageLibraryError extends Error {
  override name = 'ImageLibraryError';
}

/** The build a process with this environment, these versions and this platform must use. */
export function sharpBuildFor(
  env: Readonly<Record<string, string | undefined>>,
  versions: Readonly<Record<string, string | undefined>>,
  platform: string,
): SharpBuild {
  const forced = env[SHARP_SWITCH];
  if (forced === 'wasm') return 'wasm';
  if (forced !== undefined && forced !== '')
    throw new ImageLibraryError(`${SHARP_SWITCH} must be "wasm" or unset, not ${JSON.stringify(forced)}`);
  return versions['electron'] !== undefined && platform === 'linux' ? 'wasm' : 'native';
}

/** What a build is called in messages. */
export function describeBuild(build: SharpBuild): string {
  return build === 'wasm' ? 'WebAssembly build' : `native build for ${process.platform}-${process.arch}`;
}

type Require = (id: string) => unknown;
interface ModuleRequire extends Require {
  resolve(id: string): string;
  cache: Record<string, unknown>;
}

/**
 * Where a file packed into an app.asar really is once electron-builder unpacked it (asarUnpack):
 * beside the archive, in app.asar.unpacked. Worker threads cannot read inside an archive
 * (electron/electron#22446), and the WebAssembly build starts its threads from its own file, so it
 * is loaded from there. Outside an archive, the path itself.
 */
export function unpackedPath(file: string): string {
  return file.replace(/([/\\])app\.asar(?=[/\\])/, '$1app.asar.unpacked');
}

/** Puts the WebAssembly binding where sharp's loader would put whatever binding it found. */
function preferWebAssembly(require: ModuleRequire): void {
  const loader = path.join(path.dirname(require.resolve('sharp')), 'sharp.cjs');
  if (!existsSync(loader))
    throw new Error(`${loader} is missing: this sharp no longer chooses its binding there`);
  if (require.cache[loader] !== undefined) return;
  const entry = new Module(loader);
  entry.filename = loader;
  entry.exports = require(unpackedPath(require.resolve('@img/sharp-wasm32/sharp.node')));
  entry.loaded = true;
  require.cache[loader] = entry;
}

/** sharp in the given build, with its cache off (it holds files open, EBUSY on Windows, and memory). */
export function loadSharp(
  build: SharpBuild,
  require: ModuleRequire = createRequire(import.meta.url) as ModuleRequire,
): Sharp {
  let sharp: Sharp;
  try {
    if (build === 'wasm') preferWebAssembly(require);
    sharp = require('sharp') as Sharp;
  } catch (error) {
    // sharp's own message lists what it tried and how to fix it; its first line says what failed
    const [first] = String((error as Error).message ?? error).split('\n');
    throw new ImageLibraryError(
      `the image library (sharp, ${describeBuild(build)}) could not be loaded: ${first}`,
      { cause: error },
    );
  }
  if (build === 'wasm' && builtAs(sharp) !== 'wasm')
    throw new ImageLibraryError(
      'the image library (sharp) loaded its native build where its WebAssembly build was needed',
    );
  sharp.cache(false);
  return sharp;
}

/** The build a loaded sharp is: the WebAssembly one names the compiler it was built with. */
export function builtAs(sharp: Sharp): SharpBuild {
  return (sharp.versions as Record<string, string | undefined>)['emscripten'] === undefined
    ? 'native'
    : 'wasm';
}

let loaded: Sharp | undefined;

/** sharp for this process, loaded on first use; ImageLibraryError says why it cannot be. */
export function imageLibrary(): Sharp {
  loaded ??= loadSharp(sharpBuildFor(process.env, process.versions, process.platform));
  return loaded;
}
