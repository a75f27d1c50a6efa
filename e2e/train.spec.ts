import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { expect, test } from './fixtures.ts';
import { AppPage } from './pages/AppPage.ts';

test('loads the sample data, trains with live progress, classifies photos, and exports and re-imports the model', async ({
  shell,
}, testInfo) => {
  const app = new AppPage(shell.page);
  await app.trySampleData.click();
  await expect(app.dataHeading).toHaveText('Data: sample data');
  await expect(shell.page.getByRole('row', { name: /circle 48 0 12/ })).toBeVisible();
  // thumbnails come from the host, drawn from the decoded pixels
  const thumbnails = shell.page.getByRole('list', { name: 'First training images' }).getByRole('img');
  await expect(thumbnails).toHaveCount(12);
  await expect.poll(() => thumbnails.first().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);

  await app.goTo('Train');
  await app.startTraining.click();
  // progress arrives while the run goes on: the epoch shown climbs
  await expect.poll(() => app.epochShown(), { timeout: 20_000 }).toBeGreaterThan(0);
  const early = await app.epochShown();
  await expect.poll(() => app.epochShown(), { timeout: 30_000 }).toBe(20);
  expect(early).toBeLessThan(20);
  await expect(shell.page.getByText('Run completed.')).toBeVisible();
  await expect(app.status).toContainText(/validation accuracy \d+\.\d%/);
  await shell.page.screenshot({ path: testInfo.outputPath('trained.png'), fullPage: true });

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
    /my circle\.png\s*circle \d+\.\d%\s*square \d+\.\d%\s*triangle \d+\.\d%/,
  );
  await expect(app.predictions.nth(1)).toContainText('not an image (unsupported or unrecognised format)');
  await expect(app.alert).toHaveCount(0);
  await shell.page.screenshot({ path: testInfo.outputPath('classified.png'), fullPage: true });

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
