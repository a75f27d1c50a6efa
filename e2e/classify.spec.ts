import path from 'node:path';
import { expect, test } from './fixtures.ts';
import { circlePhoto, inTemporaryFolder } from './helpers.ts';

test('results on screen stay their model’s, in its class order and colours; newest first; cleared on request', async ({
  app,
}) => {
  test.setTimeout(150_000);
  const photo = { name: 'circle.png', mimeType: 'image/png', buffer: await circlePhoto() };
  await app.trainOnSampleData(3);
  await app.goTo('Model');
  const firstModel = await app.model.export('safetensors');
  await app.goTo('Classify');
  await app.classify.choosePhotos([photo]);
  await expect(app.classify.cards).toHaveCount(1);
  const firstCard = await app.classify.cards.first().textContent();
  const firstColours = await app.classify.barColours(app.classify.cards.first());

  // another class order, another model
  await app.goTo('Data');
  await app.data.moveClassUp('triangle');
  await expect(app.data.classOrder).toContainText('1: triangle');
  await app.goTo('Train');
  await app.train.start();
  await app.train.waitForTheEnd();
  await app.goTo('Classify');
  await expect(app.classify.cards.first()).toHaveText(firstCard!);
  await app.classify.choosePhotos([photo]);
  await expect(app.classify.cards).toHaveCount(2);
  // the newest first, in the new model's order; the older card unchanged
  await expect(app.classify.cards.first()).toContainText(/circle\s+\d+\.\d%\s*triangle\s+\d+\.\d%\s*square/);
  await expect(app.classify.cards.nth(1)).toHaveText(firstCard!);
  expect(await app.classify.barColours(app.classify.cards.first())).toEqual(firstColours);

  // the first model, whose classes are the data set's in another order, is mapped, not refused
  await inTemporaryFolder('order', async (folder) => {
    const file = path.join(folder, 'first.safetensors');
    await firstModel.saveAs(file);
    await app.goTo('Model');
    await app.model.importFile(file);
  });
  await app.goTo('Results');
  await expect(app.results.accuracy).toHaveText(/^Accuracy \d+\.\d% on 36 images$/);
  await expect(app.alert).toHaveCount(0);

  await app.goTo('Classify');
  await expect(app.classify.cards.nth(1)).toHaveText(firstCard!);
  await app.classify.clear(0);
  await expect(app.classify.cards).toHaveCount(1);
  await app.classify.clearAll();
  await expect(app.classify.cards).toHaveCount(0);
});
