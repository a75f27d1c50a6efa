import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { version } from '../../package.json';
import type { KernelInfo } from '../../src/api/contract.ts';
import App from '../../src/renderer/src/App.svelte';
import { windowRuntime } from '../../src/renderer/src/lib/about.ts';
import { app } from '../../src/renderer/src/state/app.svelte.ts';

const PARALLEL: KernelInfo = {
  name: 'WebAssembly SIMD, 2 threads',
  threads: 2,
  simd: true,
  relaxedSimd: true,
  fallback: null,
};

afterEach(() => (app.kernel = null));

/** Opens the About panel from the header and reads it as term → description. */
async function openAbout() {
  render(App, { connect: false });
  await fireEvent.click(screen.getByRole('button', { name: 'About' }));
  const panel = screen.getByRole('dialog', { name: 'Whisker' });
  const terms = within(panel)
    .queryAllByRole('term')
    .map((term) => term.textContent?.trim());
  const values = within(panel)
    .queryAllByRole('definition')
    .map((value) => value.textContent?.trim());
  return { panel, rows: Object.fromEntries(terms.map((term, i) => [term, values[i]])) };
}

describe('the About panel', () => {
  it('opens from the header with the version and how the trainer computes: its kernel, threads and SIMD', async () => {
    app.kernel = PARALLEL;
    const { panel, rows } = await openAbout();
    expect((panel as HTMLDialogElement).open).toBe(true);
    expect(within(panel).getByText(`Version ${version}`)).toBeTruthy();
    expect(rows).toMatchObject({
      'Computes with': 'WebAssembly SIMD, 2 threads',
      Threads: '2',
      SIMD: 'yes (WebAssembly SIMD128)',
      'Relaxed SIMD': 'yes (fused multiply-add)',
    });
    expect(within(panel).queryByText(/one thread/)).toBeNull();
    await fireEvent.click(within(panel).getByRole('button', { name: 'Close' }));
    expect((panel as HTMLDialogElement).open).toBe(false);
  });

  it('says why the trainer computes on one thread when it fell back', async () => {
    app.kernel = {
      name: 'WebAssembly SIMD',
      threads: 1,
      simd: true,
      relaxedSimd: false,
      fallback: 'a worker thread did not answer within 5 s',
    };
    const { panel, rows } = await openAbout();
    expect(rows).toMatchObject({ Threads: '1', 'Relaxed SIMD': 'no (this runtime does not offer it)' });
    expect(within(panel).getByText(/^Training uses one thread/).textContent).toBe(
      'Training uses one thread because a worker thread did not answer within 5 s. It is slower, and everything else works.',
    );
  });

  it('says so while the trainer has not reported', async () => {
    const { panel, rows } = await openAbout();
    expect(rows).toEqual({});
    expect(within(panel).getByText(/has not said yet how it computes/)).toBeTruthy();
  });
});

describe('what the window runs in', () => {
  it('names Electron and its Chromium, or the browser', () => {
    expect(
      windowRuntime(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) whisker/0.1.0 Chrome/140.0.7339.133 Electron/45.4.1 Safari/537.36',
      ),
    ).toBe('Electron 45.4.1 (Chromium 140.0.7339.133)');
    expect(
      windowRuntime(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36',
      ),
    ).toBe('Chromium 142.0.0.0');
    expect(
      windowRuntime(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/141.0.7390.54 Safari/537.36',
      ),
    ).toBe('Chromium 141.0.7390.54');
    expect(windowRuntime('Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0')).toBe(
      'Firefox 140.0',
    );
    expect(
      windowRuntime(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Safari/605.1.15',
      ),
    ).toBe('Safari 18.5');
    expect(windowRuntime('curl/8.0')).toBe('a browser');
  });
});
