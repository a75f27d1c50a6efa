import { expect, test } from './fixtures.ts';

const SMALL_CNN_SHAPES =
  '64×64×3 → 64×64×16 → 32×32×16 → 32×32×32 → 16×16×32 → 16×16×64 → 8×8×64 → 4,096 → 64 → 3';
/** 3·3·C·filters + filters for each convolution, 4,096·64 + 64 dense, 64·3 + 3 softmax */
const SMALL_CNN_PARAMETERS = 448 + 4640 + 18_496 + 262_208 + 195;

test('builds the Small CNN by hand in a 1024×700 window, layer by layer, and sees its shapes flow and its parameters', async ({
  app,
}, testInfo) => {
  const { page, train } = app;
  await page.setViewportSize({ width: 1024, height: 700 });
  await app.openSampleData();
  await app.goTo('Train');
  await train.set({ preset: 'Course: logistic regression' });
  await expect.poll(() => train.shapeFlow()).toBe('64×64×3 → 3');

  for (const filters of [16, 32, 64]) {
    await train.addLayer('convolution');
    await train.addLayer('max pool');
    const conv = (await train.layerTypes()).length - 1;
    await train.setLayer(conv, { filters, kernel: 3, stride: 1, padding: 'same', activation: 'relu' });
  }
  await train.addLayer('flatten');
  await train.addLayer('dense');
  await train.setLayer(8, { units: 64, activation: 'relu' });

  expect(await train.layerTypes()).toEqual([
    'Convolution',
    'Max pool',
    'Convolution',
    'Max pool',
    'Convolution',
    'Max pool',
    'Flatten',
    'Dense',
  ]);
  await expect.poll(() => train.shapeFlow()).toBe(SMALL_CNN_SHAPES);
  expect(await train.layerParameters()).toEqual([
    '448 parameters',
    'no parameters',
    '4,640 parameters',
    'no parameters',
    '18,496 parameters',
    'no parameters',
    'no parameters',
    '262,208 parameters',
    '195 parameters',
  ]);
  await expect(train.parameterCount).toHaveText(`${SMALL_CNN_PARAMETERS.toLocaleString('en')} parameters`);
  expect(await train.cannotStartBecause()).toBeNull();
  // the editor fits the window's width: nothing scrolls sideways
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBe(0);
  await page.evaluate(() => window.scrollTo(0, 0));
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: testInfo.outputPath(`small-cnn-${colorScheme}-1024.png`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: 'light' });

  // the same network as the preset's
  await train.set({ preset: 'Small CNN' });
  await expect.poll(() => train.shapeFlow()).toBe(SMALL_CNN_SHAPES);
  await expect(train.parameterCount).toHaveText(`${SMALL_CNN_PARAMETERS.toLocaleString('en')} parameters`);

  // a third convolution of stride 8 leaves 1×1, on which the last pool has nothing to pool
  await train.setLayer(5, { stride: 8 });
  await expect
    .poll(() => train.shapeFlow())
    .toBe('64×64×3 → 64×64×16 → 32×32×16 → 32×32×32 → 16×16×32 → 2×2×64 → 1×1×64 → 64 → 64 → 3');
  await train.setLayer(5, { kernel: 15, padding: 'valid' });
  await expect.poll(() => train.problemAt(6)).toBe('a 2×2 pool on 1×1 input leaves nothing');
  expect(await train.problemAt(5)).toBeNull();
  expect(await train.cannotStartBecause()).toBe('Layer 6: a 2×2 pool on 1×1 input leaves nothing.');
  await expect
    .poll(() => train.shapeFlow())
    .toBe('64×64×3 → 64×64×16 → 32×32×16 → 32×32×32 → 16×16×32 → 1×1×64 → – → – → – → –');
  await page.evaluate(() => window.scrollTo(0, 0));
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const size of [
      { width: 1024, height: 700 },
      { width: 1280, height: 800 },
    ]) {
      await page.setViewportSize(size);
      await page.screenshot({
        path: testInfo.outputPath(`problem-${colorScheme}-${size.width}.png`),
        fullPage: true,
      });
    }
  }

  // without that pool the network fits again; moving the pool before it, it still fits
  await train.removeLayer(6);
  await expect.poll(() => train.cannotStartBecause()).toBeNull();
  await expect
    .poll(() => train.shapeFlow())
    .toBe('64×64×3 → 64×64×16 → 32×32×16 → 32×32×32 → 16×16×32 → 1×1×64 → 64 → 64 → 3');
  await train.moveLayer(4, 'down');
  expect(await train.layerTypes()).toEqual([
    'Convolution',
    'Max pool',
    'Convolution',
    'Convolution',
    'Max pool',
    'Flatten',
    'Dense',
  ]);
  await expect
    .poll(() => train.shapeFlow())
    .toBe('64×64×3 → 64×64×16 → 32×32×16 → 32×32×32 → 3×3×64 → 1×1×64 → 64 → 64 → 3');
  expect(await train.cannotStartBecause()).toBeNull();
});
