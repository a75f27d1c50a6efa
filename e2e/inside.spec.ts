import { expect, test } from './fixtures.ts';
import { AppPage } from './pages/AppPage.ts';

// Playwright's trace snapshots walk the DOM on the main thread at every action and would count as
// the app's long tasks; this spec runs without them, as browse.spec.ts does.
test.use({ trace: 'off' });

test('no main-thread task over 50 ms during a fast full-batch run, with the Inside view drawing its pictures', async ({
  shell,
}) => {
  test.setTimeout(120_000);
  const page = shell.page;
  const app = new AppPage(page);
  await app.trySampleData.click();
  await app.goTo('Train');
  await page.getByLabel('Batch size (0 = full batch)').fill('0');
  await page.getByLabel('Epochs').fill('1500');
  await app.startTraining.click();
  await app.goTo('Inside');
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask' });
  });
  // the baseline's 3 output units are pictured first, then the network's 32 hidden units
  await expect(page.getByText('Run completed.')).toBeVisible({ timeout: 100_000 });
  await expect(page.getByRole('list', { name: 'First-layer weights' }).getByRole('img')).toHaveCount(32);
  expect(await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks)).toEqual([]);
});
