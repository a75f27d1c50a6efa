import type { Locator, Page, TestInfo } from '@playwright/test';
import { ClassifyPage } from './ClassifyPage.ts';
import { DataPage } from './DataPage.ts';
import { ImagesPage } from './ImagesPage.ts';
import { InsidePage } from './InsidePage.ts';
import { LabPage } from './LabPage.ts';
import { ModelPage } from './ModelPage.ts';
import { ResultsPage } from './ResultsPage.ts';
import { TrainPage } from './TrainPage.ts';

export const VIEWS = ['Data', 'Images', 'Train', 'Inside', 'Lab', 'Results', 'Classify', 'Model'] as const;
export type ViewName = (typeof VIEWS)[number];

/** The app once it is connected to its host: its views, and what it says to the user. */
export class WhiskerApp {
  readonly data: DataPage;
  readonly images: ImagesPage;
  readonly train: TrainPage;
  readonly inside: InsidePage;
  readonly lab: LabPage;
  readonly results: ResultsPage;
  readonly classify: ClassifyPage;
  readonly model: ModelPage;
  /** an error the app shows */
  readonly alert: Locator;
  /** a confirmation the app shows */
  readonly message: Locator;
  private readonly nav: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Views' });
    this.alert = page.getByRole('alert');
    this.message = page.getByRole('status').filter({ hasText: /\S/ });
    this.data = new DataPage(page);
    this.images = new ImagesPage(page);
    this.train = new TrainPage(page);
    this.inside = new InsidePage(page);
    this.lab = new LabPage(page);
    this.results = new ResultsPage(page);
    this.classify = new ClassifyPage(page);
    this.model = new ModelPage(page);
  }

  /** Switches to a view with its button in the header. */
  async goTo(view: ViewName): Promise<void> {
    await this.nav.getByRole('button', { name: view, exact: true }).click();
  }

  /** The view the header marks as the current one. */
  currentView(): Promise<string | null> {
    return this.nav.locator('[aria-current="page"]').textContent();
  }

  /** Opens the sample data and waits for it. */
  async openSampleData(): Promise<void> {
    await this.data.trySampleData();
    await this.data.heading.waitFor();
  }

  /** The sample data, then a run of `epochs` epochs of the Train view's settings, to its end. */
  async trainOnSampleData(epochs: number): Promise<void> {
    await this.openSampleData();
    await this.goTo('Train');
    await this.train.set({ epochs });
    await this.train.start();
    await this.train.waitForTheEnd();
  }

  /** A screenshot of every view that is open, saved with the test's artifacts; ends on the view it began on. */
  async screenshotEveryView(testInfo: TestInfo, moment: string): Promise<void> {
    const current = await this.currentView();
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

  /** Starts counting main-thread tasks over 50 ms (the long-task API), for `longTasks()` to read. */
  async watchLongTasks(): Promise<void> {
    await this.page.evaluate(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.longTasks.push(Math.round(e.duration));
      }).observe({ type: 'longtask' });
    });
  }

  longTasks(): Promise<number[]> {
    return this.page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  }
}
