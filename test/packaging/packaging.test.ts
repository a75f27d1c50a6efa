/**
 * The installers hold what the built app loads at run time: electron-builder
 * packs what electron-builder.config.ts's globs match, plus the production
 * dependencies, so a file outside both is missing from every installer.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { minimatch } from 'minimatch';
import { beforeAll, describe, expect, it } from 'vitest';
import config from '../../electron-builder.config.ts';
import { KERNELS_WASM_BASE64 } from '../../src/core/kernels/kernelsWasm.ts';

const root = path.resolve(import.meta.dirname, '../..');
const out = path.join(root, 'out');
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  main: string;
};

/** Every file under a folder, as paths relative to the project (as electron-builder matches them). */
function filesUnder(folder: string): string[] {
  return readdirSync(path.join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

/** Whether electron-builder's `files` take this file: some pattern matches it and no later "!" pattern excludes it. */
function packed(file: string): boolean {
  let taken = false;
  for (const pattern of config.files as string[]) {
    if (pattern.startsWith('!')) {
      if (minimatch(file, pattern.slice(1), { dot: true })) taken = false;
    } else if (minimatch(file, pattern, { dot: true })) {
      taken = true;
    }
  }
  return taken;
}

function unpacked(file: string): boolean {
  return (config.asarUnpack as string[]).some((pattern) => minimatch(file, pattern, { dot: true }));
}

const builtEntries = () =>
  [...filesUnder('out/main'), ...filesUnder('out/preload')].filter((f) => /\.c?js$/.test(f));

beforeAll(() => {
  const build = spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'error'], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(build.status, build.stderr).toBe(0);
}, 180_000);

describe('the packaged app', () => {
  it('holds every file electron-vite built for main, the trainer, the preload and the renderer', () => {
    const built = [...filesUnder('out/main'), ...filesUnder('out/preload'), ...filesUnder('out/renderer')];
    expect(built).toContain('out/main/trainer.js');
    expect(built).toContain('out/preload/index.cjs');
    expect(built).toContain('out/renderer/index.html');
    expect(built.filter((file) => !file.endsWith('.map') && !packed(file))).toEqual([]);
    expect(packed('package.json')).toBe(true);
    expect(packed(packageJson.main)).toBe(true);
  });

  it('finds every file main computes a path to beside its own bundle, inside the package', () => {
    const main = readFileSync(path.join(out, 'main/index.js'), 'utf8');
    const computed = [...main.matchAll(/path\.join\((here\$?\d*), "([^"]+)"\)/g)].map(([, , relative]) =>
      path.posix.join('out/main', relative!),
    );
    // the renderer's folder, the preload, the trainer's entry and the window's icon
    expect(computed.length).toBeGreaterThanOrEqual(3);
    for (const file of computed) {
      expect(existsSync(path.join(root, file)), `${file} is not built`).toBe(true);
      const inside = existsSync(path.join(root, file, 'index.html')) ? `${file}/index.html` : file;
      expect(packed(inside), `${inside} is not packaged`).toBe(true);
    }
  });

  it('carries the WebAssembly kernels inside the trainer bundle, with no file of their own to forget', () => {
    const bundles = builtEntries().map((file) => readFileSync(path.join(root, file), 'utf8'));
    expect(bundles.some((text) => text.includes(KERNELS_WASM_BASE64))).toBe(true);
    expect(filesUnder('out').filter((file) => file.endsWith('.wasm'))).toEqual([]);
  });

  it('takes every package the built main, trainer and preload import from the production dependencies', () => {
    const imported = new Set<string>();
    for (const file of builtEntries()) {
      const text = readFileSync(path.join(root, file), 'utf8');
      for (const [, specifier] of text.matchAll(/(?:from|import|require\()\s*["']([^"'./][^"']*)["']/g)) {
        const name = specifier!.startsWith('@')
          ? specifier!.split('/').slice(0, 2).join('/')
          : specifier!.split('/')[0]!;
        if (name !== 'electron' && !name.startsWith('node:') && !builtinModules.includes(name))
          imported.add(name);
      }
    }
    expect([...imported].sort()).toEqual(expect.arrayContaining(['h5wasm', 'sharp']));
    for (const name of imported) expect(Object.keys(packageJson.dependencies), name).toContain(name);
  });

  it('leaves the web host, the test tools and the renderer-only libraries out of the app', () => {
    for (const name of ['ws', 'uplot', 'onnxruntime-web', '@playwright/test', '@sparticuz/chromium'])
      expect(Object.keys(packageJson.dependencies)).not.toContain(name);
  });

  it("unpacks sharp's JavaScript, its native addon and libvips from the archive, as sharp requires", () => {
    const platform = `${process.platform}-${process.arch}`;
    const native = filesUnder(`node_modules/@img/sharp-${platform}`).filter((file) => file.endsWith('.node'));
    const libvips = existsSync(path.join(root, `node_modules/@img/sharp-libvips-${platform}`))
      ? filesUnder(`node_modules/@img/sharp-libvips-${platform}/lib`)
      : [];
    expect(native.length).toBeGreaterThan(0);
    for (const file of [...native, ...libvips, 'node_modules/sharp/lib/index.js']) {
      expect(unpacked(file), `${file} stays inside app.asar`).toBe(true);
    }
  });

  it('turns off running as Node, NODE_OPTIONS and the inspector, and loads only a checked app.asar', () => {
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('builds AppImage and deb on Linux, dmg on macOS and NSIS on Windows, with the icon from resources/', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toBe('dmg');
    expect(config.win?.target).toBe('nsis');
    expect(existsSync(path.join(root, config.linux!.icon as string, '512x512.png'))).toBe(true);
    expect(existsSync(path.join(root, config.mac!.icon as string))).toBe(true);
  });
});
