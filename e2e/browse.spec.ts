import { expect, test } from './fixtures.ts';

// Playwright's trace snapshots walk the page's DOM on the main thread at every action; they would
// count as the app's long tasks here, so this spec runs without them.
test.use({ trace: 'off' });

test('browses 10,000 images smoothly: scrolls, filters by class and split, searches, and opens one large', async ({
  backend,
  app,
}, testInfo) => {
  test.setTimeout(150_000);
  // 3,334 drawn images per class, 10,002 in all
  await backend.request('loadSample', { perClass: 3334 });
  await app.page.reload();
  await app.goTo('Images');
  await expect(app.images.count).toHaveText('8,001 images');
  await expect(app.images.heading).toBeFocused();
  await expect(app.images.cells.first().getByRole('img')).toBeVisible();

  await app.watchLongTasks();
  await app.images.fling(40);
  // the flung-past cells asked for nothing, so the last ones' thumbnails arrive at once
  const last = app.images.image('sample/triangle/3333');
  await expect
    .poll(() => last.evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 5000 })
    .toBe(64);
  expect(await app.images.cells.count()).toBeLessThan(300);
  expect(await app.longTasks()).toEqual([]);
  await app.screenshotEveryView(testInfo, 'browsed');

  await app.images.show({ className: 'square' });
  await expect(app.images.count).toHaveText('2,667 image(s)');
  await app.images.show({ split: 'test' });
  await expect(app.images.count).toHaveText('667 image(s)');
  const name = (await app.images.cells.nth(5).getByRole('img').getAttribute('alt'))!;
  expect(name).toMatch(/^sample\/square\/\d{4}$/);
  await app.images.show({ fileName: name.slice(-4) });
  await expect(app.images.count).toHaveText('1 image(s)');
  await app.images.cells.first().focus();
  await app.page.keyboard.press('Enter');
  const dialog = app.page.getByRole('dialog', { name: /^square, test image \d+$/ });
  await expect(dialog).toContainText(name);
  await expect(dialog).toContainText('no model yet');
  await expect
    .poll(() => dialog.getByRole('img').evaluate((img: HTMLImageElement) => img.naturalWidth))
    .toBe(64);
  await app.page.screenshot({ path: testInfo.outputPath('image-dialog.png') });
  await app.page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(app.images.cells.first()).toBeFocused();
});
