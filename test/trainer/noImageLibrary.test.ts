/**
 * A trainer that cannot load its image library keeps running and answers every request that needs
 * images with the reason, which the app shows where the user asked (the Data view, Classify).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { forkTrainer } from '../../src/backend/childTrainer.ts';
import { TrainerClient } from '../../src/backend/trainerClient.ts';

const client = new TrainerClient(() => {
  // the child takes its environment as it is now: a value the image library refuses to start with
  const before = process.env['WHISKER_SHARP'];
  process.env['WHISKER_SHARP'] = 'no-such-build';
  try {
    return forkTrainer();
  } finally {
    if (before === undefined) delete process.env['WHISKER_SHARP'];
    else process.env['WHISKER_SHARP'] = before;
  }
});
afterAll(() => client.kill());

describe('a trainer without its image library', () => {
  it('refuses to read images, saying why, and stays up to answer what needs no images', async () => {
    const reason = 'WHISKER_SHARP must be "wasm" or unset, not "no-such-build"';
    await expect(client.request({ kind: 'loadSample', seed: 1, perClass: 5 })).rejects.toThrow(reason);
    await expect(
      client.request({
        kind: 'openFolder',
        path: import.meta.dirname,
        input: { width: 8, height: 8, fit: 'stretch' },
        testFraction: 0.2,
        seed: 1,
      }),
    ).rejects.toThrow(reason);
    expect(client.running).toBe(true);
    await expect(client.request({ kind: 'predictSplit', split: 'train', index: null })).rejects.toThrow(
      'there is no model yet',
    );
  }, 30_000);
});
