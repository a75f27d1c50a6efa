import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { expect, test } from './fixtures.ts';
import { AppPage } from './pages/AppPage.ts';

test('loads the sample data, trains with live progress, classifies photos, and exports and re-imports the model', async ({
  shell,
}, testInfo) => {
  test.setTimeout(90_000);
  const app = new AppPage(shell.page);
  await app.screenshotEveryView(testInfo, 'empty');
  await app.trySampleData.click();
  await expect(app.dataHeading).toHaveText('Data: sample data');
  await expect(shell.page.getByRole('row', { name: /circle 48 0 12/ })).toBeVisible();
  // thumbnails come from the host, drawn from the decoded pixels
  const thumbnails = shell.page.getByRole('list', { name: 'First training images' }).getByRole('img');
  await expect(thumbnails).toHaveCount(12);
  await expect.poll(() => thumbnails.first().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);

  await app.goTo('Train');
  await app.startTraining.click();
  // the logistic-regression baseline trains first; then the network, whose progress arrives while
  // it goes on: the epoch shown climbs
  await expect(app.status).not.toContainText('baseline', { timeout: 20_000 });
  await expect.poll(() => app.epochShown(), { timeout: 20_000 }).toBeGreaterThan(0);
  const early = await app.epochShown();
  await expect.poll(() => app.epochShown(), { timeout: 30_000 }).toBe(20);
  expect(early).toBeLessThan(20);
  await expect(shell.page.getByText('Run completed.')).toBeVisible({ timeout: 30_000 });
  await expect(app.status).toContainText(/validation accuracy \d+\.\d%/);
  await app.screenshotEveryView(testInfo, 'trained');

  // any image of the data set, large, with the new model's probabilities
  await app.goTo('Images');
  await app.imageGrid.locator('[data-index="3"]').click();
  const dialog = shell.page.getByRole('dialog');
  await expect(dialog.getByTestId('image-prediction')).toHaveText(
    /circle\s+\d+\.\d%\s*square\s+\d+\.\d%\s*triangle\s+\d+\.\d%/,
  );
  await dialog.getByRole('button', { name: 'Close' }).click();

  await app.goTo('Classify');
  const circle = await sharp(Buffer.alloc(64 * 64 * 3, 20), { raw: { width: 64, height: 64, channels: 3 } })
    .composite([
      {
        input: Buffer.from(
          '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="18" fill="#eee"/></svg>',
        ),
      },
    ])
    .png()
    .toBuffer();
  await app.photos.setInputFiles([
    { name: 'my circle.png', mimeType: 'image/png', buffer: circle },
    { name: 'not a photo.png', mimeType: 'image/png', buffer: Buffer.from('hello') },
  ]);
  await expect(app.predictions).toHaveCount(2);
  await expect(app.predictions.nth(0)).toContainText(
    /my circle\.png\s*circle\s+\d+\.\d%\s*square\s+\d+\.\d%\s*triangle\s+\d+\.\d%/,
  );
  await expect(app.predictions.nth(1)).toContainText('not an image (unsupported or unrecognised format)');
  await expect(app.alert).toHaveCount(0);

  // a whole folder into a table, saved as CSV
  const photos = await mkdtemp(path.join(tmpdir(), 'whisker-photos-'));
  try {
    await mkdir(path.join(photos, 'holiday'));
    for (const i of [1, 2, 3]) await writeFile(path.join(photos, 'holiday', `p${i}.png`), circle);
    await writeFile(path.join(photos, 'holiday', 'readme.txt'), 'not a photo');
    await shell.page.getByLabel('Choose a folder').setInputFiles(path.join(photos, 'holiday'));
    const table = shell.page.getByRole('table', { name: 'Predictions for holiday' });
    await expect(table.getByRole('row')).toHaveCount(5);
    await expect(table.getByRole('row', { name: /holiday\/p2\.png circle/ })).toBeVisible();
    await expect(table.getByRole('row', { name: /readme\.txt/ })).toContainText('not an image');
    const downloading = shell.page.waitForEvent('download');
    await shell.page.getByRole('button', { name: 'Save as CSV' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('holiday.csv');
    const csv = await readFile(await download.path(), 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('file,predicted,p(circle),p(square),p(triangle),error');
    expect(lines).toHaveLength(5);
    expect(lines.find((l) => l.startsWith('holiday/p1.png'))).toMatch(/^holiday\/p1\.png,circle,0\.\d{6},/);
  } finally {
    await rm(photos, { recursive: true, force: true });
  }
  await app.screenshotEveryView(testInfo, 'classified');

  const folder = await mkdtemp(path.join(tmpdir(), 'whisker-export-'));
  try {
    const page = shell.page;
    await app.goTo('Model');
    for (const name of ['shapes.safetensors', 'shapes.onnx']) {
      await page.getByLabel('Export to').fill(path.join(folder, name));
      await page.getByRole('button', { name: /^Export (model|ONNX)$/ }).click();
      await expect(page.getByRole('status')).toHaveText(`Model written to ${path.join(folder, name)}`);
    }
    expect((await readFile(path.join(folder, 'shapes.onnx'))).length).toBeGreaterThan(1000);
    await page.getByLabel('Import from').fill(path.join(folder, 'shapes.safetensors'));
    await page.getByRole('button', { name: 'Import model' }).click();
    await expect(page.getByRole('status')).toHaveText('Model imported.');
    await expect(page.getByText('12288 → 32 relu → 3 softmax')).toBeVisible();
    await page.getByLabel('Import from').fill(path.join(folder, 'shapes.onnx'));
    await page.getByRole('button', { name: 'Import model' }).click();
    await expect(app.alert).toContainText('shapes.onnx: not a usable model');
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});

test('pauses, resumes and stops a run from the page', async ({ shell }) => {
  const app = new AppPage(shell.page);
  await app.trySampleData.click();
  await app.goTo('Train');
  // long enough that the run cannot end before the pause arrives
  await shell.page.getByLabel('Epochs').fill('5000');
  await app.startTraining.click();
  await expect.poll(() => app.epochShown()).toBeGreaterThan(0);
  // the progress line: epoch, time left, and examples a second
  await expect(app.status).toContainText(/Epoch \d+ of 5000 .*· (\d+ min )?\d+ s left · [\d,]+ examples\/s/);
  await app.pause.click();
  await expect(app.status).toContainText('paused');
  const paused = await app.epochShown();
  await shell.page.waitForTimeout(500);
  expect(await app.epochShown()).toBe(paused);
  await app.resume.click();
  await expect.poll(() => app.epochShown()).toBeGreaterThan(paused);
  await shell.page.getByRole('button', { name: 'Stop' }).click();
  await expect(shell.page.getByText('Run stopped.')).toBeVisible();
});
