import type { Locator, Page } from '@playwright/test';

/** The Results view: the current model on a split, its confusion matrix, and the images behind it. */
export class ResultsPage {
  readonly accuracy: Locator;
  readonly images: Locator;

  constructor(readonly page: Page) {
    this.accuracy = page.getByTestId('results-accuracy');
    this.images = page.getByRole('list', { name: 'Images and their predictions' }).getByRole('listitem');
  }

  showMisclassified(): Promise<void> {
    return this.page.getByRole('button', { name: 'Misclassified' }).click();
  }
}
