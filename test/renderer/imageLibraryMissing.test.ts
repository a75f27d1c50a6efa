import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterAll, describe, expect, it } from 'vitest';
import App from '../../src/renderer/src/App.svelte';

const REASON =
  "the image library (sharp, WebAssembly build) could not be loaded: Cannot find module '@img/sharp-wasm32/sharp.node'";

// Under Electron: the preload is there, and the trainer refuses to read images, saying why.
window.whisker = {
  request: async (method: string) => {
    if (method === 'loadSample') throw new Error(REASON);
    return {};
  },
  onEvent: () => () => {},
  dropped: async () => [],
  choose: async () => [],
};
afterAll(() => delete window.whisker);

describe('the Data view when the trainer cannot load its image library', () => {
  it('says what is wrong where the user asked for data', async () => {
    render(App, { connect: false });
    await fireEvent.click(screen.getByRole('button', { name: 'Try sample data' }));
    expect((await screen.findByRole('alert')).textContent?.trim()).toBe(REASON);
    expect(screen.getByRole('region', { name: 'Drop a folder of images here' })).toBeTruthy();
  });
});
