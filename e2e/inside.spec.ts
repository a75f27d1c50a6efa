import { expect, test } from './fixtures.ts';

test('the Inside view keeps up with a fast full-batch run and ends on its last epoch’s pictures', async ({
  app,
}) => {
  test.setTimeout(150_000);
  await app.openSampleData();
  await app.goTo('Train');
  await app.train.set({ batchSize: 0, epochs: 1500 });
  await app.train.start();
  await app.goTo('Inside');
  // the baseline's 3 output units are pictured first, then the network's 32 hidden units
  await expect(app.inside.text(/^12288 → 32 ReLU → 3 softmax, Adam at 0\.001: epoch 1500,/)).toBeVisible({
    timeout: 120_000,
  });
  await expect(app.inside.weights).toHaveCount(32);
});
