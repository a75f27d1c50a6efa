import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from './fixtures.ts';
import { shadesOf } from './pages/shades.ts';
import { CATS, catsAvailable, classFolders, inTemporaryFolder } from './helpers.ts';

// the folders' images are shade, shade + 1, shade + 2, …: a thumbnail is near its class's shade
const near = (shade: number) => (seen: number) => Math.abs(seen - shade) <= 4;
const nearAny =
  (...shades: number[]) =>
  (seen: number) =>
    shades.some((shade) => near(shade)(seen));

test('the thumbnails are the open data set’s, after another folder was opened in the same page', async ({
  app,
}) => {
  await inTemporaryFolder('two', async (root) => {
    await classFolders(path.join(root, 'pets'), { cat: 200, dog: 40 }, { count: 3, size: 16 });
    await classFolders(path.join(root, 'land'), { forest: 60, sea: 120 }, { count: 3, size: 16 });
    await app.data.openFolder(path.join(root, 'pets'));
    await expect(app.data.heading).toHaveText(/pets$/);
    const first = await app.data.thumbnailShades();
    expect(first.some(near(200)) && first.some(near(40)) && first.every(nearAny(200, 40)), `${first}`).toBe(
      true,
    );

    await app.data.openOtherData();
    await app.data.openFolder(path.join(root, 'land'));
    await expect(app.data.heading).toHaveText(/land$/);
    const shades = await app.data.thumbnailShades();
    expect(shades.every(nearAny(60, 120)), `${shades}`).toBe(true);
    await app.goTo('Images');
    await expect(app.images.cells.first().getByRole('img')).toBeVisible();
    const grid = await shadesOf(app.images.grid.getByRole('img'));
    expect(grid.every(nearAny(60, 120)), `${grid}`).toBe(true);
  });
});

test('an open data set leads back to the ways in: other data, the sample, or back to it', async ({ app }) => {
  await app.openSampleData();
  await app.data.openOtherData();
  await expect(app.page.getByRole('button', { name: 'Try sample data' })).toBeVisible();
  await app.data.backToDataSet();
  await expect(app.data.heading).toHaveText('Data: sample data');
  await app.data.openOtherData();
  await app.data.trySampleData();
  await expect(app.data.heading).toHaveText('Data: sample data');
});

test('the course’s .h5 file opens by its path, as the drop zone promises', async ({ app }) => {
  test.skip(!catsAvailable, `the course data is not at ${CATS} (set WHISKER_CATVNONCAT)`);
  await app.data.openFolder(path.join(CATS, 'h5', 'train_catvnoncat.h5'));
  await expect(app.data.heading).toBeVisible();
  await expect(app.data.classRow('non-cat', 137, 0, 0)).toBeVisible();
  await expect(app.data.classRow('cat', 72, 0, 0)).toBeVisible();
});

test('the folder picker shows where it stands, symlinked folders and .h5 files, and goes when a folder opens', async ({
  app,
}) => {
  await inTemporaryFolder('picker', async (root) => {
    const photos = path.join(root, 'photos');
    await classFolders(path.join(photos, 'pets'), { cat: 200, dog: 40 }, { count: 3, size: 16 });
    await symlink(path.join(photos, 'pets'), path.join(photos, 'linked pets'));
    await app.data.browse(photos);
    await expect(app.data.pickerEntries(photos)).toHaveText(['linked pets/', 'pets/']);
    await app.data.breadcrumb(path.basename(root)).click();
    await expect(app.data.pickerEntries(root)).toHaveText(['photos/']);
    await app.data.pickerEntries(root).first().click();
    await app.data.pickerEntries(photos).first().click();
    await app.page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(app.data.heading).toHaveText(/linked pets$/);
    await expect(app.page.getByRole('region', { name: 'Open a folder on this computer' })).toHaveCount(0);
  });
});

test('counts read as words: one image, 64×64×3, and the network’s parts in the lecture’s names', async ({
  app,
}) => {
  await inTemporaryFolder('one', async (root) => {
    for (const split of ['train', 'test'])
      await classFolders(path.join(root, split), { cat: 200, dog: 40 }, { count: 3, size: 16 });
    await app.data.openFolder(root);
    await app.goTo('Images');
    await app.images.show({ className: 'cat', fileName: '0.png' });
    await expect(app.images.count).toHaveText('1 image');
    await app.goTo('Train');
    await app.train.set({ preset: 'Course: 2-layer' });
    await expect(app.page.getByText('64×64×3 = 12,288 values')).toBeVisible();
    const options = await app.page
      .getByLabel('Hidden layer 1 activation')
      .locator('option')
      .allTextContents();
    expect(options).toEqual(expect.arrayContaining(['ReLU', 'leaky ReLU', 'sigmoid', 'tanh']));
    const optimisers = await app.page.getByLabel('Optimiser').locator('option').allTextContents();
    expect(optimisers).toEqual(['gradient descent', 'momentum', 'Adam']);
    const page = await app.page.locator('main').textContent();
    expect(page).not.toMatch(/gradientDescent|leakyRelu|xavierNormal|smallRandom|\(s\)/);
  });
});
