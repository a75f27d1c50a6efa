import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import SetupEditorView from '../../src/renderer/src/components/SetupEditor.svelte';
import { setupParameterCount } from '../../src/core/runSetup.ts';
import { NO_AUGMENTATION } from '../../src/core/augmentation.ts';
import { preset } from '../../src/core/presets.ts';
import { SetupEditor } from '../../src/renderer/src/lib/setup.svelte.ts';

/** The course's data as the editor sees it: 64×64 RGB, 72 cats and 137 non-cats to train on. */
const CATS = {
  input: { width: 64, height: 64 },
  classCount: 2,
  trainPerClass: [137, 72],
  validationFolder: false,
};

describe('the network editor', () => {
  it("applies the course's 4-layer preset and counts its parameters", async () => {
    const editor = new SetupEditor();
    render(SetupEditorView, { editor, ...CATS });
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
    expect(screen.getByText('1 sigmoid unit')).toBeTruthy();
    expect((screen.getByLabelText('Preset') as HTMLSelectElement).value).toBe('Course: 4-layer');
    // full batch: one update an epoch
    expect(screen.getByTestId('updates').textContent).toMatch(/^2,500 updates = 2,500 epochs × ⌈209\/209⌉$/);
  });

  it('adds, resizes and removes hidden layers, and the output follows the classes', async () => {
    const editor = new SetupEditor();
    render(SetupEditorView, {
      editor,
      input: { width: 2, height: 2 },
      classCount: 3,
      trainPerClass: [4, 4, 4],
      validationFolder: false,
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Add hidden layer' }));
    expect(editor.setup.hidden).toHaveLength(2);
    await fireEvent.input(screen.getByLabelText('Hidden layer 2 units'), { target: { value: '4' } });
    await fireEvent.change(screen.getByLabelText('Hidden layer 2 activation'), { target: { value: 'tanh' } });
    expect(editor.setup.hidden[1]).toEqual({ units: 4, activation: 'tanh' });
    await fireEvent.click(screen.getByRole('button', { name: 'Remove hidden layer 1' }));
    expect(editor.snapshot(null).hidden).toEqual([{ units: 4, activation: 'tanh' }]);
    expect(screen.getByText('3 softmax units')).toBeTruthy();
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

  it('names the preset the settings are, and says when they are the user’s own', async () => {
    const editor = new SetupEditor();
    render(SetupEditorView, { editor, ...CATS });
    const presetField = screen.getByLabelText('Preset') as HTMLSelectElement;
    await fireEvent.change(presetField, { target: { value: 'Course: 2-layer' } });
    expect(presetField.value).toBe('Course: 2-layer');
    await fireEvent.input(screen.getByLabelText('Epochs'), { target: { value: '10' } });
    expect(presetField.value).toBe('');
    expect(presetField.selectedOptions[0]?.textContent).toBe('Your own settings');
  });

  it('counts the updates a run makes: epochs × ⌈m/B⌉, m after the validation share is held out', async () => {
    const editor = new SetupEditor();
    render(SetupEditorView, { editor, ...CATS });
    await fireEvent.change(screen.getByLabelText('Preset'), { target: { value: 'Course: 2-layer' } });
    await fireEvent.input(screen.getByLabelText('Batch size (0 = full batch)'), { target: { value: '64' } });
    await fireEvent.input(screen.getByLabelText('Validation share'), { target: { value: '0.2' } });
    // 137 − 27 non-cats and 72 − 14 cats train: 168 examples, 3 batches of 64
    expect(screen.getByTestId('updates').textContent).toBe('7,500 updates = 2,500 epochs × ⌈168/64⌉');
  });

  it('says how long a run will take before it starts: batch 1 on the course preset takes minutes, not seconds', async () => {
    const editor = new SetupEditor();
    render(SetupEditorView, { editor, ...CATS });
    await fireEvent.change(screen.getByLabelText('Preset'), { target: { value: 'Course: 4-layer' } });
    const fullBatch = screen.getByTestId('duration').textContent!.trim();
    await fireEvent.input(screen.getByLabelText('Batch size (0 = full batch)'), { target: { value: '1' } });
    expect(screen.getByTestId('updates').textContent).toBe('522,500 updates = 2,500 epochs × ⌈209/1⌉');
    expect(screen.getByTestId('duration').textContent!.trim()).toMatch(
      /^Training takes about \d+ min on a typical machine\.$/,
    );
    expect(fullBatch).not.toBe(screen.getByTestId('duration').textContent!.trim());
  });

  it('sets the strengths of augmentation, says which are on, and what is wrong with them', async () => {
    const editor = new SetupEditor();
    render(SetupEditorView, { editor, ...CATS });
    expect(screen.getByTestId('augmentation-summary').textContent).toBe('off');
    await fireEvent.input(screen.getByLabelText('Horizontal flip'), { target: { value: '0.5' } });
    await fireEvent.input(screen.getByLabelText('Rotation (°)'), { target: { value: '10' } });
    expect(editor.snapshot(null).augmentation).toEqual({ ...NO_AUGMENTATION, flip: 0.5, rotation: 10 });
    expect(screen.getByTestId('augmentation-summary').textContent).toBe('horizontal flip 0.5, rotation 10°');
    expect((screen.getByLabelText('Preset') as HTMLSelectElement).value).toBe('');
    await fireEvent.input(screen.getByLabelText('Shift (pixels)'), { target: { value: '2.5' } });
    expect(screen.getByText('Augmentation: shift must be a whole number from 0 to 32 pixels.')).toBeTruthy();
    await fireEvent.change(screen.getByLabelText('Preset'), { target: { value: 'Course: 2-layer' } });
    expect(screen.getByTestId('augmentation-summary').textContent).toBe('off');
  });

  it('cannot be changed while a run trains, and says why', () => {
    const editor = new SetupEditor();
    render(SetupEditorView, { editor, ...CATS, locked: 'These are the settings of the run in progress.' });
    expect(screen.getByText('These are the settings of the run in progress.')).toBeTruthy();
    expect((screen.getByLabelText('Epochs') as HTMLInputElement).matches(':disabled')).toBe(true);
    expect((screen.getByLabelText('Preset') as HTMLSelectElement).matches(':disabled')).toBe(true);
  });

  it('sets early stopping’s patience, and says it needs a validation split when there is none', async () => {
    const editor = new SetupEditor();
    render(SetupEditorView, { editor, ...CATS });
    await fireEvent.change(screen.getByLabelText('Preset'), { target: { value: 'Course: 2-layer' } });
    expect(editor.snapshot(null).earlyStopping).toBe(0);
    expect(screen.queryByTestId('early-stopping-problem')).toBeNull();

    await fireEvent.input(screen.getByLabelText('Early stopping patience (epochs, 0 = off)'), {
      target: { value: '10' },
    });
    expect(editor.snapshot(null).earlyStopping).toBe(10);
    expect(screen.getByTestId('early-stopping-problem').textContent!.trim()).toBe(
      'Early stopping watches the validation split; hold some out with a validation share above 0.',
    );
    await fireEvent.input(screen.getByLabelText('Validation share'), { target: { value: '0.2' } });
    expect(screen.queryByTestId('early-stopping-problem')).toBeNull();
  });

  it('does not ask for a share held out when the data has its own validation folder', async () => {
    const editor = new SetupEditor();
    editor.use({ ...editor.snapshot(null), validationFraction: 0, earlyStopping: 5 });
    render(SetupEditorView, { editor, ...CATS, validationFolder: true });
    expect(screen.queryByTestId('early-stopping-problem')).toBeNull();
  });
});
