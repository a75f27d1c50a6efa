import { expect, test } from './fixtures.ts';

test('early stopping on the sample data: the run stops once validation stops improving, keeps the best epoch, marks it on the loss and accuracy charts and says so', async ({
  app,
}, testInfo) => {
  test.setTimeout(180_000);
  await app.openSampleData();
  await app.goTo('Train');
  await app.train.trainBaselineFirst(false);
  // the Quick preset holds 15% of the training split out for validation; at 3× its rate it fits the
  // training images long before 200 epochs
  await app.train.set({ learningRate: 0.003, epochs: 200, earlyStopping: 3 });
  await app.train.start();
  await app.train.waitForTheEnd(150_000);

  const ended = (await app.train.ended.textContent()) ?? '';
  const said =
    /^Stopped early at epoch (\d+): the validation loss had not improved for 3 epochs\. Kept the weights of epoch (\d+), the best on validation\.$/.exec(
      ended.trim(),
    );
  expect(said, ended).not.toBeNull();
  const [stopped, kept] = [Number(said![1]), Number(said![2])];
  expect(stopped).toBe(kept + 3);
  expect(stopped).toBeLessThan(200);
  await expect(app.train.status).toContainText(`Epoch ${stopped} of 200`);
  await expect(app.train.bestEpochMarked('Loss per epoch')).toHaveText(`best: epoch ${kept}`);
  await expect(app.train.bestEpochMarked('Accuracy (%)')).toHaveText(`best: epoch ${kept}`);
  await expect(
    app.train.chart(new RegExp(`^Loss per epoch at .+ Marked: best: epoch ${kept}\\.$`)),
  ).toHaveCount(1);
  await app.screenshotEveryView(testInfo, 'stopped-early');
});
