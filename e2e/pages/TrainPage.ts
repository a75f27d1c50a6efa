import { expect, type Locator, type Page } from '@playwright/test';
import { AUGMENTATIONS, type AugmentationName } from '../../src/core/augmentation.ts';

export interface Settings {
  preset?: string;
  epochs?: number;
  learningRate?: number;
  batchSize?: number;
  optimizer?: string;
  initializer?: string;
  validationShare?: number;
  /** early stopping's patience in epochs (0: off) */
  earlyStopping?: number;
  /** the activation of hidden layer 1 */
  activation?: string;
}

/** The layer types as the editor names them. */
export type LayerType =
  'dense' | 'convolution' | 'max pool' | 'average pool' | 'flatten' | 'dropout' | 'batch norm';

/** A hidden layer's numbers, as its fields name them. */
export interface LayerFields {
  units?: number;
  filters?: number;
  /** the side k of a k×k kernel */
  kernel?: number;
  stride?: number;
  padding?: 'same' | 'valid';
  activation?: string;
  /** a pool's window side */
  size?: number;
  rate?: number;
}

const FIELD_LABELS: Record<keyof LayerFields, string> = {
  units: 'units',
  filters: 'filters',
  kernel: 'kernel size',
  stride: 'stride',
  padding: 'padding',
  activation: 'activation',
  size: 'pool size',
  rate: 'dropout rate',
};

/** The Train view: the network editor, the run's controls and progress, and what the diagnostics see. */
export class TrainPage {
  readonly heading: Locator;
  readonly status: Locator;
  /** the loss-per-batch chart */
  readonly batchChart: Locator;
  readonly findings: Locator;
  readonly parameterCount: Locator;
  readonly ended: Locator;
  /** the settings' Augmentation group, and the strengths it says are on ("off" when none) */
  readonly augmentation: Locator;
  readonly augmentationSummary: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Train', exact: true });
    this.status = page.getByRole('region', { name: 'Progress' });
    this.batchChart = page.locator('figure').filter({ hasText: 'Loss per batch' });
    this.findings = page.getByRole('region', { name: 'What the diagnostics see' });
    this.parameterCount = page.getByTestId('parameter-count');
    // how a run ended: in general, or with early stopping, which epoch's weights it kept
    this.ended = page.getByText(
      /^(Run (completed|stopped)\.|.+ Kept the weights of epoch \d+, the best on validation\.)$/,
    );
    this.augmentation = page
      .locator('details')
      .filter({ has: page.locator('summary', { hasText: 'Augmentation' }) });
    this.augmentationSummary = page.getByTestId('augmentation-summary');
  }

  /** Sets the strengths of augmentation in its group of the settings, opening the group first. */
  async augment(strengths: Partial<Record<AugmentationName, number>>): Promise<void> {
    if ((await this.augmentation.getAttribute('open')) === null)
      await this.augmentation.locator('summary').click();
    for (const [name, strength] of Object.entries(strengths)) {
      const { label } = AUGMENTATIONS[name as AugmentationName];
      await this.augmentation.getByRole('spinbutton', { name: label }).fill(String(strength));
    }
  }

  async set(settings: Settings): Promise<void> {
    const { page } = this;
    if (settings.preset) await page.getByLabel('Preset').selectOption(settings.preset);
    if (settings.activation)
      await page.getByLabel('Hidden layer 1 activation').selectOption(settings.activation);
    if (settings.optimizer) await page.getByLabel('Optimiser').selectOption(settings.optimizer);
    if (settings.initializer) await page.getByLabel('Initialiser').selectOption(settings.initializer);
    if (settings.learningRate !== undefined)
      await page.getByLabel('Learning rate').fill(String(settings.learningRate));
    if (settings.batchSize !== undefined)
      await page.getByLabel('Batch size (0 = full batch)').fill(String(settings.batchSize));
    if (settings.epochs !== undefined)
      await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).fill(String(settings.epochs));
    if (settings.validationShare !== undefined)
      await page.getByLabel('Validation share').fill(String(settings.validationShare));
    if (settings.earlyStopping !== undefined)
      await page.getByLabel('Early stopping patience').fill(String(settings.earlyStopping));
  }

  /** Whether the settings can be changed now. */
  settingsEditable(): Promise<boolean> {
    return this.page.getByRole('spinbutton', { name: 'Epochs', exact: true }).isEnabled();
  }

  /** The preset the preset field shows ("" when the settings are the user's own). */
  presetShown(): Promise<string> {
    return this.page.getByLabel('Preset').inputValue();
  }

  /** Whether a logistic regression trains first, as the line to beat. */
  trainBaselineFirst(yes: boolean): Promise<void> {
    return this.page.getByRole('checkbox', { name: /^Train a logistic regression first/ }).setChecked(yes);
  }

  /** Shows or hides the logistic-regression baseline on the charts. */
  showBaseline(shown: boolean): Promise<void> {
    // by role: a label's text starts with the space after its checkbox, which getByLabel's ^ does not skip
    return this.page
      .getByRole('checkbox', { name: /^Show the logistic-regression baseline/ })
      .setChecked(shown);
  }

  /**
   * The value an editor field shows. A select's name takes in its options'
   * text ("Optimiser gradient descent momentum Adam"), so it is found by how
   * its name starts; a field by its exact name ("Epochs", not "Epochs done").
   */
  setting(label: 'Initialiser' | 'Learning rate' | 'Optimiser' | 'Epochs'): Promise<string> {
    const field =
      label === 'Initialiser' || label === 'Optimiser'
        ? this.page.getByRole('combobox', { name: new RegExp(`^${label}\\b`) })
        : this.page.getByLabel(label, { exact: true });
    return field.inputValue();
  }

  /** Adds a hidden layer of this type at the end, or where the position list says ("first", "after 2 (max pool)"). */
  async addLayer(type: LayerType, where = 'at the end'): Promise<void> {
    const { page } = this;
    await page
      .getByLabel('New layer type')
      .selectOption({ label: type.charAt(0).toUpperCase() + type.slice(1) });
    await page.getByLabel('New layer position').selectOption({ label: where });
    await page.getByRole('button', { name: 'Add hidden layer' }).click();
  }

  /** Sets hidden layer `number`'s fields (from 1). */
  async setLayer(number: number, fields: LayerFields): Promise<void> {
    for (const [key, value] of Object.entries(fields) as [keyof LayerFields, string | number][]) {
      const field = this.page.getByLabel(`Hidden layer ${number} ${FIELD_LABELS[key]}`, { exact: true });
      if (key === 'padding' || key === 'activation') await field.selectOption(String(value));
      else await field.fill(String(value));
    }
  }

  moveLayer(number: number, direction: 'up' | 'down'): Promise<void> {
    return this.page.getByRole('button', { name: `Move hidden layer ${number} ${direction}` }).click();
  }

  removeLayer(number: number): Promise<void> {
    return this.page.getByRole('button', { name: `Remove hidden layer ${number}` }).click();
  }

  /** The types of the hidden layers, in order ("Convolution", "Max pool", …). */
  layerTypes(): Promise<string[]> {
    return this.page.getByTestId('layer-kind').allTextContents();
  }

  /** The shapes the editor shows as they flow, from the input to the output: "64×64×3 → 64×64×16 → …". */
  async shapeFlow(): Promise<string> {
    const shapes = await this.page.getByTestId('layer-shape').allTextContents();
    return shapes.map((shape) => shape.trim()).join(' → ');
  }

  /** What the editor says is wrong at layer `number` (hidden layers from 1, then the output layer); null when nothing is. */
  async problemAt(number: number): Promise<string | null> {
    const layer = this.page.getByRole('list', { name: 'Layers' }).getByRole('listitem').nth(number);
    const problem = layer.getByTestId('layer-problem');
    return (await problem.count()) > 0 ? ((await problem.textContent())?.trim() ?? null) : null;
  }

  /** What each layer stores, as the editor says it ("448 parameters", "no parameters"). */
  async layerParameters(): Promise<string[]> {
    return (await this.page.getByTestId('layer-parameters').allTextContents()).map((text) => text.trim());
  }

  /** The sentence beside the Start button saying why it cannot start; null when it can. */
  async cannotStartBecause(): Promise<string | null> {
    const start = this.page.getByRole('button', { name: 'Start training' });
    if (await start.isEnabled()) return null;
    const why = await start.getAttribute('aria-describedby');
    return why ? this.page.locator(`#${why}`).textContent() : null;
  }

  start(): Promise<void> {
    return this.page.getByRole('button', { name: 'Start training' }).click();
  }

  pause(): Promise<void> {
    return this.page.getByRole('button', { name: 'Pause' }).click();
  }

  resume(): Promise<void> {
    return this.page.getByRole('button', { name: 'Resume' }).click();
  }

  stop(): Promise<void> {
    return this.page.getByRole('button', { name: 'Stop' }).click();
  }

  /** Waits until no run is going and the last one has said how it ended (the baseline first, then the network). */
  async waitForTheEnd(timeout = 60_000): Promise<void> {
    await expect(this.ended).toBeVisible({ timeout });
  }

  /** The updates the editor says the run will make: epochs × ⌈m/B⌉. */
  async updatesPlanned(): Promise<number> {
    const text = (await this.page.getByTestId('updates').textContent()) ?? '';
    return Number(/^([\d,]+) updates/.exec(text.trim())?.[1]?.replaceAll(',', ''));
  }

  /** The epoch the progress line reports. */
  async epochShown(): Promise<number> {
    const text = (await this.status.textContent()) ?? '';
    return Number(/Epoch (\d+)/.exec(text)?.[1] ?? 0);
  }

  /** Starts again with the fix a finding offers. */
  applyFix(label: string): Promise<void> {
    return this.findings.getByRole('button', { name: label }).click();
  }

  /** The label of the line a chart marks its best epoch on validation with ("best: epoch 12"). */
  bestEpochMarked(chart: 'Loss per epoch' | 'Accuracy (%)'): Locator {
    return this.page.locator('figure').filter({ hasText: chart }).getByTestId('chart-marker');
  }

  /** A chart, by the sentence that describes its last point. */
  chart(description: RegExp): Locator {
    return this.page.getByRole('img', { name: description });
  }
}
