import type { Download, Locator, Page } from '@playwright/test';

/** The Model view: the model card, export (a download in a browser) and import (an upload). */
export class ModelPage {
  readonly trainedWith: Locator;

  constructor(readonly page: Page) {
    this.trainedWith = page.getByTestId('model-training');
  }

  /** Exports the model; in a browser it arrives as a download. */
  async export(format: 'safetensors' | 'onnx'): Promise<Download> {
    const downloading = this.page.waitForEvent('download');
    const name = format === 'onnx' ? 'Export as ONNX' : 'Export model (.safetensors)';
    await this.page.getByRole('button', { name }).click();
    return downloading;
  }

  /** Imports a model file, as a user choosing it in the page would. */
  importFile(path: string): Promise<void> {
    return this.page.getByLabel('Model file to open').setInputFiles(path);
  }

  card(text: string | RegExp): Locator {
    return this.page.getByText(text);
  }
}
