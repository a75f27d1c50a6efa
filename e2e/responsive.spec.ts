import { expect, test } from './fixtures.ts';

test('the window stays responsive while training: no main-thread task over 50 ms during a run', async ({
  app,
}) => {
  await app.openSampleData();
  await app.goTo('Train');
  await app.train.set({ epochs: 60 });
  // The tests before this one end processes of their own; let the two cores settle before measuring.
  await app.page.waitForTimeout(1000);
  await app.watchLongTasks();
  await app.train.start();
  await app.train.waitForTheEnd();
  expect(await app.longTasks()).toEqual([]);
});
