import { cleanup } from '@testing-library/svelte';
import { afterEach } from 'vitest';

afterEach(() => cleanup());

// jsdom has no matchMedia; uPlot asks it for the device pixel ratio when it loads.
window.matchMedia ??= ((query: string) => ({
  matches: false,
  media: query,
  onchange: null,
  addEventListener: () => {},
  removeEventListener: () => {},
  addListener: () => {},
  removeListener: () => {},
  dispatchEvent: () => false,
})) as typeof window.matchMedia;

// jsdom has no canvas; charts draw on a stand-in that accepts every 2D call and draws nothing.
HTMLCanvasElement.prototype.getContext = function getContext() {
  const noop = () => {};
  return new Proxy(
    {},
    {
      get: (target: Record<string | symbol, unknown>, key) =>
        key in target ? target[key] : key === 'measureText' ? () => ({ width: 0 }) : noop,
      set: (target: Record<string | symbol, unknown>, key, value) => {
        target[key] = value;
        return true;
      },
    },
  );
} as unknown as typeof HTMLCanvasElement.prototype.getContext;

// jsdom's <dialog> has no methods: open and close it as a browser does, close firing its event.
HTMLDialogElement.prototype.showModal ??= function showModal(this: HTMLDialogElement) {
  this.open = true;
};
HTMLDialogElement.prototype.close ??= function close(this: HTMLDialogElement) {
  if (!this.open) return;
  this.open = false;
  this.dispatchEvent(new Event('close'));
};

// jsdom has no ImageData: pictures are handed to the canvas stand-in above as their pixels and size.
globalThis.ImageData ??= class {
  constructor(
    readonly data: Uint8ClampedArray,
    readonly width: number,
    readonly height: number,
  ) {}
} as unknown as typeof ImageData;
