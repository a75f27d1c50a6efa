import type { Locator, Page } from '@playwright/test';

/** The Lab view: lessons as experiments, the runs overlaid, and the table of how they differ. */
export class LabPage {
  readonly status: Locator;
  readonly runs: Locator;

  constructor(readonly page: Page) {
    this.status = page.getByTestId('lab-status');
    this.runs = page.getByRole('table', { name: 'Runs compared' });
  }

  runLesson(name: string): Promise<void> {
    return this.page.getByRole('button', { name: `Run the ${name} lesson` }).click();
  }

  /** The runs of the table that have completed. */
  completed(): Locator {
    return this.runs.getByRole('row', { name: /completed/ });
  }

  /** A run's row, by the start of its text (its name, then the settings it differs in). */
  run(start: RegExp): Locator {
    return this.runs.getByRole('row', { name: start });
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

  /** Queues the Train view's settings as one run of an experiment of the user's own. */
  async queueOwn(experiment: string, run: string): Promise<void> {
    await this.page.getByLabel('Experiment', { exact: true }).fill(experiment);
    await this.page.getByLabel('Run name').fill(run);
    await this.page.getByRole('button', { name: "Queue the Train view's settings" }).click();
  }

  chart(description: RegExp): Locator {
    return this.page.getByRole('img', { name: description });
  }
}
