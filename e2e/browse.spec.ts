import { expect, test } from './fixtures.ts';
import { AppPage } from './pages/AppPage.ts';

// Playwright's trace snapshots walk the page's DOM on the main thread at every action; they would
// count as the app's long tasks here, so this spec runs without them.
test.use({ trace: 'off' });

test('browses 10,000 images smoothly: scrolls, filters by class and split, searches, and opens one large', async ({
  backend,
  shell,
}, testInfo) => {
  test.setTimeout(120_000);
  // 3,334 drawn images per class, 10,002 in all
  await backend.request('loadSample', { perClass: 3334 });
  const page = shell.page;
  await page.reload();
  const app = new AppPage(page);
  await app.goTo('Images');
  await expect(page.getByTestId('image-count')).toHaveText('8,001 image(s)');
  await expect(page.getByRole('heading', { name: 'Images' })).toBeFocused();
  const cells = app.imageGrid.locator('[data-index]');
  await expect(cells.first().getByRole('img')).toBeVisible();

  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask' });
  });
  // scroll through the whole grid in steps a quick reader's wheel would make
  await app.imageGrid.hover();
  for (let i = 0; i < 40; i++) await page.mouse.wheel(0, 2500);
  // the flung-past cells asked for nothing, so the last ones' thumbnails arrive at once
  const last = app.imageGrid.getByAltText('sample/triangle/3333');
  await expect
    .poll(() => last.evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 2000 })
    .toBe(64);
  expect(await cells.count()).toBeLessThan(300);
  expect(await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks)).toEqual([]);
  await app.screenshotEveryView(testInfo, 'browsed');

  await page.getByLabel('Class').selectOption('square');
  await expect(page.getByTestId('image-count')).toHaveText('2,667 image(s)');
  await page.getByLabel('Split').selectOption('test');
  await expect(page.getByTestId('image-count')).toHaveText('667 image(s)');
  const name = (await cells.nth(5).getByRole('img').getAttribute('alt'))!;
  expect(name).toMatch(/^sample\/square\/\d{4}$/);
  await page.getByLabel('File name').fill(name.slice(-4));
  await expect(page.getByTestId('image-count')).toHaveText('1 image(s)');
  await cells.first().focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: /^square, test image \d+$/ });
  await expect(dialog).toContainText(name);
  await expect(dialog).toContainText('no model yet');
  await expect
    .poll(() => dialog.getByRole('img').evaluate((img: HTMLImageElement) => img.naturalWidth))
    .toBe(64);
  await page.screenshot({ path: testInfo.outputPath('image-dialog.png') });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(cells.first()).toBeFocused();
});
