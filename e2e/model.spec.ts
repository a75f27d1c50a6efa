import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeModel, encodeModel } from '../src/core/modelFile.ts';
import { expect, test } from './fixtures.ts';
import { circlePhoto, inTemporaryFolder, untrainedShapesModel } from './helpers.ts';

test('a run that diverges leaves the model as it was, and every view still shows it', async ({ app }) => {
  test.setTimeout(120_000);
  await app.trainOnSampleData(3);
  await app.goTo('Model');
  const before = await app.page.getByRole('table', { name: "The model's loss and accuracy" }).textContent();
  await app.goTo('Train');
  // this network alone, so that the run that diverges is the one that would replace the model
  await app.train.trainBaselineFirst(false);
  await app.train.set({
    activation: 'leakyRelu',
    optimizer: 'gradientDescent',
    learningRate: 10,
    epochs: 20,
  });
  await app.train.start();
  // the alert comes with the run's end
  await expect(app.alert).toContainText(/became (NaN|infinite)/, { timeout: 60_000 });
  await expect(app.alert).toContainText('The run left no model; the current one is unchanged.');
  await app.goTo('Model');
  await expect(app.page.getByRole('table', { name: "The model's loss and accuracy" })).toHaveText(before!);
  await app.page.reload();
  await app.goTo('Model');
  await expect(app.page.getByRole('table', { name: "The model's loss and accuracy" })).toHaveText(before!);
});

test('a model whose metrics are missing opens, and the card says what is not known', async ({ app }) => {
  test.setTimeout(90_000);
  await app.trainOnSampleData(2);
  await app.goTo('Model');
  const download = await app.model.export('safetensors');
  await inTemporaryFolder('metrics', async (folder) => {
    const model = decodeModel(new Uint8Array(await readFile(await download.path())));
    // a diverged run's last good epoch can predict 0 or 1 outright: its loss is not finite, so not stored
    const { trainLoss: _train, testLoss: _test, ...metrics } = model.info.metrics ?? {};
    const file = path.join(folder, 'no losses.safetensors');
    await writeFile(file, encodeModel({ ...model, info: { ...model.info, metrics } }));
    await app.model.importFile(file);
    await expect(app.message).toHaveText('Model imported.');
  });
  await expect(app.page.getByRole('row', { name: /^Training – \d+\.\d\d%$/ })).toBeVisible();
  for (const view of ['Results', 'Classify', 'Model'] as const) {
    await app.goTo(view);
    await expect(app.page.locator('main h2').first()).toBeVisible();
  }
});

test('a model opens and classifies a photo before any data set is open', async ({ app }) => {
  await inTemporaryFolder('first', async (folder) => {
    const file = path.join(folder, 'shapes.safetensors');
    await untrainedShapesModel(file);
    await app.data.openModel(file);
  });
  await expect(app.page.getByRole('heading', { name: 'Classify' })).toBeFocused();
  await app.classify.choosePhotos([
    { name: 'circle.png', mimeType: 'image/png', buffer: await circlePhoto() },
  ]);
  await expect(app.classify.cards.first()).toContainText(
    /circle\.png\s*circle\s+\d+\.\d%\s*square\s+\d+\.\d%\s*triangle\s+\d+\.\d%/,
  );
});

test('the views that need data say why they are closed; Classify and Model open without it', async ({
  app,
}) => {
  for (const view of ['Images', 'Train', 'Inside', 'Lab', 'Results'] as const)
    expect(await app.closedBecause(view)).toBe('Open a data set first, in the Data view');
  for (const view of ['Classify', 'Model'] as const) {
    expect(await app.closedBecause(view)).toBeNull();
    await app.goTo(view);
    await expect(app.page.getByRole('button', { name: 'Open a model…' }).first()).toBeVisible();
  }
});

test('a model file of another kind is refused with what it is; an error stays until dismissed, a confirmation goes', async ({
  app,
}) => {
  test.setTimeout(90_000);
  await app.trainOnSampleData(2);
  await app.goTo('Model');
  const onnx = await app.model.export('onnx');
  const safetensors = await app.model.export('safetensors');
  await inTemporaryFolder('kinds', async (folder) => {
    const wrong = path.join(folder, 'shapes.onnx');
    await onnx.saveAs(wrong);
    await app.model.importFile(wrong);
    await expect(app.alert).toHaveText(
      'shapes.onnx: not a usable model: it is an ONNX model; Whisker opens the .safetensors model files it saves (it exports ONNX but cannot open it)',
    );
    await app.goTo('Data');
    await app.goTo('Model');
    await expect(app.alert).toHaveCount(1);

    const right = path.join(folder, 'shapes.safetensors');
    await safetensors.saveAs(right);
    await app.model.importFile(right);
    // the same thing succeeding resolves its error; the confirmation goes by itself
    await expect(app.alert).toHaveCount(0);
    await expect(app.message).toHaveText('Model imported.');
    await expect(app.message).toHaveCount(0, { timeout: 10_000 });

    await app.model.importFile(wrong);
    await expect(app.alert).toHaveCount(1);
    await app.dismissMessages();
    await expect(app.alert).toHaveCount(0);
  });
});

test('the model card says which training loss it shows', async ({ app }) => {
  await app.trainOnSampleData(2);
  await app.goTo('Model');
  await expect(app.page.getByText(/Measured once on the final weights, after the last update/)).toBeVisible();
});
