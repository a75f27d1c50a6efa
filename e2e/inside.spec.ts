import { expect, test } from './fixtures.ts';

test('the Inside view keeps up with a fast full-batch run and ends on its last epoch’s pictures, its heatmap with layers, epochs and a colour scale', async ({
  app,
}) => {
  test.setTimeout(300_000);
  await app.openSampleData();
  await app.goTo('Train');
  await app.train.set({ batchSize: 0, epochs: 1500 });
  await app.train.start();
  await app.goTo('Inside');
  // the baseline's 3 output units are pictured first, then the network's 32 hidden units
  await expect(app.inside.text(/^12288 → 32 ReLU → 3 softmax, Adam at 0\.001: epoch 1500,/)).toBeVisible({
    timeout: 270_000,
  });
  await expect(app.inside.weights).toHaveCount(32);
  // the heatmap's rows are named, its columns carry epochs, its colours a scale
  await expect(app.inside.heatmapAxes()).toContainText('layer 1');
  await expect(app.inside.heatmapAxes()).toContainText('layer 2');
  await expect(app.inside.heatmapAxes()).toContainText('1,500');
  await expect(
    app.inside.heatmap(/^Colour scale from 10\^-?[\d.]+ \(dark\) to 10\^-?[\d.]+ \(bright\)$/),
  ).toBeVisible();
});
