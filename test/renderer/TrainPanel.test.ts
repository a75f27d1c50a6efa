import { fireEvent, render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import App from '../../src/renderer/src/App.svelte';
import { setupEditor } from '../../src/renderer/src/lib/setup.svelte.ts';
import { app } from '../../src/renderer/src/state/app.svelte.ts';

/** 8×8 photos of cats and dogs, three of each to train on. */
function openPets() {
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
  app.view = 'train';
  flushSync();
}

afterEach(() => {
  app.dataSet = null;
  app.view = 'data';
  setupEditor.usePreset('Quick: one hidden layer, Adam');
});

// the whole app renders in each test: slow on a busy machine
describe('starting a run from the Train view', { timeout: 20_000 }, () => {
  it('cannot start a network whose layers do not fit the images, and says why in the words shown at the layer', async () => {
    render(App, { connect: false });
    openPets();
    const start = screen.getByRole('button', { name: 'Start training' }) as HTMLButtonElement;
    expect(start.disabled).toBe(false);

    setupEditor.addLayer('conv2d', 0);
    flushSync();
    await fireEvent.input(screen.getByLabelText('Hidden layer 1 kernel size'), { target: { value: '9' } });
    await fireEvent.change(screen.getByLabelText('Hidden layer 1 padding'), { target: { value: 'valid' } });

    expect(start.disabled).toBe(true);
    const why = 'Layer 1: a 9×9 valid convolution on 8×8 input leaves nothing.';
    expect(screen.getByText(why).id).toBe(start.getAttribute('aria-describedby'));
    expect(start.title).toBe(why);
    expect(screen.getByText('a 9×9 valid convolution on 8×8 input leaves nothing').closest('li')).toBe(
      screen.getByLabelText('Hidden layer 1 kernel size').closest('li'),
    );

    await fireEvent.change(screen.getByLabelText('Hidden layer 1 padding'), { target: { value: 'same' } });
    expect(start.disabled).toBe(false);
    expect(screen.queryByText(why)).toBeNull();
  });

  it('names the gradient chart’s series after the layers that have weights', async () => {
    render(App, { connect: false });
    openPets();
    setupEditor.usePreset('Small CNN');
    flushSync();
    // conv, pool, conv, pool, conv, pool, flatten, dense, output: weights at layers 1, 3, 5, 8 and 9
    const chart = screen.getAllByText(/^Gradient per parameter/)[0]!.closest('figure')!;
    expect(chart.textContent).toMatch(/layer 1\b.*layer 3\b.*layer 5\b.*layer 8\b.*layer 9\b/);
    expect(chart.textContent).not.toMatch(/layer [2467]\b/);
  });
});
