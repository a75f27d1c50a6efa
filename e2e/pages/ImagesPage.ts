import type { Locator, Page } from '@playwright/test';

/** The Images view: a virtualised grid of the data set, filtered, and one image large. */
export class ImagesPage {
  readonly heading: Locator;
  readonly grid: Locator;
  readonly count: Locator;
  readonly cells: Locator;
  readonly dialog: Locator;
  /** in the open image's dialog: what the network sees of it in training, and the augmented copies shown */
  readonly networkSees: Locator;
  readonly augmentedVersions: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Images' });
    this.grid = page.getByTestId('image-grid');
    this.count = page.getByTestId('image-count');
    this.cells = this.grid.locator('[data-index]');
    this.dialog = page.getByRole('dialog');
    this.networkSees = this.dialog.getByRole('region', { name: 'What the network sees' });
    this.augmentedVersions = this.networkSees
      .getByRole('list', { name: 'Augmented versions' })
      .getByRole('img', { name: /^Augmented version/ });
  }

  /** The augmented copies shown, each as its pixels (a PNG data URL). */
  augmentedPictures(): Promise<string[]> {
    return this.augmentedVersions
      .locator('canvas')
      .evaluateAll((canvases) => canvases.map((c) => (c as HTMLCanvasElement).toDataURL()));
  }

  /** Shows the next augmented copies the run's generator would draw. */
  drawAgain(): Promise<void> {
    return this.networkSees.getByRole('button', { name: 'Draw again' }).click();
  }

  async show({
    split,
    className,
    fileName,
  }: {
    split?: string;
    className?: string;
    fileName?: string;
  }): Promise<void> {
    if (split) await this.page.getByLabel('Split').selectOption(split);
    if (className) await this.page.getByLabel('Class').selectOption(className);
    if (fileName !== undefined) await this.page.getByLabel('File name').fill(fileName);
  }

  /** The thumbnail of the image of that file. */
  image(file: string): Locator {
    return this.grid.getByAltText(file);
  }

  /** Opens the image at a position of the grid. */
  open(index: number): Promise<void> {
    return this.grid.locator(`[data-index="${index}"]`).click();
  }

  /** Scrolls through the grid as a quick reader's wheel would. */
  /**
   * Flings the grid `screens` screenfuls down in one quick flick (within one frame, as a fast
   * flick moves; the wheel's steps, sent one by one, would be as far apart as the machine is busy).
   */
  fling(screens: number): Promise<void> {
    return this.grid.evaluate((grid, screens) => {
      for (let i = 0; i < screens; i++) grid.scrollTop += grid.clientHeight;
    }, screens);
  }

  closeDialog(): Promise<void> {
    return this.dialog.getByRole('button', { name: 'Close' }).click();
  }
}
