import { describe, expect, it, vi } from 'vitest';

const exposed = new Map<string, Record<string, (...args: never[]) => unknown>>();
const invoke = vi.fn(async (..._args: unknown[]): Promise<unknown> => ({ ok: true, result: 'answer' }));
const on = vi.fn();
const off = vi.fn();

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (name: string, api: Record<string, (...args: never[]) => unknown>) =>
      exposed.set(name, api),
  },
  ipcRenderer: { invoke, on, off },
  webUtils: { getPathForFile: (file: { path?: string }) => file.path ?? '' },
}));

await import('../../src/preload/index.ts');
const { CHANNELS } = await import('../../src/api/channels.ts');

describe('the preload', () => {
  const api = () => exposed.get('whisker')!;

  it('exposes the contract and nothing else: no ipcRenderer, no Node', () => {
    expect([...exposed.keys()]).toEqual(['whisker']);
    expect(Object.keys(api()).sort()).toEqual(['choose', 'dropped', 'onEvent', 'request']);
    expect(Object.isFrozen(api())).toBe(true);
  });

  it('sends requests as numbered envelopes on the request channel', async () => {
    const request = api()['request'] as (method: string, params?: unknown) => Promise<unknown>;
    expect(await request('state')).toBe('answer');
    await request('loadSample', { seed: 2 });
    expect(invoke.mock.calls.map((call) => call[0])).toEqual([CHANNELS.request, CHANNELS.request]);
    const [first, second] = invoke.mock.calls.map(
      (call) => call[1] as { id: number; method: string; params: unknown },
    );
    expect(first).toEqual({ id: first!.id, method: 'state', params: {} });
    expect(second).toEqual({ id: first!.id + 1, method: 'loadSample', params: { seed: 2 } });
  });

  it('passes events to a listener, without the IPC event object, until unsubscribed', () => {
    const listener = vi.fn();
    const stop = (api()['onEvent'] as (l: (e: unknown) => void) => () => void)(listener);
    const forward = on.mock.calls[0]![1] as (event: unknown, data: unknown) => void;
    forward({ sender: 'secret ipc internals' }, { type: 'error', message: 'x' });
    expect(listener).toHaveBeenCalledWith({ type: 'error', message: 'x' });
    stop();
    expect(off).toHaveBeenCalledWith(CHANNELS.event, forward);
  });

  it('raises a refusal as a plain error carrying only main’s reason', async () => {
    invoke.mockResolvedValueOnce({ ok: false, error: 'there is no model yet' });
    const request = api()['request'] as (method: string, params?: unknown) => Promise<unknown>;
    await expect(request('results', { split: 'test' })).rejects.toThrow(/^there is no model yet$/);
  });

  it('pairs each dropped file with its real path, in order, reporting only real paths to main', async () => {
    invoke.mockClear();
    const dropped = api()['dropped'] as (files: unknown[]) => Promise<(string | null)[]>;
    expect(await dropped([{}, { path: '/home/me/pets' }, {}])).toEqual([null, '/home/me/pets', null]);
    expect(invoke).toHaveBeenCalledWith(CHANNELS.dropped, ['/home/me/pets']);
  });

  it('asks main for one of its dialogs and returns what was chosen', async () => {
    invoke.mockResolvedValueOnce({ ok: true, result: ['/home/me/pets'] });
    const choose = api()['choose'] as (choice: string) => Promise<string[]>;
    expect(await choose('folder')).toEqual(['/home/me/pets']);
    expect(invoke).toHaveBeenLastCalledWith(CHANNELS.choose, 'folder');
  });
});
