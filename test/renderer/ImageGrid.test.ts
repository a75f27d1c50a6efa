import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ImageGrid from '../../src/renderer/src/components/ImageGrid.svelte';
import { ImageBrowser } from '../../src/renderer/src/lib/imageBrowser.svelte.ts';

const IMAGES = 10_000;
const requests: { offset: number; limit: number; classIndex: number | null }[] = [];

// a host with 10,000 training images, two classes alternating
window.whisker = {
  async request(method: string, params: { offset: number; limit: number; classIndex: number | null }) {
    if (method !== 'listImages') throw new Error(`unexpected ${method}`);
    requests.push(params);
    const all = Array.from({ length: IMAGES }, (_, index) => ({
      index,
      file: `img${index}.png`,
      label: index % 2,
    }));
    const matching = params.classIndex === null ? all : all.filter((i) => i.label === params.classIndex);
    return { total: matching.length, items: matching.slice(params.offset, params.offset + params.limit) };
  },
  onEvent: () => () => {},
} as unknown as NonNullable<typeof window.whisker>;

// jsdom lays nothing out: the grid's scroll box is 800×600 here
const sizes = { clientWidth: 800, clientHeight: 600 };
beforeAll(() => {
  for (const [name, value] of Object.entries(sizes))
    Object.defineProperty(HTMLElement.prototype, name, { configurable: true, get: () => value });
});
afterAll(() => {
  for (const name of Object.keys(sizes))
    delete (HTMLElement.prototype as unknown as Record<string, unknown>)[name];
});

const drawn = () =>
  [...document.querySelectorAll<HTMLButtonElement>('[data-index]')].map((b) => Number(b.dataset['index']));

describe('the image grid', () => {
  it('draws about a hundred cells of 10,000 images and fetches only the pages it shows', async () => {
    const browser = new ImageBrowser();
    await browser.refresh();
    render(ImageGrid, { browser, classes: ['cat', 'dog'], onopen: () => {} });
    await waitFor(() => expect(screen.getByRole('list', { name: '10000 images' })).toBeTruthy());
    expect(drawn()).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(requests.map((r) => r.offset)).toEqual([0]);
    expect(screen.getByAltText('img42.png')).toBeTruthy();

    const scroller = screen.getByTestId('image-grid');
    Object.defineProperty(scroller, 'scrollTop', { configurable: true, writable: true, value: 500 * 78 });
    await fireEvent.scroll(scroller);
    await waitFor(() => expect(screen.getByAltText('img5000.png')).toBeTruthy());
    const cells = drawn();
    expect(cells[0]).toBe(4980);
    expect(cells.length).toBeLessThanOrEqual(130);
    // the pages that hold 4,980…5,109: 4,800–4,999 and 5,000–5,199
    expect(requests.map((r) => r.offset)).toEqual([0, 4800, 5000]);
  });

  it('moves the focus with the arrow keys and opens the focused image with Enter', async () => {
    const browser = new ImageBrowser();
    browser.classIndex = 1;
    await browser.refresh();
    const opened: number[] = [];
    render(ImageGrid, { browser, classes: ['cat', 'dog'], onopen: (index: number) => opened.push(index) });
    await waitFor(() => expect(screen.getByRole('list', { name: '5000 images' })).toBeTruthy());
    const first = screen.getByAltText('img1.png').closest('button')!;
    expect(first.tabIndex).toBe(0);
    first.focus();
    await fireEvent.keyDown(first, { key: 'ArrowDown' });
    const below = screen.getByAltText('img21.png').closest('button')!;
    expect(document.activeElement).toBe(below);
    expect(first.tabIndex).toBe(-1);
    await fireEvent.click(below);
    expect(opened).toEqual([10]);
  });
});
