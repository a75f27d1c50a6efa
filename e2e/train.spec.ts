import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from './fixtures.ts';
import { circlePhoto, inTemporaryFolder } from './helpers.ts';

test('loads the sample data, trains with live progress, classifies photos, and exports and re-imports the model', async ({
  app,
}, testInfo) => {
  test.setTimeout(120_000);
  await app.screenshotEveryView(testInfo, 'empty');
  await app.data.trySampleData();
  await expect(app.data.heading).toHaveText('Data: sample data');
  await expect(app.data.classRow('circle', 48, 0, 12)).toBeVisible();
  // thumbnails come from the trainer, drawn from the decoded pixels
  await expect(app.data.thumbnails).toHaveCount(12);
  await expect
    .poll(() => app.data.thumbnails.first().evaluate((img: HTMLImageElement) => img.naturalWidth))
    .toBe(64);

  await app.goTo('Train');
  await app.train.start();
  // the logistic-regression baseline trains first; then the network (that its progress shows while
  // it goes on is responsive.spec's, on a run long enough for a busy machine to see it)
  await expect(app.train.status).not.toContainText('baseline', { timeout: 30_000 });
  await expect.poll(() => app.train.epochShown(), { timeout: 30_000 }).toBe(20);
  await app.train.waitForTheEnd();
  // the Quick preset holds 15% of the training split out for validation
  await expect(app.train.status).toContainText(/validation accuracy \d+\.\d%/);
  await app.screenshotEveryView(testInfo, 'trained');

  // any image of the data set, large, with the new model's probabilities
  await app.goTo('Images');
  await app.images.open(3);
  await expect(app.images.dialog.getByTestId('image-prediction')).toHaveText(
    /circle\s+\d+\.\d%\s*square\s+\d+\.\d%\s*triangle\s+\d+\.\d%/,
  );
  await app.images.closeDialog();

  await app.goTo('Classify');
  const circle = await circlePhoto();
  await app.classify.choosePhotos([
    { name: 'my circle.png', mimeType: 'image/png', buffer: circle },
    { name: 'not a photo.png', mimeType: 'image/png', buffer: Buffer.from('hello') },
  ]);
  await expect(app.classify.cards).toHaveCount(2);
  await expect(app.classify.cards.nth(0)).toContainText(
    /my circle\.png\s*circle\s+\d+\.\d%\s*square\s+\d+\.\d%\s*triangle\s+\d+\.\d%/,
  );
  await expect(app.classify.cards.nth(1)).toContainText('not an image (unsupported or unrecognised format)');
  await expect(app.alert).toHaveCount(0);

  // a whole folder into a table, saved as CSV
  await inTemporaryFolder('photos', async (photos) => {
    await mkdir(path.join(photos, 'holiday'));
    for (const i of [1, 2, 3]) await writeFile(path.join(photos, 'holiday', `p${i}.png`), circle);
    await writeFile(path.join(photos, 'holiday', 'readme.txt'), 'not a photo');
    await app.classify.chooseFolder(path.join(photos, 'holiday'));
    const table = app.classify.table('holiday');
    await expect(table.getByRole('row')).toHaveCount(5);
    await expect(table.getByRole('row', { name: /holiday\/p2\.png circle/ })).toBeVisible();
    await expect(table.getByRole('row', { name: /readme\.txt/ })).toContainText('not an image');
    const download = await app.classify.saveCsv();
    expect(download.suggestedFilename()).toBe('holiday.csv');
    const lines = (await readFile(await download.path(), 'utf8')).trim().split('\r\n');
    expect(lines[0]).toBe('file,predicted,p(circle),p(square),p(triangle),error');
    expect(lines).toHaveLength(5);
    expect(lines.find((l) => l.startsWith('holiday/p1.png'))).toMatch(/^holiday\/p1\.png,circle,0\.\d{6},/);
  });
  await app.screenshotEveryView(testInfo, 'classified');

  // in a browser the model is downloaded, and imported by choosing its file
  await app.goTo('Model');
  const model = await app.model.export('safetensors');
  expect(model.suggestedFilename()).toBe('circle-vs-square-vs-triangle.safetensors');
  const onnx = await app.model.export('onnx');
  expect((await readFile(await onnx.path())).length).toBeGreaterThan(1000);
  await inTemporaryFolder('export', async (folder) => {
    const saved = path.join(folder, 'shapes.safetensors');
    await model.saveAs(saved);
    await app.model.importFile(saved);
    await expect(app.message).toHaveText('Model imported.');
    await expect(app.model.card('12288 → 32 ReLU → 3 softmax')).toBeVisible();
    const wrong = path.join(folder, 'shapes.onnx');
    await onnx.saveAs(wrong);
    await app.model.importFile(wrong);
    await expect(app.alert).toContainText(
      'shapes.onnx: not a usable model: it is an ONNX model; Whisker opens the .safetensors model files it saves',
    );
  });
});

test('pauses, resumes and stops a run from the page', async ({ app }) => {
  await app.openSampleData();
  await app.goTo('Train');
  // long enough that the run cannot end before the pause arrives
  await app.train.set({ epochs: 5000 });
  await app.train.start();
  await expect.poll(() => app.train.epochShown(), { timeout: 30_000 }).toBeGreaterThan(0);
  // the progress line: epoch, time left, and examples a second
  await expect(app.train.status).toContainText(/(\d+ min )?\d+ s left/);
  await expect(app.train.status).toContainText(/Epoch \d+ of 5000 .*· [\d,]+ examples\/s/);
  await app.train.pause();
  await expect(app.train.status).toContainText('paused');
  const paused = await app.train.epochShown();
  await app.page.waitForTimeout(500);
  expect(await app.train.epochShown()).toBe(paused);
  await app.train.resume();
  await expect.poll(() => app.train.epochShown()).toBeGreaterThan(paused);
  await app.train.stop();
  await expect(app.page.getByText('Run stopped.')).toBeVisible();
});

test('once a run starts, its controls, progress and loss chart show without scrolling at 1024×700', async ({
  app,
}) => {
  await app.page.setViewportSize({ width: 1024, height: 700 });
  await app.openSampleData();
  await app.goTo('Train');
  await app.train.set({ epochs: 3000 });
  await app.train.start();
  await expect.poll(() => app.train.epochShown(), { timeout: 30_000 }).toBeGreaterThan(1);
  for (const seen of [
    app.page.getByRole('button', { name: 'Stop' }),
    app.page.getByRole('progressbar', { name: 'Epochs done' }),
    app.train.chart(/^Loss per epoch/),
  ]) {
    const box = (await seen.boundingBox())!;
    expect(box.y + box.height, `${seen} ends inside the window`).toBeLessThanOrEqual(700);
  }
  await app.train.stop();
});

test('the editor shows the settings of the run in progress and cannot change them, even after a reload', async ({
  app,
}) => {
  await app.openSampleData();
  await app.goTo('Train');
  await app.train.set({ preset: 'Course: 2-layer' });
  expect(await app.train.presetShown()).toBe('Course: 2-layer');
  await app.train.set({ epochs: 100_000 });
  expect(await app.train.presetShown()).toBe('');
  await app.train.start();
  await expect.poll(() => app.train.epochShown(), { timeout: 30_000 }).toBeGreaterThan(0);
  expect(await app.train.settingsEditable()).toBe(false);
  await app.page.reload();
  await app.goTo('Train');
  expect(await app.train.setting('Epochs')).toBe('100000');
  expect(await app.train.settingsEditable()).toBe(false);
  await app.train.stop();
  await expect(app.page.getByText('Run stopped.')).toBeVisible();
  expect(await app.train.settingsEditable()).toBe(true);
});

test('the baseline is a quiet reference that can be hidden, and legends show the latest values', async ({
  app,
}) => {
  await app.trainOnSampleData(4);
  await expect(
    app.train.chart(/^Loss per epoch at 4\.00: train [\d.]+, validation [\d.]+, logistic regression/),
  ).toBeVisible();
  const legend = app.page.locator('figure', { hasText: 'Loss per epoch' }).locator('.u-legend .u-value');
  await expect(legend.first()).toHaveText('4');
  expect((await legend.allTextContents()).every((v) => /^[\d.]+$/.test(v))).toBe(true);
  await app.train.showBaseline(false);
  await expect(app.train.chart(/^Loss per epoch at 4\.00: train [\d.]+, validation [\d.]+\.$/)).toBeVisible();
});
