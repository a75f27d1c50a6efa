import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { ModelSummary } from '../../src/api/contract.ts';
import ClassifyPanel from '../../src/renderer/src/components/ClassifyPanel.svelte';
import { app } from '../../src/renderer/src/state/app.svelte.ts';

const model: ModelSummary = {
  architecture: '12 → 2 softmax',
  classes: ['cat', 'dog'],
  width: 2,
  height: 2,
  metrics: null,
  setup: null,
  datasetHash: null,
  createdAt: new Date(0).toISOString(),
};

/** A host that answers each classify request only when told to, as a busy one would. */
function slowHost() {
  const waiting: (() => void)[] = [];
  window.whisker = {
    request: (async (method: string, params: { photos: { name: string }[] }) => {
      if (method !== 'classify') throw new Error(`unexpected ${method}`);
      await new Promise<void>((resolve) => waiting.push(resolve));
      return {
        predictions: params.photos.map((p) => ({ file: p.name, probabilities: [0.25, 0.75], error: null })),
      };
    }) as never,
    onEvent: () => () => {},
    dropped: (async (files: File[]) => files.map((f) => `/photos/${f.name}`)) as never,
    choose: (async () => []) as never,
  };
  return { answer: () => waiting.shift()?.() };
}

describe('the Classify view', () => {
  it('shows its progress while photos are classified, a few at a time', async () => {
    const host = slowHost();
    let made = 0;
    URL.createObjectURL = () => `blob:photo-${made++}`;
    URL.revokeObjectURL = () => {};
    app.model = model;
    render(ClassifyPanel);
    const photos = Array.from({ length: 10 }, (_, i) => new File(['x'], `p${i}.png`, { type: 'image/png' }));
    await fireEvent.change(screen.getByLabelText('Photos to classify'), { target: { files: photos } });
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/Classifying 0 of 10 photos/));
    host.answer();
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/Classifying 4 of 10 photos/));
    host.answer();
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/Classifying 8 of 10 photos/));
    host.answer();
    await waitFor(() =>
      expect(screen.getAllByRole('list', { name: 'Classified photos' })[0]!.children).toHaveLength(10),
    );
    expect(screen.queryByRole('status')).toBeNull();
    app.model = null;
  });
});
