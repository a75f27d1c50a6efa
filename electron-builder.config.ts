/**
 * How `npm run dist` packages Whisker with electron-builder: AppImage and deb
 * on Linux, dmg on macOS, NSIS on Windows. test/packaging checks that every
 * file the built app loads at run time is inside these globs.
 */
import type { Configuration } from 'electron-builder';

const config: Configuration = {
  appId: 'app.whisker.desktop',
  productName: 'Whisker',
  copyright: 'Copyright © 2026 the Whisker developers',
  directories: { buildResources: 'resources', output: 'dist' },
  // What electron-vite builds (main with the trainer's entry and its worker, preload, renderer);
  // the production dependencies (sharp, h5wasm, zod) are added by electron-builder.
  files: ['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json', '!**/*.map'],
  asar: true,
  // sharp's native binaries and libvips must be real files to be loaded (sharp's documentation)
  asarUnpack: ['**/node_modules/sharp/**', '**/node_modules/@img/**'],
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  },
  linux: {
    target: ['AppImage', 'deb'],
    icon: 'resources/icons',
    category: 'Education',
    synopsis: 'Train a neural network on your own images, and watch it learn',
    maintainer: 'The Whisker developers',
  },
  deb: { depends: ['libnss3', 'libgtk-3-0', 'libxss1'] },
  mac: { target: 'dmg', icon: 'resources/icon.png', category: 'public.app-category.education' },
  win: { target: 'nsis', icon: 'resources/icon.png' },
  nsis: { oneClick: false, allowToChangeInstallationDirectory: true },
};

export default config;
