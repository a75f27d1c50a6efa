import type { Locator, Page, Response } from '@playwright/test';

/** The window as a user first sees it: the title and the invitation to drop a folder. */
export class ShellPage {
  readonly title: Locator;
  readonly dropZone: Locator;
  response: Response | null = null;
  /** responses that failed (status 400 or more), and what the console reported as errors */
  readonly failedResponses: string[] = [];
  readonly consoleErrors: string[] = [];

  constructor(readonly page: Page) {
    this.title = page.getByRole('heading', { level: 1, name: 'Whisker' });
    this.dropZone = page.getByRole('region', { name: 'Drop a folder of images here' });
  }

  async open(url: string): Promise<void> {
    this.page.on('response', (response) => {
      if (response.status() >= 400) this.failedResponses.push(`${response.status()} ${response.url()}`);
    });
    this.page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push(message.text());
    });
    this.response = await this.page.goto(url);
  }

  /** What the page's own scripts can reach of Node: nothing. */
  nodeGlobals(): Promise<string[]> {
    return this.page.evaluate(() => [
      typeof (globalThis as Record<string, unknown>)['require'],
      typeof (globalThis as Record<string, unknown>)['process'],
    ]);
  }
}
