import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import App from '../../src/renderer/src/App.svelte';
import EmptyState from '../../src/renderer/src/components/EmptyState.svelte';

describe('the app shell', () => {
  it('shows the title and an empty state inviting the user to drop a folder', () => {
    render(App, { connect: false });
    expect(screen.getByRole('heading', { level: 1, name: 'Whisker' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try sample data' })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Drop a folder of images here' })).toBeTruthy();
    expect(screen.getByText(/each class in its own sub-folder/)).toBeTruthy();
  });

  it('highlights the drop zone while something is dragged over it and hands over what is dropped', async () => {
    const ondrop = vi.fn();
    render(EmptyState, { ondrop });
    const zone = screen.getByRole('region');
    await fireEvent.dragOver(zone);
    expect(zone.classList.contains('dragging')).toBe(true);
    const dataTransfer = { files: [], items: [] };
    await fireEvent.drop(zone, { dataTransfer });
    expect(zone.classList.contains('dragging')).toBe(false);
    expect(ondrop).toHaveBeenCalledTimes(1);
  });
});
