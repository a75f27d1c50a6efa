import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { confusion, filterResults, precisionRecall, score } from '../../src/renderer/src/lib/results.ts';

const items = [
  { index: 0, file: 'a', label: 1, probabilities: [0.1, 0.9] },
  { index: 1, file: 'b', label: 1, probabilities: [0.6, 0.4] },
  { index: 2, file: 'c', label: 0, probabilities: [0.8, 0.2] },
  { index: 3, file: 'd', label: 0, probabilities: [0.45, 0.55] },
];

describe('results', () => {
  it('predicts with the decision threshold and builds the confusion matrix [actual][predicted]', () => {
    expect(confusion(score(items), 2)).toEqual([
      [1, 1],
      [1, 1],
    ]);
    // a higher threshold for class 1 turns the 0.55 into class 0 and the 0.4 stays class 0
    expect(confusion(score(items, 0.6), 2)).toEqual([
      [2, 0],
      [1, 1],
    ]);
    expect(
      precisionRecall([
        [2, 0],
        [1, 1],
      ]),
    ).toEqual([
      { precision: 2 / 3, recall: 1 },
      { precision: 1, recall: 0.5 },
    ]);
    expect(
      precisionRecall([
        [0, 0],
        [0, 3],
      ])[0],
    ).toEqual({ precision: null, recall: null });
  });

  it('filters misclassified and least confident images, and the images behind a cell', () => {
    const scored = score(items);
    expect(filterResults(scored, { kind: 'all' }).map((s) => s.file)).toEqual(['a', 'c', 'b', 'd']);
    expect(filterResults(scored, { kind: 'misclassified' }).map((s) => s.file)).toEqual(['b', 'd']);
    expect(filterResults(scored, { kind: 'leastConfident' }).map((s) => s.file)).toEqual([
      'd',
      'b',
      'c',
      'a',
    ]);
    expect(filterResults(scored, { kind: 'cell', actual: 0, predicted: 1 }).map((s) => s.file)).toEqual([
      'd',
    ]);
  });

  it('three classes predict the most probable class', () => {
    const [s] = score([{ index: 0, file: 'x', label: 2, probabilities: [0.2, 0.3, 0.5] }]);
    expect([s!.predicted, s!.confidence]).toEqual([2, 0.5]);
  });
});

describe('the Results view', () => {
  it('shows the results when it opens, and the images behind a confusion-matrix cell', async () => {
    window.whisker = {
      request: (async () => ({ classes: ['non-cat', 'cat'], items })) as never,
      onEvent: () => () => {},
    } as unknown as NonNullable<typeof window.whisker>;
    const { default: ResultsPanel } = await import('../../src/renderer/src/components/ResultsPanel.svelte');
    render(ResultsPanel, { splits: ['test'], dataSetId: 1 });
    expect((await screen.findByTestId('results-accuracy')).textContent).toBe('Accuracy 50.0% on 4 images');
    const cell = screen.getByRole('button', { name: '1 non-cat predicted as cat' });
    await fireEvent.click(cell);
    expect(cell.getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('results-showing').textContent).toBe('1 image: non-cat predicted as cat');
    const shown = within(screen.getByRole('list', { name: 'Images and their predictions' })).getAllByRole(
      'button',
    );
    // each image says what it is, what it was taken for and the probability the threshold decides on
    expect(shown.map((b) => b.getAttribute('aria-label'))).toEqual([
      'd: non-cat, predicted cat, p(cat) 55.0%',
    ]);
    await fireEvent.click(screen.getByRole('button', { name: 'Misclassified' }));
    expect(screen.getByRole('button', { name: 'Misclassified' }).getAttribute('aria-pressed')).toBe('true');
    expect(cell.getAttribute('aria-pressed')).toBe('false');
    expect(
      screen.getByRole('list', { name: 'Images and their predictions' }).querySelectorAll('li'),
    ).toHaveLength(2);
  });
});
