import type { Download, Locator, Page } from '@playwright/test';

export interface Photo {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** The Classify view: photos as cards with their probabilities, folders into a table saved as CSV. */
export class ClassifyPage {
  readonly cards: Locator;

  constructor(readonly page: Page) {
    this.cards = page.getByRole('list', { name: 'Classified photos' }).locator('> li');
  }

  choosePhotos(photos: Photo[] | string): Promise<void> {
    return this.page.getByLabel('Photos to classify').setInputFiles(photos);
  }

  chooseFolder(folder: string): Promise<void> {
    return this.page.getByLabel('Folder to classify').setInputFiles(folder);
  }

  /** The table of a folder's predictions. */
  table(folder: string): Locator {
    return this.page.getByRole('table', { name: `Predictions for ${folder}` });
  }

  /** Removes every result from the view. */
  clearAll(): Promise<void> {
    return this.page.getByRole('button', { name: 'Clear all' }).click();
  }

  /** The progress shown while photos are being classified. */
  get progress(): Locator {
    return this.page.getByRole('status').filter({ hasText: /^Classifying/ });
  }

  async saveCsv(): Promise<Download> {
    const downloading = this.page.waitForEvent('download');
    await this.page.getByRole('button', { name: 'Save as CSV' }).click();
    return downloading;
  }
}
