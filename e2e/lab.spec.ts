import { expect, test } from './fixtures.ts';
import { AppPage } from './pages/AppPage.ts';

test('the initialisation lesson: three runs overlaid, with the setting they differ in and their results', async ({
  shell,
}, testInfo) => {
  test.setTimeout(120_000);
  const page = shell.page;
  const app = new AppPage(page);
  await app.trySampleData.click();
  await expect(app.dataHeading).toBeVisible();
  await app.goTo('Lab');
  await page.getByRole('button', { name: 'Run the initialisation lesson' }).click();
  await expect(page.getByTestId('lab-status')).toContainText(/more waiting/);

  const runs = page.getByRole('table', { name: 'Runs compared' });
  await expect(runs.getByRole('row', { name: /completed/ })).toHaveCount(3, { timeout: 90_000 });
  await expect(runs.getByRole('columnheader')).toContainText(['Run', 'initialiser', 'Status']);
  for (const [name, initializer] of [
    ['He', 'he'],
    ['Xavier', 'xavierNormal'],
    ['0.01·randn', 'smallRandom'],
  ])
    await expect(
      runs.getByRole('row', { name: new RegExp(`^${name} ${initializer} completed`) }),
    ).toBeVisible();
  // three curves on one chart, named in its text summary, and the baseline as the line to beat
  await expect(
    page.getByRole('img', {
      name: /^Validation loss per epoch at 20\.00: He \S+, Xavier \S+, 0\.01·randn \S+, logistic regression \S+\.$/,
    }),
  ).toBeVisible();
  await app.screenshotEveryView(testInfo, 'lesson');

  // a run can be renamed, and its model taken up again
  await runs.getByRole('row', { name: /^He / }).getByRole('button', { name: 'Rename' }).click();
  await page.getByLabel('New name').fill('He, ReLU');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(runs.getByRole('row', { name: /^He, ReLU he completed/ })).toBeVisible();
  await runs
    .getByRole('row', { name: /^Xavier / })
    .getByRole('button', { name: 'Use model' })
    .click();
  await app.goTo('Model');
  await expect(page.getByTestId('model-training')).toContainText('xavierNormal initialisation');

  // an experiment of one's own: a run's settings back in the editor, changed, queued
  await app.goTo('Lab');
  await runs
    .getByRole('row', { name: /^0\.01·randn / })
    .getByRole('button', { name: 'Edit settings' })
    .click();
  await expect(page.getByLabel('Initialiser')).toHaveValue('smallRandom');
  await page.getByLabel('Initialiser').selectOption('lecun');
  await app.goTo('Lab');
  await page.getByLabel('Experiment', { exact: true }).fill('Mine');
  await page.getByLabel('Run name').fill('LeCun');
  await page.getByRole('button', { name: "Queue the Train view's settings" }).click();
  await expect(runs.getByRole('row', { name: /^LeCun completed/ })).toBeVisible({ timeout: 30_000 });
  await expect(runs.getByRole('row')).toHaveCount(2);
});

test('a diverging run is explained, and the fix starts again in one click', async ({ shell }, testInfo) => {
  test.setTimeout(90_000);
  const page = shell.page;
  const app = new AppPage(page);
  await app.trySampleData.click();
  await app.goTo('Train');
  await page.getByLabel('Epochs').fill('5');
  await app.startTraining.click(); // the baseline, then this network
  await expect(page.getByText('Run completed.')).toBeVisible({ timeout: 30_000 });

  await page.getByLabel('Hidden layer 1 activation').selectOption('leakyRelu');
  await page.getByLabel('Optimiser').selectOption('gradientDescent');
  await page.getByLabel('Learning rate').fill('10');
  await page.getByRole('spinbutton', { name: 'Epochs' }).fill('20');
  await app.startTraining.click();
  await expect(app.alert).toContainText(/became (NaN|infinite)/, { timeout: 30_000 });
  const findings = page.getByRole('region', { name: 'What the diagnostics see' });
  await expect(findings).toContainText('The run diverged');
  await app.screenshotEveryView(testInfo, 'diverged');

  await findings.getByRole('button', { name: 'Start again with a 10× smaller learning rate' }).click();
  await expect(page.getByLabel('Learning rate')).toHaveValue('1');
  await expect(page.getByText('Run completed.')).toBeVisible({ timeout: 30_000 });
  await expect(app.alert).toHaveCount(0);
});

test('inside the network: first-layer weights as images, the gradient heatmap and each layer with its equation', async ({
  shell,
}, testInfo) => {
  const page = shell.page;
  const app = new AppPage(page);
  await app.trySampleData.click();
  await app.goTo('Train');
  await app.startTraining.click();
  await expect(page.getByText('Run completed.')).toBeVisible({ timeout: 30_000 });
  await app.goTo('Inside');
  const weights = page.getByRole('list', { name: 'First-layer weights' }).getByRole('img');
  await expect(weights).toHaveCount(32);
  await expect(weights.first()).toHaveAccessibleName('Weights of unit 1');
  // the picture is drawn: not one flat colour
  const colours = await weights
    .first()
    .locator('canvas')
    .evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      return new Set(Array.from({ length: data.length / 4 }, (_, i) => data[i * 4])).size;
    });
  expect(colours).toBeGreaterThan(10);
  await expect(
    page.getByRole('img', { name: /^Gradient norm heatmap: 2 layers over 20 epochs/ }),
  ).toBeVisible();
  await expect(page.getByText('z[1] = W[1]·x + b[1], a[1] = relu(z[1])')).toBeVisible();
  await expect(page.getByText(/W\[1\]: 32×12288/)).toBeVisible();
  await app.screenshotEveryView(testInfo, 'inside');
});

test('the activations lesson: the deep sigmoid network collapses, and the table says why', async ({
  shell,
}, testInfo) => {
  test.setTimeout(120_000);
  const page = shell.page;
  const app = new AppPage(page);
  await app.trySampleData.click();
  await expect(app.dataHeading).toBeVisible();
  await app.goTo('Lab');
  await page.getByRole('button', { name: 'Run the activations lesson' }).click();
  const runs = page.getByRole('table', { name: 'Runs compared' });
  await expect(runs.getByRole('row', { name: /completed/ })).toHaveCount(3, { timeout: 90_000 });
  const sigmoid = runs.getByRole('row', { name: /^sigmoid / });
  await expect(sigmoid).toContainText('The gradients vanish on their way back');
  await expect(sigmoid).toContainText(/saturated/);
  await expect(runs.getByRole('row', { name: /^ReLU / })).not.toContainText('vanish');
  await expect(
    runs.getByRole('row', { name: /^sigmoid 5 × 16 sigmoid xavierNormal completed/ }),
  ).toBeVisible();
  // a wide table scrolls inside its box; the page never scrolls sideways, even at 1024×700
  await page.setViewportSize({ width: 1024, height: 700 });
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  ).toBeLessThanOrEqual(0);
  await app.screenshotEveryView(testInfo, 'activations');
});
