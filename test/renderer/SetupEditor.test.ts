import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import SetupEditorView from '../../src/renderer/src/components/SetupEditor.svelte';
import { setupParameterCount } from '../../src/core/runSetup.ts';
import { preset } from '../../src/core/presets.ts';
import { SetupEditor } from '../../src/renderer/src/lib/setup.svelte.ts';

describe('the network editor', () => {
  it("applies the course's 4-layer preset and counts its parameters", async () => {
    const editor = new SetupEditor();
    render(SetupEditorView, { editor, input: { width: 64, height: 64 }, classCount: 2 });
    await fireEvent.change(screen.getByLabelText('Preset'), { target: { value: 'Course: 4-layer' } });
    expect(editor.snapshot(null)).toMatchObject({
      hidden: [
        { units: 20, activation: 'relu' },
        { units: 7, activation: 'relu' },
        { units: 5, activation: 'relu' },
      ],
      initializer: 'lecun',
      optimizer: 'gradientDescent',
      learningRate: 0.0075,
      batchSize: 0,
      epochs: 2500,
    });
    expect(screen.getByTestId('parameter-count').textContent).toBe(
      `${(20 * 12289 + 7 * 21 + 5 * 8 + 6).toLocaleString('en')} parameters`,
    );
    expect(screen.getByText(/Output: 1\s+sigmoid unit, cross-entropy/)).toBeTruthy();
  });

  it('adds, resizes and removes hidden layers, and the output follows the classes', async () => {
    const editor = new SetupEditor();
    render(SetupEditorView, { editor, input: { width: 2, height: 2 }, classCount: 3 });
    await fireEvent.click(screen.getByRole('button', { name: 'Add hidden layer' }));
    expect(editor.setup.hidden).toHaveLength(2);
    await fireEvent.input(screen.getByLabelText('Hidden layer 2 units'), { target: { value: '4' } });
    await fireEvent.change(screen.getByLabelText('Hidden layer 2 activation'), { target: { value: 'tanh' } });
    expect(editor.setup.hidden[1]).toEqual({ units: 4, activation: 'tanh' });
    await fireEvent.click(screen.getByRole('button', { name: 'Remove hidden layer 1' }));
    expect(editor.snapshot(null).hidden).toEqual([{ units: 4, activation: 'tanh' }]);
    expect(screen.getByText(/Output: 3\s+softmax units/)).toBeTruthy();
    expect(screen.getByTestId('parameter-count').textContent).toBe(`${4 * 13 + 3 * 5} parameters`);
  });

  it('counts Σ n_l (n_(l−1) + 1), logistic regression included', () => {
    const shape = { inputSize: 12288, classCount: 2 };
    expect(setupParameterCount(preset('Course: logistic regression'), shape)).toBe(12289);
    expect(setupParameterCount(preset('Course: 2-layer'), shape)).toBe(7 * 12289 + 8);
  });

  it('sends the data set’s input and leaves the class order to the data set', () => {
    const editor = new SetupEditor();
    const dataSet = { input: { width: 32, height: 16, fit: 'crop' as const } };
    expect(editor.snapshot(dataSet as never)).toMatchObject({ input: dataSet.input, classOrder: null });
  });
});
