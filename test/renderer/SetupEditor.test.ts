import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import SetupEditorView from '../../src/renderer/src/components/SetupEditor.svelte';
import { setupParameterCount } from '../../src/core/runSetup.ts';
import { NO_AUGMENTATION } from '../../src/core/augmentation.ts';
import { preset } from '../../src/core/presets.ts';
import { SetupEditor } from '../../src/renderer/src/lib/setup.svelte.ts';

/** The course's data as the editor sees it: 64×64 RGB, 72 cats and 137 non-cats to train on. */
const CATS = {
  input: { width: 64, height: 64, fit: 'stretch' as const },
  counts: [
    { train: 137, validation: 0 },
    { train: 72, validation: 0 },
  ],
};

/** Three classes of 2×2 images, four of each to train on. */
const TINY = {
  input: { width: 2, height: 2, fit: 'stretch' as const },
  counts: [0, 1, 2].map(() => ({ train: 4, validation: 0 })),
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
    render(SetupEditorView, { editor, ...TINY });
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
    const counts = CATS.counts.map((c) => ({ ...c, validation: 5 }));
    render(SetupEditorView, { editor, ...CATS, counts });
    expect(screen.queryByTestId('early-stopping-problem')).toBeNull();
  });
});

describe('the layers of every type', () => {
  const shapes = () => screen.getAllByTestId('layer-shape').map((shape) => shape.textContent!.trim());
  const kinds = (editor: SetupEditor) => editor.setup.hidden.map((layer) => layer.type ?? 'dense');
  async function addLayer(type: string, where = 'at the end') {
    await fireEvent.change(screen.getByLabelText('New layer type'), { target: { value: type } });
    const position = screen.getByLabelText('New layer position') as HTMLSelectElement;
    const option = [...position.options].find((o) => o.textContent!.trim() === where)!;
    await fireEvent.change(position, { target: { value: option.value } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add hidden layer' }));
  }

  it('adds a layer of each type at the end, each with the fields of its type', async () => {
    const editor = new SetupEditor();
    render(SetupEditorView, { editor, ...CATS });
    for (const type of ['conv2d', 'maxPool', 'averagePool', 'batchNorm', 'dropout', 'flatten', 'dense'])
      await addLayer(type);
    expect(kinds(editor)).toEqual([
      'dense',
      'conv2d',
      'maxPool',
      'averagePool',
      'batchNorm',
      'dropout',
      'flatten',
      'dense',
    ]);
    const value = (label: string) => (screen.getByLabelText(label) as HTMLInputElement).value;
    expect(screen.getAllByTestId('layer-kind').map((kind) => kind.textContent)).toEqual([
      'Dense',
      'Convolution',
      'Max pool',
      'Average pool',
      'Batch norm',
      'Dropout',
      'Flatten',
      'Dense',
    ]);
    expect([
      value('Hidden layer 2 filters'),
      value('Hidden layer 2 kernel size'),
      value('Hidden layer 2 stride'),
      value('Hidden layer 2 padding'),
      value('Hidden layer 2 activation'),
    ]).toEqual(['16', '3', '1', 'same', 'relu']);
    expect([value('Hidden layer 3 pool size'), value('Hidden layer 3 stride')]).toEqual(['2', '2']);
    expect([value('Hidden layer 4 pool size'), value('Hidden layer 4 stride')]).toEqual(['2', '2']);
    expect(value('Hidden layer 6 dropout rate')).toBe('0.5');
    // the new dense layer is like the last one: the Quick preset's 32 ReLUs
    expect([value('Hidden layer 8 units'), value('Hidden layer 8 activation')]).toEqual(['32', 'relu']);
    // batch norm and flatten have no numbers of their own
    expect(screen.queryByLabelText(/^Hidden layer (5|7) /)).toBeNull();

    await fireEvent.input(screen.getByLabelText('Hidden layer 2 filters'), { target: { value: '8' } });
    await fireEvent.input(screen.getByLabelText('Hidden layer 2 kernel size'), { target: { value: '5' } });
    await fireEvent.input(screen.getByLabelText('Hidden layer 2 stride'), { target: { value: '2' } });
    await fireEvent.change(screen.getByLabelText('Hidden layer 2 padding'), { target: { value: 'valid' } });
    await fireEvent.change(screen.getByLabelText('Hidden layer 2 activation'), { target: { value: 'tanh' } });
    await fireEvent.input(screen.getByLabelText('Hidden layer 3 pool size'), { target: { value: '3' } });
    await fireEvent.input(screen.getByLabelText('Hidden layer 6 dropout rate'), {
      target: { value: '0.25' },
    });
    expect(editor.snapshot(null).hidden.slice(1, 6)).toEqual([
      { type: 'conv2d', filters: 8, kernel: 5, stride: 2, padding: 'valid', activation: 'tanh' },
      { type: 'maxPool', size: 3, stride: 2 },
      { type: 'averagePool', size: 2, stride: 2 },
      { type: 'batchNorm' },
      { type: 'dropout', rate: 0.25 },
    ]);
  });

  it('adds a layer after the one chosen, or first', async () => {
    const editor = new SetupEditor();
    render(SetupEditorView, { editor, ...CATS });
    await addLayer('flatten');
    await addLayer('conv2d', 'first');
    await addLayer('maxPool', 'after 1 (convolution)');
    expect(kinds(editor)).toEqual(['conv2d', 'maxPool', 'dense', 'flatten']);
    // the new layer's first control has the focus
    expect(document.activeElement).toBe(screen.getByLabelText('Hidden layer 2 pool size'));
  });

  it('moves layers up and down, the focus following the layer moved, and removes a layer of any type', async () => {
    const editor = new SetupEditor();
    render(SetupEditorView, { editor, ...CATS });
    await addLayer('conv2d', 'first');
    await addLayer('maxPool', 'first');
    expect(kinds(editor)).toEqual(['maxPool', 'conv2d', 'dense']);
    await fireEvent.click(screen.getByRole('button', { name: 'Move hidden layer 1 down' }));
    expect(kinds(editor)).toEqual(['conv2d', 'maxPool', 'dense']);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move hidden layer 2 down' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Move hidden layer 2 down' }));
    expect(kinds(editor)).toEqual(['conv2d', 'dense', 'maxPool']);
    // the last hidden layer cannot go further down: the focus goes to its other move
    expect(screen.getByRole('button', { name: 'Move hidden layer 3 down' }).matches(':disabled')).toBe(true);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move hidden layer 3 up' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Move hidden layer 3 up' }));
    expect(kinds(editor)).toEqual(['conv2d', 'maxPool', 'dense']);
    expect(screen.getByRole('button', { name: 'Move hidden layer 1 up' }).matches(':disabled')).toBe(true);

    await fireEvent.click(screen.getByRole('button', { name: 'Remove hidden layer 2' }));
    expect(kinds(editor)).toEqual(['conv2d', 'dense']);
    await fireEvent.click(screen.getByRole('button', { name: 'Remove hidden layer 1' }));
    expect(editor.snapshot(null).hidden).toEqual([{ units: 32, activation: 'relu' }]);
  });

  it('shows the shapes as they flow, and the parameters of each layer and of the whole network', async () => {
    const editor = new SetupEditor();
    render(SetupEditorView, { editor, ...CATS });
    await fireEvent.change(screen.getByLabelText('Preset'), { target: { value: 'Small CNN' } });
    expect(shapes()).toEqual([
      '64×64×3',
      '64×64×16',
      '32×32×16',
      '32×32×32',
      '16×16×32',
      '16×16×64',
      '8×8×64',
      '4,096',
      '64',
      '1',
    ]);
    // a 3×3 convolution's weights are 3·3·C_in per filter, and a bias each
    const conv = (c: number, filters: number) => 3 * 3 * c * filters + filters;
    expect(screen.getAllByTestId('layer-parameters').map((p) => p.textContent!.trim())).toEqual([
      `${conv(3, 16)} parameters`,
      'no parameters',
      `${conv(16, 32).toLocaleString('en')} parameters`,
      'no parameters',
      `${conv(32, 64).toLocaleString('en')} parameters`,
      'no parameters',
      'no parameters',
      `${(4096 * 64 + 64).toLocaleString('en')} parameters`,
      '65 parameters',
    ]);
    const total = conv(3, 16) + conv(16, 32) + conv(32, 64) + 4096 * 64 + 64 + 65;
    expect(screen.getByTestId('parameter-count').textContent!.trim()).toBe(
      `${total.toLocaleString('en')} parameters`,
    );
    // batch normalisation trains γ and β per channel, and keeps running statistics beside them
    await fireEvent.change(screen.getByLabelText('New layer type'), { target: { value: 'batchNorm' } });
    await fireEvent.change(screen.getByLabelText('New layer position'), { target: { value: '1' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add hidden layer' }));
    expect(screen.getAllByTestId('layer-parameters')[1]!.textContent!.trim()).toBe(
      '32 parameters + 32 statistics',
    );
  });

  it('says what is wrong at the layer it concerns, and shows no shapes past it', async () => {
    const editor = new SetupEditor();
    render(SetupEditorView, { editor, ...TINY });
    await addLayer('conv2d', 'first');
    expect(shapes()).toEqual(['2×2×3', '2×2×16', '32', '3']);
    await fireEvent.change(screen.getByLabelText('Hidden layer 1 padding'), { target: { value: 'valid' } });
    const problem = screen.getByText('a 3×3 valid convolution on 2×2 input leaves nothing');
    expect(problem.closest('li')).toBe(screen.getByLabelText('Hidden layer 1 filters').closest('li'));
    expect(screen.getByLabelText('Hidden layer 1 kernel size').getAttribute('aria-describedby')).toBe(
      problem.id,
    );
    expect(shapes()).toEqual(['2×2×3', '–', '–', '–']);
    expect(screen.getByTestId('parameter-count').textContent!.trim()).toBe(
      'Parameters: once every layer fits',
    );
    expect(screen.getByTestId('updates').textContent).toMatch(/show once the layers fit/);

    await fireEvent.input(screen.getByLabelText('Hidden layer 1 kernel size'), { target: { value: '1' } });
    expect(screen.queryByText(/leaves nothing/)).toBeNull();
    expect(shapes()).toEqual(['2×2×3', '2×2×16', '32', '3']);
    // a number left out is a problem of its layer too
    await fireEvent.input(screen.getByLabelText('Hidden layer 2 units'), { target: { value: '' } });
    expect(screen.getByText(/^units must be an integer from 1 to/).closest('li')).toBe(
      screen.getByLabelText('Hidden layer 2 units').closest('li'),
    );
    expect(shapes()).toEqual(['2×2×3', '2×2×16', '–', '–']);
  });
});
