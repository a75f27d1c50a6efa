import { expect, test } from './fixtures.ts';

// Playwright's trace snapshots walk the DOM on the main thread at every action and would count as
// the app's long tasks; this spec runs without them, as browse.spec.ts does.
test.use({ trace: 'off' });

test('no main-thread task over 50 ms during a fast full-batch run, with the Inside view drawing its pictures', async ({
  app,
}) => {
  test.setTimeout(150_000);
  await app.openSampleData();
  await app.goTo('Train');
  await app.train.set({ batchSize: 0, epochs: 1500 });
  await app.train.start();
  await app.goTo('Inside');
  await app.watchLongTasks();
  // the baseline's 3 output units are pictured first, then the network's 32 hidden units
  await expect(app.inside.text(/^12288 → 32 ReLU → 3 softmax, Adam at 0\.001: epoch 1500,/)).toBeVisible({
    timeout: 120_000,
  });
  await expect(app.inside.weights).toHaveCount(32);
  expect(await app.longTasks()).toEqual([]);
});
