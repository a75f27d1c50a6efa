import path from 'node:path';
import { expect, test } from './fixtures.ts';
import { classFolders, inTemporaryFolder } from './helpers.ts';
import type { WhiskerApp } from './pages/WhiskerApp.ts';

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
] as const;

/** Screenshots of every view at both sizes, light and dark, kept with the test's artifacts. */
async function screenshotBothSizesAndThemes(
  app: WhiskerApp,
  testInfo: Parameters<WhiskerApp['screenshotEveryView']>[0],
  moment: string,
) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await app.page.emulateMedia({ colorScheme });
    for (const size of SIZES) {
      await app.page.setViewportSize(size);
      await app.screenshotEveryView(testInfo, `${moment}-${size.width}-${colorScheme}`);
    }
  }
  await app.page.emulateMedia({ colorScheme: 'light' });
}

test('the initialisation lesson: five runs overlaid, with the setting they differ in, their results and what they showed', async ({
  app,
}) => {
  test.setTimeout(300_000);
  await app.openSampleData();
  await app.goTo('Lab');
  // before it starts: its cost in all, and each run's updates = epochs × ⌈m/B⌉
  const cost = await app.lab.lessonCost('Initialisation');
  expect(cost.total).toMatch(
    /^5 runs, 3,000 updates in all \(epochs × ⌈m\/B⌉ each\), (a few seconds|about )/,
  );
  expect(cost.runs[0]).toMatch(/^He · 600 × ⌈144\/144⌉ = 600 updates · /);
  await app.lab.runLesson('initialisation');
  await expect(app.lab.status).toContainText(/more runs? waiting/);
  // randn·1 diverges; the other four complete
  await expect(app.lab.completed()).toHaveCount(4, { timeout: 150_000 });
  await expect(app.lab.runs.getByRole('columnheader')).toContainText([
    'Run',
    'Data set',
    'initialiser',
    'Updates',
    'Status',
    'Diagnostics',
  ]);
  for (const [name, initializer] of [
    ['He', 'He normal'],
    ['LeCun', 'LeCun normal'],
    ['Xavier/Glorot', 'Xavier/Glorot normal'],
    ['0\\.01·randn', 'Small random'],
  ])
    await expect(
      app.lab.run(new RegExp(`^${name} sample data ${initializer}.* 600 × 1 = 600 completed`)),
    ).toBeVisible();
  await expect(app.lab.run(/^randn·1 sample data Standard normal.* diverged/)).toBeVisible();
  await expect(app.lab.explanation).toContainText(
    /0\.01·randn barely moved.*randn·1 started at a training loss of/,
  );

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
  await expect(app.lab.run(/^LeCun sample data .*completed/)).toBeVisible({ timeout: 60_000 });
  await expect(app.lab.runs.getByRole('row')).toHaveCount(2);
  expect(await app.lab.experiments()).toEqual([
    expect.stringMatching(/^Mine · sample data · \d{4}-\d\d-\d\d \d\d:\d\d$/),
    expect.stringMatching(/^Initialisation · sample data · \d{4}-\d\d-\d\d \d\d:\d\d$/),
  ]);

  // a run deleted leaves the table
  await app.lab.delete(/^LeCun /);
  await expect(app.lab.run(/^LeCun /)).toHaveCount(0);
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
  // one alert, in the messages: the run's explanation
  await expect(app.alert).toHaveCount(1, { timeout: 30_000 });
  await expect(app.alert).toContainText(/became (NaN|infinite)/);
  await expect(app.train.findings).toContainText('The learning rate is too large');
  await expect(app.train.findings).toContainText(/A learning rate of 10 is 1,333 times the usual 0\.0075/);
  await app.screenshotEveryView(testInfo, 'diverged');

  await app.train.applyFix('Start again with the usual learning rate, 0.0075');
  expect(await app.train.setting('Learning rate')).toBe('0.0075');
  await app.train.waitForTheEnd();
  // the run that ended well resolved the failure
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

test('the activations lesson: the deep sigmoid network collapses, and the table shows every column at 1280 and 1024 wide', async ({
  app,
}, testInfo) => {
  test.setTimeout(150_000);
  await app.openSampleData();
  await app.goTo('Lab');
  await app.lab.runLesson('activations');
  await expect(app.lab.completed()).toHaveCount(3, { timeout: 120_000 });
  const sigmoid = app.lab.run(/^sigmoid /);
  // one finding, its likeliest cause; none for the networks that learn
  await expect(sigmoid).toContainText('The gradients vanish on their way back');
  await expect(app.lab.run(/^ReLU /)).not.toContainText('vanish');
  await expect(
    app.lab.run(/^sigmoid sample data 5 × 16 sigmoid Xavier\/Glorot normal.* completed/),
  ).toBeVisible();
  await expect(app.lab.explanation).toContainText(/^What happened, and why/);
  for (const size of SIZES) {
    await app.page.setViewportSize(size);
    // every column, the diagnostics and each run's buttons in full, inside the card; the page never scrolls sideways
    const clipping = await app.lab.tableClipping();
    expect(clipping, `at ${size.width}×${size.height}`).toMatchObject({
      beyondCard: 0,
      beyondWindow: 0,
      squeezed: [],
    });
    expect(clipping.diagnosticsWidth, `at ${size.width}`).toBeGreaterThanOrEqual(150);
    const remove = app.lab.run(/^sigmoid /).getByRole('button', { name: 'Delete' });
    await remove.scrollIntoViewIfNeeded();
    await expect(remove).toBeInViewport({ ratio: 1 });
    expect(
      await app.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
  }
  await screenshotBothSizesAndThemes(app, testInfo, 'activations');
});

test('the batch-size lesson: its own settings whatever the Train view’s, its updates before it starts, and runs lined up by updates', async ({
  app,
}, testInfo) => {
  test.setTimeout(240_000);
  await app.openSampleData();
  // the Train view's settings, which the lesson must not borrow: Adam at 0.001 for 40 epochs
  await app.goTo('Train');
  await app.train.set({ optimizer: 'adam', learningRate: 0.001, epochs: 40, batchSize: 16 });
  await app.train.start();
  await app.train.waitForTheEnd(120_000);

  await app.goTo('Lab');
  const cost = await app.lab.lessonCost('Batch size');
  expect(cost.total).toMatch(/^3 runs, 4,500 updates in all \(epochs × ⌈m\/B⌉ each\), /);
  expect(cost.runs).toEqual([
    expect.stringMatching(/^batch 1 · 30 × ⌈144\/1⌉ = 4,320 updates · /),
    expect.stringMatching(/^batch 32 · 30 × ⌈144\/32⌉ = 150 updates · /),
    expect.stringMatching(/^full batch · 30 × ⌈144\/144⌉ = 30 updates · /),
  ]);
  await app.lab.runLesson('batch size');
  await expect(app.lab.completed()).toHaveCount(3, { timeout: 180_000 });
  await expect(app.lab.run(/^batch 1 sample data 1 30 × 144 = 4,320 completed/)).toBeVisible();
  await expect(app.lab.run(/^full batch sample data full 30 × 1 = 30 completed/)).toBeVisible();
  await expect(app.lab.explanation).toContainText(
    /In 30 epochs, batch 1 made 4,320 updates, batches of 32 made 150 updates and the full batch made 30 updates \(updates = epochs × ⌈m\/B⌉\)/,
  );

  // lined up by updates first, as the lesson is about them; then by epoch, on an axis of the lesson's 30 epochs
  await expect(app.lab.chart(/^Training loss by update at 4320\.00: batch 1 /)).toBeVisible();
  await app.lab.lineUpBy('Epoch');
  await expect(
    app.lab.chart(/^Training loss by epoch at 30\.00: batch 1 [\d.]+, batch 32 [\d.]+, full batch /),
  ).toBeVisible();

  // the experiments are apart: the lesson's, and the Train view's run on the same data
  expect(await app.lab.experiments()).toEqual([
    expect.stringMatching(/^Batch size · sample data · /),
    'Runs from the Train view · sample data',
  ]);
  await app.lab.showExperiment(/^Runs from the Train view/);
  await expect(app.lab.runs.getByRole('row')).toHaveCount(2);
  await expect(app.lab.chart(/^Training loss by epoch at 40\.00: /)).toBeVisible();

  // the lesson's runs trained with plain gradient descent at the course's rate
  await app.lab.showExperiment(/^Batch size/);
  await app.lab.editSettingsOf(/^batch 32 /);
  expect(await app.train.setting('Optimiser')).toBe('gradientDescent');
  expect(await app.train.setting('Learning rate')).toBe('0.0075');

  await app.goTo('Lab');
  await screenshotBothSizesAndThemes(app, testInfo, 'batch');
});

test('experiments of one name on two data sets stay apart, each on its own data', async ({ app }) => {
  test.setTimeout(180_000);
  await app.openSampleData();
  await app.goTo('Train');
  await app.train.set({ epochs: 3 });
  await app.goTo('Lab');
  await app.lab.queueOwn('Mine', 'first');
  await expect(app.lab.run(/^first sample data .*completed/)).toBeVisible({ timeout: 60_000 });

  await inTemporaryFolder('lab', async (root) => {
    const pets = path.join(root, 'pets');
    await classFolders(pets, { cat: 200, dog: 40 }, { count: 6, size: 16 });
    await app.goTo('Data');
    await app.data.openOtherData();
    await app.data.openFolder(pets);
    await expect(app.data.heading).toHaveText(/pets$/, { timeout: 60_000 });
    await app.goTo('Lab');
    await app.lab.queueOwn('Mine', 'second');
    await expect(app.lab.run(new RegExp(`^second ${escaped(pets)} .*completed`))).toBeVisible({
      timeout: 60_000,
    });
    await expect(app.lab.runs.getByRole('row')).toHaveCount(2);
    expect(await app.lab.experiments()).toEqual([
      expect.stringMatching(new RegExp(`^Mine · ${escaped(pets)} · `)),
      expect.stringMatching(/^Mine · sample data · /),
    ]);
    await app.lab.showExperiment(/^Mine · sample data/);
    await expect(app.lab.runs.getByRole('row')).toHaveCount(2);
    await expect(app.lab.run(/^first sample data /)).toBeVisible();
  });
});
