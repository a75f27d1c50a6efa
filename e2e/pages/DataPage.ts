import type { Locator, Page } from '@playwright/test';
import { shadesOf } from './shades.ts';

/** The Data view: ways in (drop, sample, folder by path, browse, send from the browser) and what was read. */
export class DataPage {
  readonly heading: Locator;
  readonly importProgress: Locator;
  readonly classOrder: Locator;
  readonly thumbnails: Locator;
  private readonly folderField: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: /^Data: / });
    this.importProgress = page.getByTestId('import-progress');
    this.classOrder = page.getByTestId('class-order');
    this.thumbnails = page.getByRole('list', { name: 'First training images' }).getByRole('img');
    this.folderField = page.getByLabel('Folder', { exact: true });
  }

  trySampleData(): Promise<void> {
    return this.page.getByRole('button', { name: 'Try sample data' }).click();
  }

  /** Types a folder's path and opens it. */
  async openFolder(path: string): Promise<void> {
    await this.folderField.fill(path);
    await this.page.getByRole('button', { name: 'Open', exact: true }).click();
  }

  /** Browses from `from` into its sub-folder `name`, then opens it. */
  async browseAndOpen(from: string, name: string): Promise<void> {
    await this.folderField.fill(from);
    await this.page.getByRole('button', { name: 'Browse', exact: true }).click();
    await this.page
      .getByRole('list', { name: `Folders in ${from}` })
      .getByRole('button', { name: `${name}/` })
      .click();
    await this.page.getByRole('button', { name: 'Open', exact: true }).click();
  }

  /** The grey level at the centre of each thumbnail of the Data view, once drawn. */
  thumbnailShades(): Promise<number[]> {
    return shadesOf(this.thumbnails);
  }

  /** Opens a model file from the first screen, as a user choosing it would. */
  openModel(file: string): Promise<void> {
    return this.page.getByLabel('Model file to open').setInputFiles(file);
  }

  /** Goes back from choosing other data to the data set that is open. */
  backToDataSet(): Promise<void> {
    return this.page.getByRole('button', { name: /^Back to / }).click();
  }

  /** The folder picker's entries (sub-folders and .h5 files) where it stands. */
  pickerEntries(folder: string): Locator {
    return this.page.getByRole('list', { name: `Folders in ${folder}` }).getByRole('button');
  }

  /** Browses to a folder by typing it, then to one of the folders above it by its breadcrumb. */
  async browse(folder: string): Promise<void> {
    await this.folderField.fill(folder);
    await this.page.getByRole('button', { name: 'Browse', exact: true }).click();
  }

  breadcrumb(name: string): Locator {
    return this.page
      .getByRole('navigation', { name: 'Where you are' })
      .getByRole('button', { name, exact: true });
  }

  /** The value in the folder field. */
  folder(): Promise<string> {
    return this.folderField.inputValue();
  }

  /** Sends a folder (or the files in it) from the browser, as a user choosing it in the page would. */
  sendFromBrowser(folder: string): Promise<void> {
    return this.page.getByLabel('Or send a folder from this browser').setInputFiles(folder);
  }

  /** From an open data set back to the ways in. */
  openOtherData(): Promise<void> {
    return this.page.getByRole('button', { name: 'Open other data' }).click();
  }

  cancelImport(): Promise<void> {
    return this.page.getByRole('button', { name: 'Cancel' }).click();
  }

  /** The row of the class counts table: "cat 4 0 1" is 4 training, 0 validation and 1 test images. */
  classRow(name: string, train: number, validation: number, test: number): Locator {
    return this.page.getByRole('row', { name: new RegExp(`^${name} ${train} ${validation} ${test}$`) });
  }

  /** Opens the list of skipped files and gives it. */
  async skipped(count: number): Promise<Locator> {
    await this.page.getByText(`${count} ${count === 1 ? 'file' : 'files'} skipped`).click();
    return this.page.locator('details').filter({ hasText: 'skipped' });
  }

  warning(text: string | RegExp): Locator {
    return this.page.getByText(text);
  }

  /** Moves a class one place up the class order (three classes or more). */
  moveClassUp(name: string): Promise<void> {
    return this.page.getByRole('button', { name: `Move ${name} up` }).click();
  }

  choosePositiveClass(name: string): Promise<string[]> {
    return this.page.getByLabel(/^Positive class/).selectOption(name);
  }

  /** The pictures the checks found in more than one file: one item each, naming the files. */
  copies(): Locator {
    return this.page.getByRole('list', { name: /in more than one file$/ }).getByRole('listitem');
  }

  /** Opens the files of one picture side by side, by their names in the data set's folder. */
  async compare(...names: string[]): Promise<void> {
    await this.page.getByRole('button', { name: `Compare ${names.join(' and ')}` }).click();
  }

  /** The dialog showing copies side by side. */
  get comparison(): Locator {
    return this.page.getByRole('dialog', { name: /^The same picture/ });
  }

  /** The images the comparison shows, each named after its file, with how many have loaded. */
  async comparedImages(): Promise<{ names: string[]; loaded: number }> {
    const images = this.comparison.getByRole('img');
    await images.first().waitFor();
    await this.page.waitForFunction(() =>
      [...document.querySelectorAll('dialog[open] img')].every((img) => (img as HTMLImageElement).complete),
    );
    return {
      names: await images.evaluateAll((all) => all.map((img) => img.getAttribute('alt') ?? '')),
      loaded: await images.evaluateAll(
        (all) => all.filter((img) => (img as HTMLImageElement).naturalWidth > 0).length,
      ),
    };
  }

  closeComparison(): Promise<void> {
    return this.comparison.getByRole('button', { name: 'Close' }).click();
  }
}
