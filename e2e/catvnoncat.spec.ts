import path from 'node:path';
import { expect, test } from './fixtures.ts';
import { CATS, catsAvailable, inTemporaryFolder } from './helpers.ts';

test.skip(!catsAvailable, `the course data set is not at ${CATS} (set WHISKER_CATVNONCAT)`);

test("the course's 4-layer preset on the course's folders gives the course's numbers: 98.56% train, 80.00% test", async ({
  app,
}, testInfo) => {
  test.setTimeout(300_000);
  await app.data.openFolder(CATS);
  // the folders cat/ and non-cat/ take the course's order: non-cat is label 0, cat the positive class
  await expect(app.data.classOrder).toHaveText('Label 0: non-cat (negative) · label 1: cat (positive)');
  await expect(app.data.classRow('cat', 72, 0, 33)).toBeVisible();
  await expect(app.data.warning(/^1 image appears in more than one split/)).toBeVisible();
  await app.goTo('Train');
  await app.train.set({ preset: 'Course: 4-layer' });
  await expect(app.train.parameterCount).toHaveText('245,973 parameters');
  await app.train.start();
  await app.train.waitForTheEnd(240_000);
  await expect(app.train.status).toContainText('Epoch 2500 of 2500');
  await app.goTo('Model');
  await expect(app.model.card('98.56%')).toBeVisible();
  await expect(app.model.card('80.00%')).toBeVisible();
  await app.goTo('Results');
  await expect(app.results.accuracy).toHaveText('Accuracy 80.0% on 50 images');
  await app.screenshotEveryView(testInfo, 'course');
});

test('the course data: open, browse, train, read the results, classify, export and re-import', async ({
  app,
}, testInfo) => {
  test.setTimeout(180_000);
  const shot = (name: string) =>
    app.page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  await app.data.openFolder(CATS);
  await expect(app.data.classRow('cat', 72, 0, 33)).toBeVisible();
  await shot('data');

  // browse: the test split's cats, then one of them by name
  await app.goTo('Images');
  await expect(app.images.count).toHaveText('209 images');
  await app.images.show({ split: 'test', className: 'cat' });
  await expect(app.images.count).toHaveText('33 images');
  await app.images.show({ fileName: '017' });
  await expect(app.images.count).toHaveText('1 image');
  const file = path.join(CATS, 'test', 'cat', '017.png');
  await app.images.image(file).click();
  await expect(app.images.dialog).toContainText(file);
  await app.page.keyboard.press('Escape');
  await app.screenshotEveryView(testInfo, 'opened');

  await app.goTo('Train');
  await app.train.set({ preset: 'Course: 4-layer', epochs: 300 });
  await app.train.start();
  // the logistic-regression baseline trains first, then the network
  await app.train.waitForTheEnd(150_000);
  await expect.poll(() => app.train.epochShown()).toBe(300);
  await expect(app.train.chart(/^Loss per epoch at 300\.00: train 0\.\d+/)).toBeVisible();
  await shot('trained');

  await app.goTo('Results');
  await expect(app.results.accuracy).toHaveText(/^Accuracy \d+\.\d% on 50 images$/);
  await app.results.showMisclassified();
  expect(await app.results.images.count()).toBeGreaterThan(0);
  await shot('results');

  const photo = path.join(CATS, 'test', 'cat', '001.png');
  const classify = async () => {
    await app.goTo('Classify');
    await app.classify.choosePhotos(photo);
    // the newest photos come first
    return app.classify.cards.first().textContent();
  };
  const before = await classify();
  await expect(app.classify.cards).toHaveCount(1);
  await app.goTo('Model');
  const download = await app.model.export('safetensors');
  await inTemporaryFolder('cats', async (folder) => {
    const saved = path.join(folder, 'cats.safetensors');
    await download.saveAs(saved);
    await app.model.importFile(saved);
    await expect(app.message).toHaveText('Model imported.');
  });
  expect(await classify()).toBe(before);
  await expect(app.classify.cards).toHaveCount(2);
  await app.screenshotEveryView(testInfo, 'reimported');
});
