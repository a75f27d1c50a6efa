/**
 * The renderer's only way to its host: the contract, through the Electron
 * preload's `window.whisker` when there is one, otherwise through the web
 * host's WebSocket on this page's own origin.
 */
import type { AppEvent, Replies } from '../../../api/contract.ts';

export type Method = keyof Replies;

export interface WhiskerApi {
  request<M extends Method>(method: M, params?: unknown): Promise<Replies[M]>;
  onEvent(listener: (event: AppEvent) => void): () => void;
  /** Electron only: tells main the paths of dropped files, which it may then open */
  dropped?(files: File[]): Promise<string[]>;
}

declare global {
  interface Window {
    whisker?: WhiskerApi;
  }
}

function socketApi(): WhiskerApi {
  const listeners = new Set<(event: AppEvent) => void>();
  const pending = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const url = new URL('/api', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(url);
  const open = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener(
      'error',
      () => reject(new Error('cannot reach Whisker: is `npm run web` still running?')),
      { once: true },
    );
  });
  socket.addEventListener('message', (message) => {
    const data = JSON.parse(String(message.data)) as
      | { event: AppEvent }
      | { id: number; ok: true; result: never }
      | { id: number; ok: false; error: string };
    if ('event' in data) {
      for (const listener of listeners) listener(data.event);
      return;
    }
    const request = pending.get(data.id);
    pending.delete(data.id);
    if (data.ok) request?.resolve(data.result);
    else request?.reject(new Error(data.error));
  });
  socket.addEventListener('close', () => {
    for (const request of pending.values()) request.reject(new Error('the connection to Whisker closed'));
    pending.clear();
  });
  return {
    async request(method, params = {}) {
      await open;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: never) => void, reject });
        socket.send(JSON.stringify({ id, method, params }));
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

let api: WhiskerApi | null = null;

export function whisker(): WhiskerApi {
  api ??= window.whisker ?? socketApi();
  return api;
}
