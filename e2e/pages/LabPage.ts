import type { Locator, Page } from '@playwright/test';

/** The Lab view: lessons as experiments, the runs overlaid, and the table of how they differ. */
export class LabPage {
  readonly status: Locator;
  readonly runs: Locator;
  /** what a lesson's runs showed, once they have all ended */
  readonly explanation: Locator;
  private readonly lessons: Locator;
  private readonly experimentChoice: Locator;

  constructor(readonly page: Page) {
    this.status = page.getByTestId('lab-status');
    this.runs = page.getByRole('table', { name: 'Runs compared' });
    this.explanation = page.getByRole('region', { name: 'What the lesson showed' });
    this.lessons = page.getByRole('list', { name: 'Lessons' });
    this.experimentChoice = page.getByRole('combobox', { name: 'Show experiment' });
  }

  runLesson(name: string): Promise<void> {
    return this.page.getByRole('button', { name: `Run the ${name} lesson` }).click();
  }

  /** What a lesson says before it starts: its runs, updates and time in all, and each run's updates. */
  async lessonCost(name: string): Promise<{ total: string; runs: string[] }> {
    const lesson = this.lessons
      .getByRole('listitem')
      .filter({ has: this.page.getByRole('heading', { name, exact: true }) });
    const total = lesson.getByTestId('lesson-duration');
    await total.click();
    const runs = lesson.getByRole('list', { name: `Runs of the ${name.toLowerCase()} lesson` });
    return {
      total: (await total.textContent()) ?? '',
      runs: await runs
        .getByRole('listitem')
        .evaluateAll((items) =>
          items.map((item) => [...item.children].map((part) => part.textContent).join(' · ')),
        ),
    };
  }

  /** The runs of the table that have completed. */
  completed(): Locator {
    return this.runs.getByRole('row', { name: /completed/ });
  }

  /** A run's row, by the start of its text (its name, then the settings it differs in). */
  run(start: RegExp): Locator {
    return this.runs.getByRole('row', { name: start });
  }

  /** The experiments the Lab offers to show, newest first. */
  experiments(): Promise<string[]> {
    return this.experimentChoice.locator('option:not([disabled])').allTextContents();
  }

  /** Shows the experiment whose name matches. */
  async showExperiment(name: RegExp): Promise<void> {
    const label = (await this.experiments()).find((option) => name.test(option));
    if (label === undefined) throw new Error(`no experiment matches ${name}`);
    await this.experimentChoice.selectOption({ label });
  }

  /** Lines the runs up on the charts epoch by epoch, or update by update. */
  lineUpBy(by: 'Epoch' | 'Update'): Promise<void> {
    return this.page
      .getByRole('radiogroup', { name: 'Line runs up by' })
      .getByText(by, { exact: true })
      .click();
  }

  async rename(run: RegExp, name: string): Promise<void> {
    await this.run(run).getByRole('button', { name: 'Rename' }).click();
    await this.page.getByLabel('New name').fill(name);
    await this.page.getByRole('button', { name: 'Save' }).click();
  }

  useModelOf(run: RegExp): Promise<void> {
    return this.run(run).getByRole('button', { name: 'Use model' }).click();
  }

  editSettingsOf(run: RegExp): Promise<void> {
    return this.run(run).getByRole('button', { name: 'Edit settings' }).click();
  }

  delete(run: RegExp): Promise<void> {
    return this.run(run).getByRole('button', { name: 'Delete' }).click();
  }

  /** Queues the Train view's settings as one run of an experiment of the user's own. */
  async queueOwn(experiment: string, run: string): Promise<void> {
    await this.page.getByLabel('Experiment', { exact: true }).fill(experiment);
    await this.page.getByLabel('Run name').fill(run);
    await this.page.getByRole('button', { name: "Queue the Train view's settings" }).click();
  }

  /** A chart, by the sentence that describes its last point. */
  chart(description: RegExp): Locator {
    return this.page.getByRole('img', { name: description });
  }

  /**
   * Whatever of the runs' table does not show, in pixels: beyond its card's
   * edge, beyond the window's, and the columns and buttons cut narrower than
   * their content (0 everywhere when every column and button shows in full);
   * and how wide the Diagnostics column is.
   */
  async tableClipping(): Promise<{
    beyondCard: number;
    beyondWindow: number;
    squeezed: string[];
    diagnosticsWidth: number;
  }> {
    return this.runs.evaluate((table) => {
      const card = table.closest('.card')!.getBoundingClientRect();
      const right = Math.max(
        ...[...table.querySelectorAll('th, td, button')].map((cell) => cell.getBoundingClientRect().right),
      );
      const squeezed = [...table.querySelectorAll('th, td, button')]
        .filter((cell) => cell.scrollWidth > cell.clientWidth + 1)
        .map((cell) => cell.textContent ?? cell.getAttribute('aria-label') ?? '');
      const diagnostics = [...table.querySelectorAll('thead th')].find(
        (th) => th.textContent === 'Diagnostics',
      );
      return {
        beyondCard: Math.max(0, Math.ceil(right - card.right)),
        beyondWindow: Math.max(0, Math.ceil(right - document.documentElement.clientWidth)),
        squeezed,
        diagnosticsWidth: diagnostics?.getBoundingClientRect().width ?? 0,
      };
    });
  }
}
