import { render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import App from '../../src/renderer/src/App.svelte';
import { PRELOAD_MISSING } from '../../src/renderer/src/lib/host.ts';

// The page as Electron serves it, on whisker://app/, with no preload (jsdom cannot host that origin).
vi.mock('../../src/renderer/src/lib/host.ts', async (original) => {
  const module = await original<typeof import('../../src/renderer/src/lib/host.ts')>();
  const unreachable = module.hostFor(undefined, 'whisker:');
  return { ...module, host: () => unreachable };
});

describe('the app window when its preload did not load', () => {
  it('says so as it starts, instead of failing on a WebSocket to whisker://', async () => {
    render(App);
    expect((await screen.findByRole('alert')).textContent?.trim()).toBe(PRELOAD_MISSING);
  });
});
