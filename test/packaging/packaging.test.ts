/**
 * The installers hold what the built app loads at run time: electron-builder
 * packs what electron-builder.config.ts's globs match, plus the production
 * dependencies, so a file outside both is missing from every installer.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
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

  it('keeps sharp and h5wasm out of main: neither its bundle nor the chunks it imports name them', () => {
    const read = (file: string) => readFileSync(path.join(out, 'main', file), 'utf8');
    const chunks = [...read('index.js').matchAll(/from "\.\/(chunks\/[^"]+)"/g)].map(([, chunk]) => chunk!);
    expect(chunks.length).toBeGreaterThan(0);
    for (const file of ['index.js', ...chunks]) {
      expect(read(file), file).not.toMatch(/sharp|h5wasm/);
    }
    // the trainer loads them, when it first reads an image or an .h5 file
    expect(read('trainer.js')).toMatch(/require\("sharp"\)/);
    expect(read('trainer.js')).toMatch(/import\("h5wasm\/node"\)/);
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
      for (const [, specifier] of text.matchAll(
        /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|\brequire\(|\brequire\.resolve\()["']([^"'./][^"']*)["']/g,
      )) {
        const name = specifier!.startsWith('@')
          ? specifier!.split('/').slice(0, 2).join('/')
          : specifier!.split('/')[0]!;
        if (name !== 'electron' && !name.startsWith('node:') && !builtinModules.includes(name))
          imported.add(name);
      }
    }
    expect([...imported].sort()).toEqual(expect.arrayContaining(['@img/sharp-wasm32', 'h5wasm', 'sharp']));
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

  it("unpacks sharp's WebAssembly build and the runtime it requires, and loads it from there", () => {
    const require = createRequire(path.join(root, 'package.json'));
    const binding = require.resolve('@img/sharp-wasm32/sharp.node');
    const wasm = filesUnder('node_modules/@img/sharp-wasm32/lib');
    expect(wasm.filter((file) => file.endsWith('.wasm')).length).toBeGreaterThan(0);
    // the modules its JavaScript requires, wherever npm put them (nested or hoisted)
    const needed = wasm
      .filter((file) => file.endsWith('.js'))
      .flatMap((file) =>
        [...readFileSync(path.join(root, file), 'utf8').matchAll(/require\("([^".][^"]*)"\)/g)]
          .map(([, id]) => id!)
          .filter((id) => !id.startsWith('node:') && !builtinModules.includes(id))
          .map((id) => createRequire(path.join(root, file)).resolve(id)),
      )
      .map((entry) => path.relative(root, entry).split(path.sep).join('/'));
    expect(needed).toEqual([expect.stringMatching(/node_modules\/@emnapi\/runtime\//)]);
    for (const file of [...wasm, path.relative(root, binding), ...needed]) {
      expect(unpacked(file), `${file} stays inside app.asar, where worker threads cannot read it`).toBe(true);
    }
    // the trainer takes it from app.asar.unpacked, not through the archive
    expect(readFileSync(path.join(out, 'main/trainer.js'), 'utf8')).toContain('app.asar.unpacked');
  });

  it('computes every path it loads at run time from its own location, never from the working folder or this machine', () => {
    const bundles = [...builtEntries(), ...filesUnder('out/main/chunks')].map((file) => ({
      file,
      text: readFileSync(path.join(root, file), 'utf8'),
    }));
    for (const { file, text } of bundles) {
      expect(text, file).not.toContain('process.cwd()');
      expect(text, file).not.toContain(root);
      expect(text, file).not.toMatch(/["'`]file:\/\//);
    }
    const main = readFileSync(path.join(out, 'main/index.js'), 'utf8');
    expect(main).toMatch(/(here\$?\d*) = path\.dirname\(fileURLToPath\(import\.meta\.url\)\)/);
    // the trainer finds sharp and h5wasm from its own file too
    expect(readFileSync(path.join(out, 'main/trainer.js'), 'utf8')).toMatch(
      /createRequire\(import\.meta\.url\)/,
    );
  });

  it('never turns Chromium’s sandbox off itself: only the command line does, as root or on CI', () => {
    for (const file of builtEntries()) {
      const text = readFileSync(path.join(root, file), 'utf8');
      expect(text, file).not.toMatch(/no-sandbox|appendSwitch|sandbox:\s*false|enableSandbox\(\)/);
    }
    expect(readFileSync(path.join(out, 'main/index.js'), 'utf8')).toMatch(/sandbox: true/);
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
