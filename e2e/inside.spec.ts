import { expect, test } from './fixtures.ts';
import { setupAsCommandLine } from './helpers.ts';

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

test('a small CNN trained on the sample data shows its filters and the maps of a chosen image, each pooling beside the maps it pooled', async ({
  app,
  backend,
}, testInfo) => {
  test.setTimeout(240_000);
  await app.openSampleData();
  // the Train view cannot edit convolutions yet: the run is started as the command line writes it
  const setup = setupAsCommandLine({
    layers: 'conv:4,maxpool,conv:8,maxpool,flatten',
    optimizer: 'adam',
    'learning-rate': '0.003',
    'batch-size': '32',
    epochs: '6',
  });
  await app.goTo('Inside');
  await backend.request('startTraining', { setup, baseline: false });

  await expect(
    app.inside.layerHeading('layer 1 · conv 3×3×4 same ReLU · 64×64×4 → layer 2 · max pool 2×2 · 32×32×4'),
  ).toBeVisible();
  await expect(
    app.inside.layerHeading('layer 3 · conv 3×3×8 same ReLU · 32×32×8 → layer 4 · max pool 2×2 · 16×16×8'),
  ).toBeVisible();
  await expect(app.inside.mapsSource).toHaveText(
    / (as initialised|after \d+ epochs?) \(64×64×3 → conv 3×3×4 same ReLU → /,
  );
  // the run ends, and its model is what the maps are drawn from
  await expect(app.inside.mapsSource).toHaveText(/^The current model, 64×64×3 → conv /, { timeout: 180_000 });
  await expect(app.inside.filters(1)).toHaveCount(4);
  await expect(app.inside.maps(1)).toHaveCount(4);
  await expect(app.inside.pooledMaps(1)).toHaveCount(4);
  await expect(app.inside.filters(3)).toHaveCount(8);
  await expect(app.inside.maps(3)).toHaveCount(8);
  await expect(app.inside.pooledMaps(3)).toHaveCount(8);
  // a CNN's first-layer filters are drawn with its maps, not again as first-layer units
  await expect(app.inside.weights).toHaveCount(0);

  const maps = await app.inside.pixels(app.inside.maps(1));
  expect(maps.map((map) => map.length)).toEqual([4096, 4096, 4096, 4096]);
  // the first layer's maps of the image are not all flat
  expect(Math.max(...maps.map((map) => new Set(map).size))).toBeGreaterThan(2);
  await app.inside.chooseImage(3);
  await expect.poll(() => app.inside.pixels(app.inside.maps(1))).not.toEqual(maps);

  const page = app.page;
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const size of [
      { width: 1280, height: 800 },
      { width: 1024, height: 700 },
    ]) {
      await page.setViewportSize(size);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBe(0);
      await app.inside.showMaps();
      await page.screenshot({ path: testInfo.outputPath(`inside-maps-${colorScheme}-${size.width}.png`) });
      await page.screenshot({
        path: testInfo.outputPath(`inside-maps-${colorScheme}-${size.width}-full.png`),
        fullPage: true,
      });
    }
  }
});
