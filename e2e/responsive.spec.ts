import { expect, test } from './fixtures.ts';

// What keeps the window responsive, in a form that holds however busy the machine is: nothing the
// page holds or draws grows with the run. (How long its longest task takes is measured on a quiet
// machine by `npm run bench:window`.)

test('a long mini-batch run: the page holds as many elements at its end as early on, and its charts draw a bounded number of points while every batch loss is kept', async ({
  app,
}) => {
  test.setTimeout(240_000);
  await app.openSampleData();
  await app.goTo('Train');
  await app.train.set({ batchSize: 8, epochs: 400 });
  const updates = await app.train.updatesPlanned();
  await app.train.start();
  await expect.poll(() => app.train.epochShown(), { timeout: 60_000 }).toBeGreaterThan(20);
  const early = await app.elementCount();
  await app.train.waitForTheEnd(200_000);
  // The run's end adds a fixed few dozen (the editable settings' controls, how it ended, the
  // findings); anything kept per epoch or per batch would add hundreds to thousands here.
  expect(Math.abs((await app.elementCount()) - early)).toBeLessThan(100);
  const points = await app.chartPoints();
  expect(points['Loss per epoch']).toBeGreaterThanOrEqual(400);
  expect(points['Loss per epoch']).toBeLessThanOrEqual(2000);
  // 400 epochs of batches, more than the chart draws
  expect(updates).toBeGreaterThan(4000);
  expect(points['Loss per batch']).toBeLessThanOrEqual(2000);
  await expect(app.train.batchChart).toContainText(`every one of ${updates.toLocaleString('en')} batches`);
});

test('a run of more epochs than a chart draws: every chart draws at most 2,000 points, the first epoch and the last among them', async ({
  app,
}) => {
  test.setTimeout(240_000);
  await app.openSampleData();
  await app.goTo('Train');
  await app.train.set({ batchSize: 0, epochs: 4100 });
  await app.train.start();
  await expect.poll(() => app.train.epochShown(), { timeout: 60_000 }).toBeGreaterThan(2100);
  for (const [title, count] of Object.entries(await app.chartPoints()))
    expect(count, title).toBeLessThanOrEqual(2001);
  await app.train.stop();
});
