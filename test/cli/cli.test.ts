import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bestEpochOf } from '../../src/core/bestEpoch.ts';
import { CATVNONCAT_DIR, catvnoncatAvailable } from '../helpers/catvnoncat.ts';

const WHISKER = path.resolve('bin/whisker.mjs');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'whisker-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function whisker(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WHISKER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON records are read field by field
type Json = Record<string, any>;
const records = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Json);

describe.skipIf(!catvnoncatAvailable)('the command line, end to end on the course data', () => {
  const model = () => path.join(dir, 'cat model.safetensors');

  it('trains the 4-layer course network from the PNG folders and writes the model', async () => {
    const run = await whisker(
      'train',
      CATVNONCAT_DIR,
      '--classes',
      'non-cat,cat',
      '--layers',
      '20,7,5',
      '--learning-rate',
      '0.0075',
      '--epochs',
      '2500',
      '--out',
      model(),
      '--json',
    );
    expect(run.stderr).toMatch(/Small test set: 50 images/);
    expect(run.code).toBe(0);
    const out = records(run.stdout);
    expect(out.filter((r) => r.type === 'epoch')).toHaveLength(2500);
    const done = out.at(-1)!;
    expect(done.type).toBe('done');
    expect(done.metrics.trainAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(done.metrics.testAccuracy).toBeGreaterThanOrEqual(0.78);
    console.log(`CLI 4-layer: train ${done.metrics.trainAccuracy}, test ${done.metrics.testAccuracy}`);
  }, 180_000);

  it('evaluates the model on the test folder, with the confusion matrix and a CSV of probabilities', async () => {
    const csv = path.join(dir, 'probabilities.csv');
    const run = await whisker('eval', model(), path.join(CATVNONCAT_DIR, 'test'), '--csv', csv);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Accuracy (7[89]|8\d|9\d)\.\d\d% on 50 images \(all\)/m);
    expect(run.stdout).toMatch(/^non-cat\s+\d+\s+\d+$/m);
    expect(run.stdout).toMatch(/^cat: precision \d+\.\d\d%, recall \d+\.\d\d% \(33 images\)$/m);
    const lines = (await readFile(csv, 'utf8')).trim().split('\r\n');
    expect(lines[0]).toBe('file,label,predicted,p(non-cat),p(cat)');
    expect(lines).toHaveLength(51);

    const json = records(
      (await whisker('eval', model(), path.join(CATVNONCAT_DIR, 'test'), '--json')).stdout,
    )[0]!;
    expect(json.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(50);
  }, 60_000);

  it('predicts a photo of any size and format', async () => {
    const photo = path.join(dir, 'photo of a cat.jpg');
    await sharp(path.join(CATVNONCAT_DIR, 'test', 'cat', '001.png'))
      .resize(300, 200)
      .jpeg()
      .toFile(photo);
    const run = await whisker('predict', model(), photo, '--json');
    expect(run.code).toBe(0);
    const [prediction] = records(run.stdout);
    expect(prediction).toMatchObject({ type: 'prediction', file: photo });
    expect(prediction!.probabilities['cat'] + prediction!.probabilities['non-cat']).toBeCloseTo(1, 6);
    const human = await whisker('predict', model(), photo);
    expect(human.stdout).toMatch(/photo of a cat\.jpg: (cat|non-cat) \d+\.\d\d%, (cat|non-cat) \d+\.\d\d%/);
  }, 60_000);
});

describe.skipIf(!catvnoncatAvailable)("the command line on the course's .h5 files", () => {
  it('trains logistic regression from train and test .h5 files', async () => {
    const model = path.join(dir, 'logistic.safetensors');
    const run = await whisker(
      'train',
      path.join(CATVNONCAT_DIR, 'h5', 'train_catvnoncat.h5'),
      path.join(CATVNONCAT_DIR, 'h5', 'test_catvnoncat.h5'),
      '--layers',
      'none',
      '--learning-rate',
      '0.005',
      '--epochs',
      '2000',
      '--print-every',
      '1000',
      '--out',
      model,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Network: 12288 → 1 sigmoid \(binaryCrossEntropy\), 12,289 parameters, Zeros: 0, gradient descent at 0\.005/m,
    );
    // bin/whisker.mjs turns on relaxed SIMD, so the kernels' fused multiply-add runs
    expect(run.stdout).toMatch(/on WebAssembly relaxed SIMD \(FMA\), \d+ threads$/m);
    expect(run.stdout.match(/^epoch /gm)).toHaveLength(2);
    expect(run.stdout).toMatch(/test accuracy 70\.00% on 50 images/);
  }, 60_000);

  it('stops at Ctrl-C between batches, says so and writes no model', async () => {
    const model = path.join(dir, 'interrupted.safetensors');
    const child = spawn(
      process.execPath,
      [
        WHISKER,
        'train',
        path.join(CATVNONCAT_DIR, 'h5', 'train_catvnoncat.h5'),
        '--epochs',
        '100000',
        '--out',
        model,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('epoch ')) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stderr).toMatch(/Stopped after epoch \d+; no model was written\./);
    await expect(readFile(model)).rejects.toThrow(/ENOENT/);
  }, 60_000);
});

describe('the command line refuses mistakes in one line', () => {
  it('exits 2 for a usage mistake, without a stack trace', async () => {
    const run = await whisker(
      'train',
      'sample',
      '--epochs',
      'many',
      '--out',
      path.join(dir, 'x.safetensors'),
    );
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      'whisker: --epochs must be a whole number from 1 to 1000000, got "many" (whisker help shows the options)',
    ]);
    expect((await whisker('dance')).code).toBe(2);
    expect((await whisker('train', 'sample', '--no-such-option')).code).toBe(2);
    // three start-ups of the command line, slower on a busy machine
  }, 120_000);

  it('exits 1 for a model file that is not one, naming it and the reason', async () => {
    const bad = path.join(dir, 'bad.safetensors');
    await writeFile(bad, 'not a model at all');
    const run = await whisker('predict', bad, 'whatever.png');
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(
      new RegExp(`^whisker: ${bad.replace(/[.]/g, '\\.')}: not a usable model: .+`),
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('trains on the sample data and reports an unreadable photo with its reason', async () => {
    const model = path.join(dir, 'shapes.safetensors');
    const train = await whisker(
      'train',
      'sample',
      '--layers',
      '32',
      '--optimizer',
      'adam',
      '--learning-rate',
      '0.002',
      '--batch-size',
      '32',
      '--epochs',
      '20',
      '--size',
      '32',
      '--out',
      model,
    );
    expect(train.code).toBe(0);
    expect(train.stdout).toMatch(/test accuracy \d+\.\d\d% on 36 images\. Model written to/);
    const text = path.join(dir, 'not a photo.png');
    await writeFile(text, 'hello');
    const run = await whisker('predict', model, text);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(`${text}: not an image (unsupported or unrecognised format)`);
  }, 60_000);
});

describe('the command line trains as the app does', () => {
  it.skipIf(!catvnoncatAvailable)(
    'holds validation out of the training split of a folder that has train/ and test/, with its own seed',
    async () => {
      const run = await whisker(
        'train',
        CATVNONCAT_DIR,
        '--layers',
        'none',
        '--epochs',
        '3',
        '--validation-fraction',
        '0.2',
        '--split-seed',
        '5',
        '--out',
        path.join(dir, 'validated.safetensors'),
        '--json',
      );
      expect(run.code).toBe(0);
      const out = records(run.stdout);
      const epochs = out.filter((r) => r.type === 'epoch');
      expect(epochs).toHaveLength(3);
      expect(epochs.every((e) => typeof e.validationAccuracy === 'number')).toBe(true);
      // the records are the core's points: the app saves and draws the same ones
      expect(Object.keys(epochs[0]!).sort()).toEqual(
        [
          'batchLosses',
          'batchesPerEpoch',
          'epoch',
          'epochs',
          'examplesPerSecond',
          'gradientNorms',
          'gradientRms',
          'learningRate',
          'trainAccuracy',
          'trainLoss',
          'type',
          'validationAccuracy',
          'validationLoss',
          'weightNorms',
        ].sort(),
      );
      const done = out.at(-1)!;
      expect(done.metrics).toHaveProperty('validationAccuracy');
      expect(done.metrics).toHaveProperty('testAccuracy');
    },
    120_000,
  );

  it('says at the end what the diagnostics see, as the app does, for a run that has stalled', async () => {
    const run = await whisker(
      'train',
      'sample',
      '--size',
      '16',
      '--layers',
      '8',
      '--learning-rate',
      '1e-9',
      '--epochs',
      '15',
      '--print-every',
      '15',
      '--out',
      path.join(dir, 'stalled.safetensors'),
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^diagnosis: The learning rate is too small\. Since epoch \d+ .+ the loss has stayed near .+ Try: start again with a 10× larger learning rate\.$/m,
    );
  }, 60_000);

  it('stops early on the validation split and keeps the best epoch’s weights, in words and in --json', async () => {
    // a wide layer on 16×16 images learns the training shapes by heart, and validation stops improving
    const options = [
      ...['train', 'sample', '--size', '16', '--layers', '64', '--optimizer', 'adam'],
      ...['--learning-rate', '0.01', '--batch-size', '16', '--epochs', '300'],
      ...[
        '--validation-fraction',
        '0.2',
        '--early-stopping',
        '5',
        '--out',
        path.join(dir, 'early.safetensors'),
      ],
    ];
    const json = await whisker(...options, '--json');
    expect(json.code).toBe(0);
    const out = records(json.stdout);
    const epochs = out.filter((r) => r.type === 'epoch');
    const kept = out.find((r) => r.type === 'keptEpoch')!;
    expect(kept).toMatchObject({ stoppedEarly: true, patience: 5, epoch: epochs.length });
    expect(kept.keptEpoch).toBe(bestEpochOf(epochs as { epoch: number; validationLoss: number }[]));
    expect(epochs).toHaveLength(kept.keptEpoch + 5);
    const done = out.at(-1)!;
    expect(done).toMatchObject({ type: 'done', keptEpoch: kept.keptEpoch });
    // the model's validation loss, measured at the end, is the kept epoch's
    expect(done.metrics.validationLoss).toBe(epochs[kept.keptEpoch - 1]!.validationLoss);

    const text = await whisker(...options);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      `Stopped early at epoch ${kept.epoch}: the validation loss had not improved for 5 epochs. ` +
        `Kept the weights of epoch ${kept.keptEpoch}, the best on validation.`,
    );
  }, 120_000);

  it('lists early stopping in its help, and refuses it without a validation split to watch', async () => {
    const help = await whisker('help');
    expect(help.stdout).toMatch(
      /^ {2}--early-stopping 0 {5}patience: stop after this many epochs without a better validation loss/m,
    );
    const run = await whisker(
      ...['train', 'sample', '--size', '16', '--layers', '8', '--epochs', '5', '--early-stopping', '3'],
      ...['--out', path.join(dir, 'unwatched.safetensors')],
    );
    expect(run.code).toBe(2);
    // after the data set's own warnings, one line
    expect(run.stderr.trim().split('\n').at(-1)).toBe(
      'whisker: early stopping watches the validation split; hold some out with --validation-fraction, ' +
        'or give the data a val/ folder (whisker help shows the options)',
    );
  }, 60_000);
});
