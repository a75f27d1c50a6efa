import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const PROGRAM = `import { hasRelaxedSimd } from './src/core/kernels/relaxedSimd.ts';
process.stdout.write(String(hasRelaxedSimd()));`;

/** What hasRelaxedSimd() says in a fresh Node with these V8 flags. */
const answerWith = (flags: string[]) =>
  execFileSync(process.execPath, [...flags, '--import', 'tsx', '--input-type=module', '-e', PROGRAM], {
    encoding: 'utf8',
  });

describe('finding relaxed SIMD', () => {
  it('finds it where the runtime enables it, as Chromium and so Electron do', () => {
    expect(answerWith(['--experimental-wasm-relaxed-simd'])).toBe('true');
  });

  // V8 11.4 (Chrome 114) enabled it by default; Node 20 has V8 11.3
  const [major, minor] = process.versions.v8.split('.').map(Number) as [number, number];
  it.runIf(major < 11 || (major === 11 && minor < 4))(
    'does not find it in a Node whose V8 keeps it behind a flag',
    () => {
      expect(answerWith([])).toBe('false');
    },
  );
});
