import { expect, test } from './fixtures.ts';

test('with flip and rotation turned on in the Train view, an image shows what the network sees: eight changed copies', async ({
  app,
}, testInfo) => {
  await app.openSampleData();
  await app.goTo('Images');
  await app.images.open(0);
  await expect(app.images.networkSees).toContainText(
    'Augmentation is off: the network sees this image as it is.',
  );
  await expect(app.images.augmentedVersions).toHaveCount(0);
  await app.images.closeDialog();

  await app.goTo('Train');
  await expect(app.train.augmentationSummary).toHaveText('off');
  await app.train.augment({ flip: 0.5, rotation: 20 });
  await expect(app.train.augmentationSummary).toHaveText('horizontal flip 0.5, rotation 20°');
  await app.train.augmentation.screenshot({ path: testInfo.outputPath('augmentation-settings.png') });

  await app.goTo('Images');
  // a triangle shows its turns and flips more plainly than a circle
  await app.images.show({ className: 'triangle' });
  await app.images.open(0);
  await expect(app.images.networkSees).toContainText(
    'Each time this image comes round in training, it is changed anew by horizontal flip 0.5, rotation 20°.',
  );
  await expect(app.images.augmentedVersions).toHaveCount(8);
  const distinct = async () => new Set(await app.images.augmentedPictures()).size;
  await expect.poll(distinct).toBeGreaterThan(4);
  for (const colorScheme of ['light', 'dark'] as const) {
    await app.page.emulateMedia({ colorScheme });
    for (const size of [
      { width: 1280, height: 800 },
      { width: 1024, height: 700 },
    ]) {
      await app.page.setViewportSize(size);
      const name = `what-the-network-sees-${size.width}-${colorScheme}.png`;
      await app.page.screenshot({ path: testInfo.outputPath(name) });
    }
  }
  await app.page.emulateMedia({ colorScheme: 'light' });

  const first = await app.images.augmentedPictures();
  await app.images.drawAgain();
  await expect.poll(() => app.images.augmentedPictures()).not.toEqual(first);

  // they are the next run's settings: it trains with them, and its model says so
  await app.images.closeDialog();
  await app.goTo('Train');
  await app.train.set({ epochs: 2 });
  await app.train.start();
  await app.train.waitForTheEnd();
  await app.goTo('Model');
  await expect(app.model.trainedWith).toContainText('augmented by horizontal flip 0.5, rotation 20°');
});
