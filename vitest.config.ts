import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/renderer/**'],
          testTimeout: 30_000,
          // Node 20 runs relaxed SIMD (the kernels' fused multiply-add) only when asked.
          execArgv: ['--experimental-wasm-relaxed-simd'],
        },
      },
      {
        // The data tests again, decoding with sharp's WebAssembly build: the one Electron uses on Linux.
        test: {
          name: 'wasm',
          environment: 'node',
          include: ['test/data/**/*.test.ts', 'test/fuzz/imageBytes.test.ts'],
          // it runs both builds itself
          exclude: ['test/data/sharpBuilds.test.ts'],
          env: { WHISKER_SHARP: 'wasm' },
          testTimeout: 30_000,
        },
      },
      {
        plugins: [svelte({ configFile: resolve('svelte.config.js') })],
        // Svelte's browser build, or mount() is unavailable under jsdom.
        resolve: { conditions: ['browser'] },
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['test/renderer/**/*.test.ts'],
          setupFiles: ['test/renderer/setup.ts'],
        },
      },
    ],
  },
});
