import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/api/contract.ts';
import { Backend } from '../../src/backend/backend.ts';
import { forkTrainer } from '../../src/backend/childTrainer.ts';
import { TrainerClient } from '../../src/backend/trainerClient.ts';
import { RunHistory } from '../../src/backend/runHistory.ts';

let dataDir: string;
let runsFolder: string;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'whisker-history-'));
  runsFolder = path.join(dataDir, 'runs');
  await mkdir(runsFolder);
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

/** A record as Whisker wrote it before the one run setup: one seed, epoch points without their type. */
function record(id: string, startedAt: string) {
  return {
    id,
    name: `run ${id}`,
    startedAt,
    status: 'completed',
    explanation: null,
    setup: {
      hidden: [{ units: 4, activation: 'relu' }],
      loss: 'auto',
      initializer: 'he',
      optimizer: 'adam',
      learningRate: 0.01,
      learningRateDecay: 0,
      batchSize: 0,
      epochs: 1,
      l2: 0,
      seed: 1,
    },
    architecture: '12 → 4 ReLU → 1 sigmoid',
    dataSet: 'sample data',
    curve: [
      {
        epoch: 1,
        trainLoss: 0.5,
        trainAccuracy: 0.75,
        validationLoss: null,
        validationAccuracy: null,
        gradientNorms: [0.1, 0.2],
      },
    ],
    metrics: { trainAccuracy: 0.75 },
    findings: [],
    experiment: null,
    baseline: false,
  };
}

async function writeRecord(id: string, content: unknown): Promise<void> {
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  await writeFile(path.join(runsFolder, `${id}.json`), text);
}

describe('the run history read back from the data folder', () => {
  it('lists every sound record by start time, and each damaged one apart with its reason', async () => {
    await writeRecord('b', record('b', '2026-11-25T12:00:00.000Z'));
    await writeRecord('a', record('a', '2026-11-26T12:00:00.000Z'));
    const { startedAt: _, ...withoutStart } = record('c', '');
    await writeRecord('c', withoutStart);
    await writeRecord('d', '{"id": "d", "curve": [');
    await writeRecord('e', { ...record('e', '2026-11-25T12:00:00.000Z'), status: 'exploded' });
    await writeRecord('f', record('not-f', '2026-11-25T12:00:00.000Z'));
    await writeRecord('g', { ...record('g', '2026-11-25T12:00:00.000Z'), curve: [{ epoch: 'one' }] });

    const { runs, damaged } = await new RunHistory(dataDir).list();
    expect(runs.map((r) => r.id)).toEqual(['b', 'a']);
    // read into today's shape: the one seed for both, and points that say what they are
    expect(runs[0]!.setup).toMatchObject({
      splitSeed: 1,
      trainingSeed: 1,
      validationFraction: 0,
      earlyStopping: 0,
      classOrder: null,
    });
    // from before early stopping: trained without it, every epoch's weights the last's
    expect(runs[0]!.keptEpoch).toBeNull();
    expect(runs[0]!.curve[0]).toMatchObject({
      type: 'epoch',
      epoch: 1,
      trainLoss: 0.5,
      gradientNorms: [0.1, 0.2],
    });
    expect(damaged).toEqual([
      { id: 'c', reason: expect.stringMatching(/^startedAt: /) },
      { id: 'd', reason: expect.stringMatching(/^not JSON/) },
      { id: 'e', reason: expect.stringMatching(/^status: /) },
      { id: 'f', reason: 'the record names run "not-f", not "f"' },
      { id: 'g', reason: expect.stringMatching(/^curve\.0\.epoch: /) },
    ]);
  });

  it('lets a damaged record be deleted, with its model, through the contract', async () => {
    await writeRecord('broken', '{"id": "broken"');
    await writeFile(path.join(runsFolder, 'broken.safetensors'), 'weights');
    const backend = new Backend({ dataDir, baseline: false, trainer: new TrainerClient(forkTrainer) });
    try {
      const before = (await backend.request('listRuns', {})) as Reply<'listRuns'>;
      expect(before.damaged.map((d) => d.id)).toEqual(['broken']);
      await backend.request('deleteRun', { id: 'broken' });
      expect(await readdir(runsFolder)).toEqual([]);
      await expect(backend.request('deleteRun', { id: 'broken' })).rejects.toThrow('there is no run broken');
    } finally {
      await backend.close();
    }
  });

  it('refuses to use or rename a damaged record, saying why', async () => {
    await writeRecord('x', { ...record('x', 'yesterday') });
    const history = new RunHistory(dataDir);
    await expect(history.record('x')).rejects.toThrow(
      `${path.join(runsFolder, 'x.json')}: a damaged run record (startedAt: `,
    );
    await expect(history.rename('x', 'new name')).rejects.toThrow(/a damaged run record/);
  });
});
