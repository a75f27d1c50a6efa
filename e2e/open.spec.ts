import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { expect, test } from './fixtures.ts';
import { CATS, catsAvailable, classFolders, inTemporaryFolder } from './helpers.ts';

test('opens a folder of class folders through the picker, listing what was skipped', async ({
  app,
}, testInfo) => {
  await inTemporaryFolder('open', async (root) => {
    const pets = path.join(root, 'my pets');
    await classFolders(pets, { cat: 40, dog: 200 }, { count: 5, size: 32 });
    await writeFile(path.join(pets, 'dog', 'notes.png'), 'not a picture');
    await app.data.browseAndOpen(root, 'my pets');
    await expect(app.page.getByRole('heading', { name: `Data: ${pets}` })).toBeVisible();
    await expect(app.data.classRow('cat', 4, 0, 1)).toBeVisible();
    await expect(await app.data.skipped(1)).toContainText(
      'not an image (unsupported or unrecognised format)',
    );
    await app.screenshotEveryView(testInfo, 'opened');
  });
});

test('says what is wrong with a folder that cannot be used', async ({ app }) => {
  await app.data.openFolder('/no/such/folder');
  await expect(app.alert).toHaveText(/\/no\/such\/folder: the folder does not exist or cannot be read/);
});

test('sends a folder chosen in the browser to the host and opens it', async ({ app }) => {
  await inTemporaryFolder('send', async (root) => {
    const shapes = path.join(root, 'shapes');
    await classFolders(shapes, { dark: 30, light: 220 }, { count: 4, size: 16 });
    await app.data.sendFromBrowser(shapes);
    await expect(app.page.getByRole('heading', { name: 'Data: shapes' })).toBeVisible();
    await expect(app.data.classRow('dark', 3, 0, 1)).toBeVisible();
  });
});

test('a folder with corrupt files lists them as skipped, with reasons, and still trains', async ({
  app,
}, testInfo) => {
  await inTemporaryFolder('corrupt', async (root) => {
    await classFolders(root, { dark: 30, light: 220 }, { count: 12, size: 16 });
    await writeFile(path.join(root, 'dark', 'empty.jpg'), '');
    await writeFile(path.join(root, 'light', 'notes.png'), 'text, not pixels');
    await app.data.openFolder(root);
    const skipped = await app.data.skipped(2);
    await expect(skipped).toContainText('the file is empty');
    await expect(skipped).toContainText('not an image (unsupported or unrecognised format)');
    await app.goTo('Train');
    await app.train.set({ epochs: 5 });
    await app.train.start();
    await app.train.waitForTheEnd();
    await app.screenshotEveryView(testInfo, 'corrupt-trained');
  });
});

test('shows the import’s progress and can cancel it', async ({ app }) => {
  await inTemporaryFolder('many', async (root) => {
    const png = await sharp(Buffer.alloc(8 * 8 * 3, 90), { raw: { width: 8, height: 8, channels: 3 } })
      .png()
      .toBuffer();
    for (const name of ['a', 'b']) {
      await mkdir(path.join(root, name));
      await Promise.all(
        Array.from({ length: 3000 }, (_, i) => writeFile(path.join(root, name, `${i}.png`), png)),
      );
    }
    await app.data.openFolder(root);
    await expect(app.data.importProgress).toHaveText(/^[\d,]+ of 6,000 images/);
    await app.data.cancelImport();
    await expect(app.alert).toHaveText('The import was cancelled.');
    await expect(app.data.importProgress).toHaveCount(0);
    await expect(app.page.getByRole('button', { name: 'Try sample data' })).toBeVisible();
  });
});

test("sends the course's .h5 files from the browser and opens them as the course's data set", async ({
  app,
}) => {
  test.skip(!catsAvailable, `the course's .h5 files are not at ${CATS}/h5 (set WHISKER_CATVNONCAT)`);
  await app.data.sendFromBrowser(path.join(CATS, 'h5'));
  await expect(
    app.page.getByRole('heading', { name: 'Data: test_catvnoncat.h5, train_catvnoncat.h5' }),
  ).toBeVisible();
  await expect(app.data.classRow('cat', 72, 0, 33)).toBeVisible();
});
