import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures.ts';
import { AppPage } from './pages/AppPage.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const CATS = path.resolve(
  process.env['WHISKER_CATVNONCAT'] ?? path.join(here, '../../shared/datasets/catvnoncat'),
);

test.skip(
  !existsSync(path.join(CATS, 'train')),
  `the course data set is not at ${CATS} (set WHISKER_CATVNONCAT)`,
);

test('the course data: open, train the 4-layer preset, read the results, classify, export and re-import', async ({
  shell,
}, testInfo) => {
  test.setTimeout(120_000);
  const page = shell.page;
  const app = new AppPage(page);
  const shot = (name: string) =>
    page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  await page.getByLabel('Folder', { exact: true }).fill(CATS);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByRole('row', { name: /^cat 72 0 33$/ })).toBeVisible();
  await expect(page.getByText(/1 image\(s\) appear in more than one split/)).toBeVisible();
  await shot('data');

  // browse: the test split's cats, then one of them by name
  await app.goTo('Images');
  await expect(page.getByTestId('image-count')).toHaveText('209 image(s)');
  await page.getByLabel('Split').selectOption('test');
  await page.getByLabel('Class').selectOption('cat');
  await expect(page.getByTestId('image-count')).toHaveText('33 image(s)');
  await page.getByLabel('File name').fill('017');
  await expect(page.getByTestId('image-count')).toHaveText('1 image(s)');
  await app.imageGrid.getByRole('img', { name: path.join(CATS, 'test', 'cat', '017.png') }).click();
  await expect(page.getByRole('dialog')).toContainText(path.join(CATS, 'test', 'cat', '017.png'));
  await page.keyboard.press('Escape');
  await app.screenshotEveryView(testInfo, 'opened');

  await app.goTo('Train');
  await page.getByLabel('Preset').selectOption('Course: 4-layer');
  await expect(page.getByTestId('parameter-count')).toHaveText('245,973 parameters');
  await page.getByLabel('Epochs').fill('300');
  await app.startTraining.click();
  // the logistic-regression baseline trains first, then the network
  await expect(page.getByText('Run completed.')).toBeVisible({ timeout: 90_000 });
  await expect.poll(() => app.epochShown()).toBe(300);
  await expect(page.getByRole('img', { name: /^Loss per epoch at 300\.00: train 0\.\d+/ })).toBeVisible();
  await shot('trained');

  await app.goTo('Results');
  await expect(page.getByTestId('results-accuracy')).toHaveText(/^Accuracy \d+\.\d% on 50 images$/);
  await page.getByRole('button', { name: 'Misclassified' }).click();
  const wrong = page.getByRole('list', { name: 'Images and their predictions' }).getByRole('listitem');
  expect(await wrong.count()).toBeGreaterThan(0);
  await shot('results');
  await app.screenshotEveryView(testInfo, 'trained');

  const photo = path.join(CATS, 'test', 'cat', '001.png');
  const classify = async () => {
    await app.goTo('Classify');
    await app.photos.setInputFiles(photo);
    await expect(app.predictions).toHaveCount(1);
    return app.predictions.first().textContent();
  };
  const before = await classify();

  const folder = await mkdtemp(path.join(tmpdir(), 'whisker-cats-'));
  try {
    await app.goTo('Model');
    await page.getByLabel('Export to').fill(path.join(folder, 'cats.safetensors'));
    await page.getByRole('button', { name: 'Export model' }).click();
    await expect(page.getByRole('status')).toHaveText(/^Model written to/);
    await page.getByLabel('Import from').fill(path.join(folder, 'cats.safetensors'));
    await page.getByRole('button', { name: 'Import model' }).click();
    await expect(page.getByRole('status')).toHaveText('Model imported.');
    expect(await classify()).toBe(before);
    await app.screenshotEveryView(testInfo, 'reimported');
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});
