import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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

  it('writes class names a spreadsheet would run as formulas into the CSV defused, as the page does', async () => {
    const formulas = path.join(dir, 'formulas.safetensors');
    await writeSmallModel(formulas, ['=1+2', '@SUM(A1)']);
    await writeImage(path.join(dir, 'sheet', '=1+2', 'a.png'), 4, 4, 1);
    await writeImage(path.join(dir, 'sheet', '@SUM(A1)', 'b.png'), 4, 4, 2);
    const csv = path.join(dir, 'probabilities.csv');
    const run = await whisker(['eval', formulas, path.join(dir, 'sheet'), '--csv', csv]);
    expect(run.code).toBe(0);
    const [header, ...rows] = (await readFile(csv, 'utf8')).split('\r\n');
    expect(header).toBe('file,label,predicted,p(=1+2),p(@SUM(A1))');
    const [file, label, predicted] = rows[0]!.split(',');
    expect(file).toBe(path.join(dir, 'sheet', '=1+2', 'a.png'));
    expect(label).toBe("'=1+2");
    expect(["'=1+2", "'@SUM(A1)"]).toContain(predicted);
    expect(rows.filter((row) => /(^|,)[=+\-@]/.test(row))).toEqual([]);
  }, 30_000);

  it('checks that the model can be written before training, not after', async () => {
    const out = path.join(dir, 'no such folder', 'model.safetensors');
    const run = await whisker(['train', 'sample', '--size', '8', '--epochs', '3', '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(/epoch/);
    expect(run.stderr.trim()).toBe(`whisker: ${out}: the folder ${path.dirname(out)} does not exist`);
  }, 30_000);

  describe('prints what came from a file with its control characters escaped', () => {
    const classes = ['cat\x1b]0;owned\x07', 'dog\nwhisker: all good'];
    let photo: string;
    let hostileModel: string;

    beforeAll(async () => {
      hostileModel = path.join(dir, 'hostile.safetensors');
      await writeSmallModel(hostileModel, classes);
      photo = path.join(dir, 'photo\x1b[2J\u202e.png');
      await writeImage(photo, 4, 4);
    });

    // eslint-disable-next-line no-control-regex -- the characters that must not reach a terminal
    const controls = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

    it('in predictions, one line per photo', async () => {
      const run = await whisker(['predict', hostileModel, photo]);
      expect(run.code).toBe(0);
      expect(run.stdout).not.toMatch(controls);
      const lines = run.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('photo\\x1b[2J\\u202e.png: ');
      expect(lines[0]).toContain('cat\\x1b]0;owned\\x07');
      expect(lines[0]).toContain('dog\\nwhisker: all good');
    }, 30_000);

    it('in the JSON records, which keep the names exactly', async () => {
      const run = await whisker(['predict', hostileModel, photo, '--json']);
      expect(run.stdout).not.toMatch(controls);
      const record = JSON.parse(run.stdout);
      expect(record.file).toBe(photo);
      expect(Object.keys(record.probabilities)).toEqual(classes);
    }, 30_000);

    it('in errors and in the photos it could not read', async () => {
      const fake = path.join(dir, 'fake\x1b[31m.png');
      await writeFile(fake, 'not an image');
      const run = await whisker(['predict', hostileModel, fake]);
      expect(run.code).toBe(1);
      expect(run.stderr).not.toMatch(controls);
      expect(run.stderr.trimEnd().split('\n')).toEqual([
        `${path.join(dir, 'fake\\x1b[31m.png')}: not an image (unsupported or unrecognised format)`,
      ]);
      const missing = await whisker(['predict', path.join(dir, 'no\nsuch.safetensors'), photo]);
      expect(missing.stderr.trimEnd().split('\n')).toEqual([
        `whisker: ${path.join(dir, 'no\\nsuch.safetensors')}: the file does not exist`,
      ]);
    }, 30_000);
  });
});
