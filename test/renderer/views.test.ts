import { fireEvent, render, screen } from '@testing-library/svelte';
import { flushSync, tick } from 'svelte';
import { describe, expect, it } from 'vitest';
import App from '../../src/renderer/src/App.svelte';
import { app } from '../../src/renderer/src/state/app.svelte.ts';

describe('views and their shortcuts', () => {
  it('keeps the other views closed until there is data, then switches with Alt+1…8 and focuses the new view heading', async () => {
    render(App, { connect: false });
    const nav = screen.getByRole('navigation', { name: 'Views' });
    const button = (name: string) =>
      screen.getByRole('button', { name, exact: true } as never) as HTMLButtonElement;
    expect(button('Train').disabled).toBe(true);
    await fireEvent.keyDown(window, { key: '2', code: 'Digit2', altKey: true });
    expect(app.view).toBe('data');

    app.dataSet = {
      id: 1,
      source: 'pets',
      classes: ['cat', 'dog'],
      width: 8,
      height: 8,
      input: { width: 8, height: 8, fit: 'stretch' },
      splitBy: 'random',
      counts: [
        { name: 'cat', train: 3, validation: 0, test: 1 },
        { name: 'dog', train: 3, validation: 0, test: 1 },
      ],
      warnings: [],
      skipped: [],
      duplicates: [],
      nearDuplicates: [],
    };
    flushSync();
    expect(nav.querySelector('[aria-current="page"]')!.textContent).toBe('Data');
    await fireEvent.keyDown(window, { key: '6', code: 'Digit6', altKey: true });
    expect(screen.getByText(/There is no model yet: train one in the Train view \(Alt\+3\)/)).toBeTruthy();
    await fireEvent.keyDown(window, { key: '3', code: 'Digit3', altKey: true });
    await tick();
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Train' }));
    // the input's shape, then its length: two pieces of text
    expect(screen.getByText((_, element) => element?.textContent === '8×8×3 = 192 values')).toBeTruthy();
    await fireEvent.click(button('Data'));
    expect(screen.getByRole('heading', { name: 'Data: pets' })).toBeTruthy();
    app.dataSet = null;
    app.view = 'data';
  });

  it('switches with Option+digit on macOS, where the key types another character, and not with the number pad', async () => {
    render(App, { connect: false });
    app.dataSet = {
      id: 1,
      source: 'pets',
      classes: ['cat', 'dog'],
      width: 8,
      height: 8,
      input: { width: 8, height: 8, fit: 'stretch' },
      splitBy: 'random',
      counts: [
        { name: 'cat', train: 3, validation: 0, test: 1 },
        { name: 'dog', train: 3, validation: 0, test: 1 },
      ],
      warnings: [],
      skipped: [],
      duplicates: [],
      nearDuplicates: [],
    };
    flushSync();
    // Option+7 and Option+8 on a US Mac keyboard
    await fireEvent.keyDown(window, { key: '¶', code: 'Digit7', altKey: true });
    expect(app.view).toBe('classify');
    await fireEvent.keyDown(window, { key: '•', code: 'Digit8', altKey: true });
    expect(app.view).toBe('model');
    await fireEvent.keyDown(window, { key: '1', code: 'Numpad1', altKey: true });
    expect(app.view).toBe('model');
    await fireEvent.keyDown(window, { key: '1', code: 'Digit1', altKey: true, ctrlKey: true });
    expect(app.view).toBe('model');
    app.dataSet = null;
    app.view = 'data';
  });
});
