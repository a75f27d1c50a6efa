import type { Locator, Page } from '@playwright/test';

/** The Images view: a virtualised grid of the data set, filtered, and one image large. */
export class ImagesPage {
  readonly heading: Locator;
  readonly grid: Locator;
  readonly count: Locator;
  readonly cells: Locator;
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Images' });
    this.grid = page.getByTestId('image-grid');
    this.count = page.getByTestId('image-count');
    this.cells = this.grid.locator('[data-index]');
    this.dialog = page.getByRole('dialog');
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
  async fling(times: number): Promise<void> {
    await this.grid.hover();
    for (let i = 0; i < times; i++) await this.page.mouse.wheel(0, 2500);
  }

  closeDialog(): Promise<void> {
    return this.dialog.getByRole('button', { name: 'Close' }).click();
  }
}
