import type { Locator, Page } from '@playwright/test';

/** The app once it is connected to its host: data, training and classifying, by what a user sees. */
export class AppPage {
  readonly trySampleData: Locator;
  readonly dataHeading: Locator;
  readonly startTraining: Locator;
  readonly pause: Locator;
  readonly resume: Locator;
  readonly status: Locator;
  readonly photos: Locator;
  readonly predictions: Locator;
  readonly alert: Locator;

  constructor(readonly page: Page) {
    this.trySampleData = page.getByRole('button', { name: 'Try sample data' });
    this.dataHeading = page.getByRole('heading', { name: /^Data: / });
    this.startTraining = page.getByRole('button', { name: 'Start training' });
    this.pause = page.getByRole('button', { name: 'Pause' });
    this.resume = page.getByRole('button', { name: 'Resume' });
    this.status = page.getByTestId('training-status');
    this.photos = page.getByLabel('Choose photos');
    this.predictions = page.locator('.predictions li');
    this.alert = page.getByRole('alert');
  }

  /** Switches to a view with its button in the header. */
  async goTo(view: 'Data' | 'Train' | 'Results' | 'Classify' | 'Model'): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: view, exact: true })
      .click();
  }

  /** The epoch the status line reports. */
  async epochShown(): Promise<number> {
    const text = (await this.status.textContent()) ?? '';
    return Number(/Epoch (\d+)/.exec(text)?.[1] ?? 0);
  }
}
