import { expect, test } from './fixtures.ts';

test('the initialisation lesson: five runs overlaid, with the setting they differ in, their results and what they showed', async ({
  app,
}, testInfo) => {
  test.setTimeout(180_000);
  await app.openSampleData();
  await app.goTo('Lab');
  await expect(app.page.getByTestId('lesson-duration').first()).toContainText(
    '5 runs, 3,000 updates in all (epochs × ⌈m/B⌉ each)',
  );
  await app.lab.runLesson('initialisation');
  await expect(app.lab.status).toContainText(/more waiting/);
  // randn·1 diverges; the other four complete
  await expect(app.lab.completed()).toHaveCount(4, { timeout: 150_000 });
  await expect(app.lab.runs.getByRole('columnheader')).toContainText([
    'Run',
    'Data set',
    'initialiser',
    'Status',
  ]);
  for (const [name, initializer] of [
    ['He', 'He normal'],
    ['LeCun', 'LeCun normal'],
    ['Xavier/Glorot', 'Xavier/Glorot normal'],
    ['0\\.01·randn', 'Small random'],
  ])
    await expect(app.lab.run(new RegExp(`^${name} sample data ${initializer}.* completed`))).toBeVisible();
  await expect(app.lab.run(/^randn·1 sample data Standard normal.* diverged/)).toBeVisible();
  await expect(app.page.getByRole('region', { name: 'What the lesson showed' })).toContainText(
    /0\.01·randn barely moved.*randn·1 started at a training loss of/,
  );
  await app.screenshotEveryView(testInfo, 'lesson');

  // a run can be renamed, and its model taken up again
  await app.lab.rename(/^He /, 'He, ReLU');
  await expect(app.lab.run(/^He, ReLU sample data He normal.* completed/)).toBeVisible();
  await app.lab.useModelOf(/^Xavier\/Glorot /);
  await app.goTo('Model');
  await expect(app.model.trainedWith).toContainText('Xavier/Glorot normal');

  // an experiment of one's own: a run's settings back in the editor, changed, queued
  await app.goTo('Lab');
  await app.lab.editSettingsOf(/^0\.01·randn /);
  expect(await app.train.setting('Initialiser')).toBe('smallRandom');
  await app.train.set({ initializer: 'lecun' });
  await app.goTo('Lab');
  await app.lab.queueOwn('Mine', 'LeCun');
  await expect(app.lab.run(/^LeCun sample data completed/)).toBeVisible({ timeout: 60_000 });
  await expect(app.lab.runs.getByRole('row')).toHaveCount(2);
});

test('a diverging run is explained, and the fix starts again in one click', async ({ app }, testInfo) => {
  test.setTimeout(120_000);
  await app.trainOnSampleData(5); // the baseline, then this network
  await app.train.set({
    activation: 'leakyRelu',
    optimizer: 'gradientDescent',
    learningRate: 10,
    epochs: 20,
  });
  await app.train.start();
  await expect(app.alert).toContainText(/became (NaN|infinite)/, { timeout: 30_000 });
  await expect(app.train.findings).toContainText('The learning rate is too large');
  await app.screenshotEveryView(testInfo, 'diverged');

  await app.train.applyFix('Start again with the usual learning rate, 0.0075');
  expect(await app.train.setting('Learning rate')).toBe('0.0075');
  await app.train.waitForTheEnd();
  await expect(app.alert).toHaveCount(0);
});

test('inside the network: first-layer weights as images, the gradient heatmap and each layer with its equation', async ({
  app,
}, testInfo) => {
  await app.trainOnSampleData(20);
  await app.goTo('Inside');
  await expect(app.inside.weights).toHaveCount(32);
  await expect(app.inside.weights.first()).toHaveAccessibleName('Weights of unit 1');
  // the picture is drawn: not one flat colour
  expect(await app.inside.firstPictureShades()).toBeGreaterThan(10);
  await expect(app.inside.heatmap(/^Gradient heatmap: 2 layers over 20 epochs/)).toBeVisible();
  await expect(app.inside.text('z[1] = W[1]·x + b[1], a[1] = relu(z[1])')).toBeVisible();
  await expect(app.inside.text(/W\[1\]: 32×12288/)).toBeVisible();
  await app.screenshotEveryView(testInfo, 'inside');
});

test('the activations lesson: the deep sigmoid network collapses, and the table says why', async ({
  app,
}, testInfo) => {
  test.setTimeout(150_000);
  await app.openSampleData();
  await app.goTo('Lab');
  await app.lab.runLesson('activations');
  await expect(app.lab.completed()).toHaveCount(3, { timeout: 120_000 });
  const sigmoid = app.lab.run(/^sigmoid /);
  await expect(sigmoid).toContainText('It predicts one class');
  await expect(sigmoid).toContainText(/sigmoid units are saturated/);
  await expect(app.lab.run(/^ReLU /)).not.toContainText('saturated');
  await expect(app.lab.run(/^sigmoid 5 × 16 sigmoid Xavier\/Glorot normal.* completed/)).toBeVisible();
  // a wide table scrolls inside its box; the page never scrolls sideways, even at 1024×700
  await app.page.setViewportSize({ width: 1024, height: 700 });
  expect(
    await app.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  ).toBeLessThanOrEqual(0);
  await app.screenshotEveryView(testInfo, 'activations');
});
