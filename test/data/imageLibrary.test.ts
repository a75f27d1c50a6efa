import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  builtAs,
  ImageLibraryError,
  imageLibrary,
  loadSharp,
  sharpBuildFor,
  unpackedPath,
} from '../../src/data/imageLibrary.ts';

const node = { node: '20.20.2' };
const electron = { node: '22.20.0', electron: '45.4.1' };

describe('choosing the sharp build', () => {
  it('takes the WebAssembly build under Electron on Linux, where the native one crashes on GLib', () => {
    expect(sharpBuildFor({}, electron, 'linux')).toBe('wasm');
  });

  it('keeps the native build under Electron elsewhere, and under plain Node everywhere', () => {
    expect(sharpBuildFor({}, electron, 'darwin')).toBe('native');
    expect(sharpBuildFor({}, electron, 'win32')).toBe('native');
    expect(sharpBuildFor({}, node, 'linux')).toBe('native');
    expect(sharpBuildFor({ WHISKER_SHARP: '' }, node, 'linux')).toBe('native');
  });

  it('takes the WebAssembly build anywhere when WHISKER_SHARP=wasm, and refuses another value', () => {
    expect(sharpBuildFor({ WHISKER_SHARP: 'wasm' }, node, 'darwin')).toBe('wasm');
    expect(() => sharpBuildFor({ WHISKER_SHARP: 'native' }, electron, 'linux')).toThrow(
      'WHISKER_SHARP must be "wasm" or unset, not "native"',
    );
  });

  it('has a WebAssembly build of the very version of sharp installed', () => {
    const require = createRequire(import.meta.url);
    const sharpPackage = path.join(path.dirname(require.resolve('sharp')), '../package.json');
    const version = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    expect(version(require.resolve('@img/sharp-wasm32/package'))).toBe(version(sharpPackage));
  });

  it('loads, in this process, the build the switch asks for', () => {
    expect(builtAs(imageLibrary())).toBe(process.env['WHISKER_SHARP'] === 'wasm' ? 'wasm' : 'native');
  });
});

describe('a sharp that cannot be loaded', () => {
  /** A require that finds sharp's files but cannot load it, as on a machine missing its binaries. */
  const broken = Object.assign(
    (id: string): unknown => {
      throw new Error(
        `Could not load the "sharp" module using the linux-x64 runtime\n(${id})\nPossible solutions…`,
      );
    },
    { resolve: () => '/nowhere/node_modules/sharp/dist/index.cjs', cache: {} },
  );

  it('is an ImageLibraryError naming the build and sharp’s own first line', () => {
    expect(() => loadSharp('native', broken)).toThrow(ImageLibraryError);
    expect(() => loadSharp('native', broken)).toThrow(
      /^the image library \(sharp, native build for \w+-\w+\) could not be loaded: Could not load the "sharp" module using the linux-x64 runtime$/,
    );
  });

  it('is an ImageLibraryError too when sharp’s loader is not where the WebAssembly build is put', () => {
    expect(() => loadSharp('wasm', broken)).toThrow(
      /^the image library \(sharp, WebAssembly build\) could not be loaded: \/nowhere\/.*sharp\.cjs is missing/,
    );
  });

  it('is an ImageLibraryError when sharp comes up native although its WebAssembly build was put in place', () => {
    const cache: Record<string, unknown> = {};
    const nativeAnyway = Object.assign(
      (id: string): unknown => (id === 'sharp' ? { versions: { vips: '8.18.7' }, cache: () => {} } : {}),
      { resolve: createRequire(import.meta.url).resolve, cache },
    );
    expect(() => loadSharp('wasm', nativeAnyway)).toThrow(
      'the image library (sharp) loaded its native build where its WebAssembly build was needed',
    );
    expect(Object.keys(cache)).toEqual([expect.stringMatching(/sharp[/\\]dist[/\\]sharp\.cjs$/)]);
  });
});

describe('the WebAssembly build in a packaged app', () => {
  it('is found beside app.asar, where electron-builder unpacks it, since worker threads cannot read inside it', () => {
    expect(unpackedPath('/opt/Whisker/resources/app.asar/node_modules/@img/sharp-wasm32/index.cjs')).toBe(
      '/opt/Whisker/resources/app.asar.unpacked/node_modules/@img/sharp-wasm32/index.cjs',
    );
    expect(unpackedPath('C:\\Whisker\\resources\\app.asar\\node_modules\\@img\\x.cjs')).toBe(
      'C:\\Whisker\\resources\\app.asar.unpacked\\node_modules\\@img\\x.cjs',
    );
    for (const outside of [
      '/home/me/whisker/node_modules/@img/sharp-wasm32/index.cjs',
      '/opt/Whisker/resources/app.asar.unpacked/node_modules/@img/sharp-wasm32/index.cjs',
      '/home/me/app.asarx/index.cjs',
    ])
      expect(unpackedPath(outside)).toBe(outside);
  });

  it('loads its binding from app.asar.unpacked when sharp is inside app.asar', () => {
    const resources = mkdtempSync(path.join(tmpdir(), 'whisker-asar-'));
    try {
      const inArchive = (relative: string) => path.join(resources, 'app.asar/node_modules', relative);
      mkdirSync(path.dirname(inArchive('sharp/dist/sharp.cjs')), { recursive: true });
      writeFileSync(inArchive('sharp/dist/sharp.cjs'), '');
      const required: string[] = [];
      const packaged = Object.assign(
        (id: string): unknown => {
          required.push(id);
          return { versions: { emscripten: '4.0' }, cache: () => {} };
        },
        {
          resolve: (id: string) =>
            id === 'sharp' ? inArchive('sharp/dist/index.cjs') : inArchive('@img/sharp-wasm32/index.cjs'),
          cache: {},
        },
      );
      loadSharp('wasm', packaged);
      expect(required).toEqual([
        path.join(resources, 'app.asar.unpacked/node_modules/@img/sharp-wasm32/index.cjs'),
        'sharp',
      ]);
    } finally {
      rmSync(resources, { recursive: true, force: true });
    }
  });
});
