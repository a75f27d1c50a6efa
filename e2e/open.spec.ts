import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { expect, test } from './fixtures.ts';
import { AppPage } from './pages/AppPage.ts';

test('opens a folder of class folders through the picker, listing what was skipped', async ({
  shell,
}, testInfo) => {
  const root = await mkdtemp(path.join(tmpdir(), 'whisker-open-'));
  try {
    const pets = path.join(root, 'my pets');
    for (const [name, shade] of [
      ['cat', 40],
      ['dog', 200],
    ] as const) {
      await mkdir(path.join(pets, name), { recursive: true });
      for (let i = 0; i < 5; i++) {
        await sharp(Buffer.alloc(32 * 32 * 3, shade + i), { raw: { width: 32, height: 32, channels: 3 } })
          .png()
          .toFile(path.join(pets, name, `${i}.png`));
      }
    }
    await writeFile(path.join(pets, 'dog', 'notes.png'), 'not a picture');

    const page = shell.page;
    await page.getByLabel('Folder', { exact: true }).fill(root);
    await page.getByRole('button', { name: 'Browse', exact: true }).click();
    await page
      .getByRole('list', { name: `Folders in ${root}` })
      .getByRole('button', { name: 'my pets/' })
      .click();
    await expect(page.getByLabel('Folder', { exact: true })).toHaveValue(pets);
    await page.getByRole('button', { name: 'Open', exact: true }).click();

    await expect(page.getByRole('heading', { name: `Data: ${pets}` })).toBeVisible();
    await expect(page.getByRole('row', { name: /cat 4 0 1/ })).toBeVisible();
    await page.getByText('1 file(s) skipped').click();
    await expect(page.getByText('not an image (unsupported or unrecognised format)')).toBeVisible();
    await new AppPage(page).screenshotEveryView(testInfo, 'opened');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('says what is wrong with a folder that cannot be used', async ({ shell }) => {
  const page = shell.page;
  await page.getByLabel('Folder', { exact: true }).fill('/no/such/folder');
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText(
    /\/no\/such\/folder: the folder does not exist or cannot be read/,
  );
});

test('sends a folder chosen in the browser to the host and opens it', async ({ shell }) => {
  const root = await mkdtemp(path.join(tmpdir(), 'whisker-send-'));
  try {
    const shapes = path.join(root, 'shapes');
    for (const [name, shade] of [
      ['dark', 30],
      ['light', 220],
    ] as const) {
      await mkdir(path.join(shapes, name), { recursive: true });
      for (let i = 0; i < 4; i++) {
        await sharp(Buffer.alloc(16 * 16 * 3, shade + i), { raw: { width: 16, height: 16, channels: 3 } })
          .png()
          .toFile(path.join(shapes, name, `${i}.png`));
      }
    }
    await shell.page.getByLabel('Or send a folder from this browser').setInputFiles(shapes);
    await expect(shell.page.getByRole('heading', { name: 'Data: shapes' })).toBeVisible();
    await expect(shell.page.getByRole('row', { name: /dark 3 0 1/ })).toBeVisible();
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('a folder with corrupt files lists them as skipped, with reasons, and still trains', async ({
  shell,
}, testInfo) => {
  const root = await mkdtemp(path.join(tmpdir(), 'whisker-corrupt-'));
  try {
    for (const [name, shade] of [
      ['dark', 30],
      ['light', 220],
    ] as const) {
      await mkdir(path.join(root, name), { recursive: true });
      for (let i = 0; i < 12; i++) {
        await sharp(Buffer.alloc(16 * 16 * 3, shade + i), { raw: { width: 16, height: 16, channels: 3 } })
          .png()
          .toFile(path.join(root, name, `${i}.png`));
      }
    }
    await writeFile(path.join(root, 'dark', 'empty.jpg'), '');
    await writeFile(path.join(root, 'light', 'notes.png'), 'text, not pixels');
    const page = shell.page;
    await page.getByLabel('Folder', { exact: true }).fill(root);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByText('2 file(s) skipped').click();
    await expect(page.getByText('the file is empty')).toBeVisible();
    await expect(page.getByText('not an image (unsupported or unrecognised format)')).toBeVisible();
    await page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: 'Train', exact: true })
      .click();
    await page.getByLabel('Epochs').fill('5');
    await page.getByRole('button', { name: 'Start training' }).click();
    await expect(page.getByText('Run completed.')).toBeVisible({ timeout: 30_000 });
    await new AppPage(page).screenshotEveryView(testInfo, 'corrupt-trained');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('shows the import’s progress and can cancel it', async ({ shell }) => {
  const root = await mkdtemp(path.join(tmpdir(), 'whisker-many-'));
  try {
    const png = await sharp(Buffer.alloc(8 * 8 * 3, 90), { raw: { width: 8, height: 8, channels: 3 } })
      .png()
      .toBuffer();
    for (const name of ['a', 'b']) {
      await mkdir(path.join(root, name));
      await Promise.all(
        Array.from({ length: 3000 }, (_, i) => writeFile(path.join(root, name, `${i}.png`), png)),
      );
    }
    const page = shell.page;
    await page.getByLabel('Folder', { exact: true }).fill(root);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(page.getByTestId('import-progress')).toHaveText(/^[\d,]+ of 6,000 images/);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('alert')).toHaveText('The import was cancelled.');
    await expect(page.getByTestId('import-progress')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Try sample data' })).toBeVisible();
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test("sends the course's .h5 files from the browser and opens them as the course's data set", async ({
  shell,
}) => {
  const h5 = path.resolve(
    process.env['WHISKER_CATVNONCAT'] ?? path.join(import.meta.dirname, '../../shared/datasets/catvnoncat'),
    'h5',
  );
  test.skip(!existsSync(h5), `the course's .h5 files are not at ${h5} (set WHISKER_CATVNONCAT)`);
  await shell.page.getByLabel('Or send a folder from this browser').setInputFiles(h5);
  await expect(
    shell.page.getByRole('heading', { name: 'Data: test_catvnoncat.h5, train_catvnoncat.h5' }),
  ).toBeVisible();
  await expect(shell.page.getByRole('row', { name: /^cat 72 0 33$/ })).toBeVisible();
});
