import type { Locator, Page, TestInfo } from '@playwright/test';

export const VIEWS = ['Data', 'Images', 'Train', 'Inside', 'Lab', 'Results', 'Classify', 'Model'] as const;
export type ViewName = (typeof VIEWS)[number];

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
  readonly nav: Locator;
  readonly imageGrid: Locator;

  constructor(readonly page: Page) {
    this.trySampleData = page.getByRole('button', { name: 'Try sample data' });
    this.dataHeading = page.getByRole('heading', { name: /^Data: / });
    this.startTraining = page.getByRole('button', { name: 'Start training' });
    this.pause = page.getByRole('button', { name: 'Pause' });
    this.resume = page.getByRole('button', { name: 'Resume' });
    this.status = page.getByTestId('training-status');
    this.photos = page.getByLabel('Choose photos');
    this.predictions = page.getByRole('list', { name: 'Classified photos' }).locator('> li');
    this.alert = page.getByRole('alert');
    this.nav = page.getByRole('navigation', { name: 'Views' });
    this.imageGrid = page.getByTestId('image-grid');
  }

  /** Switches to a view with its button in the header. */
  async goTo(view: ViewName): Promise<void> {
    await this.nav.getByRole('button', { name: view, exact: true }).click();
  }

  /** The epoch the status line reports. */
  async epochShown(): Promise<number> {
    const text = (await this.status.textContent()) ?? '';
    return Number(/Epoch (\d+)/.exec(text)?.[1] ?? 0);
  }

  /** A screenshot of every view that is open, saved with the test's artifacts; ends on the view it began on. */
  async screenshotEveryView(testInfo: TestInfo, moment: string): Promise<void> {
    const current = await this.nav.locator('[aria-current="page"]').textContent();
    for (const view of VIEWS) {
      const button = this.nav.getByRole('button', { name: view, exact: true });
      if (await button.isDisabled()) continue;
      await button.click();
      await this.page.locator('main h2').first().waitFor();
      await this.page.screenshot({
        path: testInfo.outputPath(`${moment}-${view.toLowerCase()}.png`),
        fullPage: true,
      });
    }
    if (current) await this.goTo(current as ViewName);
  }
}
