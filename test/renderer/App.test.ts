import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from '../../src/renderer/src/App.svelte';
import { app } from '../../src/renderer/src/state/app.svelte.ts';

describe('the app shell', () => {
  it('shows the title and an empty state inviting the user to drop a folder', () => {
    render(App, { connect: false });
    expect(screen.getByRole('heading', { level: 1, name: 'Whisker' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try sample data' })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Drop a folder of images here' })).toBeTruthy();
    expect(screen.getByText(/each class in its own sub-folder/)).toBeTruthy();
  });

  it('highlights the drop zone while something is dragged over it, and says what to drop when it holds nothing', async () => {
    render(App, { connect: false });
    const zone = screen.getByRole('region', { name: 'Drop a folder of images here' });
    await fireEvent.dragOver(zone);
    expect(zone.classList.contains('dragging')).toBe(true);
    await fireEvent.drop(zone, { dataTransfer: { files: [], items: [] } });
    expect(zone.classList.contains('dragging')).toBe(false);
    expect((await screen.findByRole('alert')).textContent?.trim()).toBe(
      'Nothing to open: drop a folder that holds one sub-folder per class, or the course’s .h5 files',
    );
    app.task.error = null;
  });
});
