import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeImage } from '../helpers/images.ts';
import { writeSmallModel } from '../helpers/models.ts';
import { whisker } from '../helpers/whisker.ts';

let dir: string;
let model: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'whisker-cli-hostile-'));
  model = path.join(dir, 'model.safetensors');
  await writeSmallModel(model);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the command line given hostile files', () => {
  it('refuses a named pipe (FIFO) as a photo with the reason, instead of waiting for it forever', async () => {
    const fifo = path.join(dir, 'photo.png');
    execFileSync('mkfifo', [fifo]);
    const run = await whisker(['predict', model, fifo], 20_000);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(`${fifo}: a named pipe (FIFO), not a regular file`);
  }, 30_000);

  it('refuses a named pipe (FIFO) as a model file with the reason', async () => {
    const fifo = path.join(dir, 'model-pipe.safetensors');
    execFileSync('mkfifo', [fifo]);
    const run = await whisker(['predict', fifo, 'photo.png'], 20_000);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(`whisker: ${fifo}: a named pipe (FIFO), not a regular file`);
  }, 30_000);

  it('evaluates only the folder’s own class folders: a class named like a path is refused, not read', async () => {
    const pathModel = path.join(dir, 'path-classes.safetensors');
    await writeSmallModel(pathModel, ['../../../../../../../etc/ssl', 'cat']);
    await writeImage(path.join(dir, 'photos', 'cat', '1.png'), 4, 4);
    const run = await whisker(['eval', pathModel, path.join(dir, 'photos')]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      `whisker: ${path.join(dir, 'photos')}: no class folder named "../../../../../../../etc/ssl" (its class folders: cat)`,
    );
  }, 30_000);
});
