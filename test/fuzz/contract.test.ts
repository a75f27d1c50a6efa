/**
 * A fuzzer over the contract, through the entry Electron's host uses (main's
 * IPC handler, with its path grants) into a real backend and trainer: every
 * request method with parameters that are random, or valid ones with a field
 * made hostile. Whatever arrives, every reply is a result or a refusal with a
 * reason; the backend only ever sees paths the user granted; nothing outside
 * Whisker's data folder is written but the file the user chose to save to;
 * nothing dies; and a normal start, stop and list work afterwards.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES, METHODS, type Outcome } from '../../src/api/contract.ts';
import { pathsIn } from '../../src/api/pathFields.ts';
import { Backend } from '../../src/backend/backend.ts';
import { forkTrainer } from '../../src/backend/childTrainer.ts';
import { TrainerClient } from '../../src/backend/trainerClient.ts';
import { preset } from '../../src/core/presets.ts';
import { writeSmallModel } from '../helpers/models.ts';
import { fuzzParameters, fuzzTimeout, Tally } from './budget.ts';

vi.mock('electron', () => ({}));
const { registerContract } = await import('../../src/main/ipc.ts');
const { GrantedPaths } = await import('../../src/main/paths.ts');
const { CHANNELS } = await import('../../src/api/channels.ts');

const BOUNDED_RUNS = 120;
const MS_PER_CASE = 400;

let root: string;
let backend: Backend;
let ask: (message: unknown) => Promise<Outcome>;
/** the params of every request that reached the backend */
const reached: { method: string; params: unknown }[] = [];
const granted = new GrantedPaths();
const crashes: unknown[] = [];
const noteCrash = (error: unknown) => crashes.push(error);

/** Every file below `folder` with a hash of its content, data folder left out. */
async function snapshot(folder: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (!entry.isFile() || file.startsWith(path.join(root, 'data'))) continue;
    files.set(
      file,
      createHash('sha256')
        .update(await readFile(file))
        .digest('hex'),
    );
  }
  return files;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'whisker-fuzz-contract-'));
  for (const [name, shade] of [
    ['a', 40],
    ['b', 200],
  ] as const) {
    await mkdir(path.join(root, 'granted', 'pets', name), { recursive: true });
    for (let i = 0; i < 6; i++) {
      await sharp(Buffer.alloc(8 * 8 * 3, shade + i), { raw: { width: 8, height: 8, channels: 3 } })
        .png()
        .toFile(path.join(root, 'granted', 'pets', name, `${i}.png`));
    }
  }
  await writeSmallModel(path.join(root, 'granted', 'model.safetensors'));
  await mkdir(path.join(root, 'outside'));
  await writeFile(path.join(root, 'outside', 'secret.txt'), 'not for Whisker');
  await writeSmallModel(path.join(root, 'outside', 'model.safetensors'));
  granted.grant(path.join(root, 'granted'), 'read');
  granted.grant(path.join(root, 'granted', 'saved.safetensors'), 'write');

  backend = new Backend({
    dataDir: path.join(root, 'data'),
    trainer: new TrainerClient(forkTrainer),
    baseline: false,
  });
  const request = backend.request.bind(backend);
  backend.request = async (method: string, params: unknown) => {
    reached.push({ method, params });
    return request(method, params);
  };
  const handlers = new Map<string, (event: unknown, message: unknown) => Promise<Outcome>>();
  registerContract({ handle: (channel: string, handler: never) => handlers.set(channel, handler) } as never, {
    backend,
    appOrigin: 'whisker://app',
    granted,
    dialogs: {} as never,
    windowOf: () => null,
  });
  const app = { senderFrame: { url: 'whisker://app/index.html', parent: null }, sender: {} };
  ask = (message) => handlers.get(CHANNELS.request)!(app, message);
  process.on('uncaughtException', noteCrash);
  process.on('unhandledRejection', noteCrash);
}, 60_000);

afterAll(async () => {
  process.off('uncaughtException', noteCrash);
  process.off('unhandledRejection', noteCrash);
  await backend.close();
  await rm(root, { recursive: true, force: true });
});

/** Waits until no run is going. */
async function idle(): Promise<void> {
  await vi.waitFor(
    async () => {
      const state = (await ask({ id: 0, method: 'state', params: {} })) as {
        ok: true;
        result: { run: unknown };
      };
      expect(state.result.run).toBeNull();
    },
    { timeout: 20_000 },
  );
}

/** Values a hostile page would send: paths out of the grant, tricks on paths, edges of numbers, junk. */
const hostile = () =>
  fc.oneof(
    fc.constantFrom(
      path.join(root, 'outside', 'secret.txt'),
      path.join(root, 'outside', 'model.safetensors'),
      path.join(root, 'granted', '..', 'outside', 'secret.txt'),
      path.join(root, 'granted', 'pets'),
      path.join(root, 'granted', 'model.safetensors'),
      path.join(root, 'granted', 'saved.safetensors'),
      path.join(root, 'granted', 'pets', 'a', '0.png'),
      path.join(root, 'data', 'runs'),
      '../../etc/passwd',
      '/etc/passwd',
      'relative.safetensors',
      '\u0000',
      '',
      'x'.repeat(5000),
      -1,
      0,
      1,
      2 ** 31,
      1e308,
      Number.NaN,
      null,
      true,
      [],
      {},
    ),
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.jsonValue({ maxDepth: 2 }),
  );

/** A request the method would accept, before a field is made hostile. */
function template(method: string): unknown {
  const setup = {
    ...preset('Quick: one hidden layer, Adam'),
    hidden: [{ units: 4, activation: 'relu' }],
    epochs: 2,
  };
  const pets = path.join(root, 'granted', 'pets');
  const examples: Record<string, unknown> = {
    openFolder: { path: pets },
    openClassFolders: { paths: [path.join(pets, 'a'), path.join(pets, 'b')] },
    openH5: { paths: [path.join(root, 'granted', 'model.safetensors')] },
    loadSample: { seed: 1, perClass: 5 },
    setClassOrder: { classes: ['b', 'a'] },
    listImages: { split: 'train', offset: 0, limit: 5 },
    startTraining: { setup },
    startExperiment: { name: 'fuzz', runs: [{ setup }] },
    renameRun: { id: 'x', name: 'y' },
    deleteRun: { id: 'x' },
    openRun: { id: 'x' },
    gradientCheck: { setup },
    results: { split: 'train' },
    predictImage: { split: 'train', index: 0 },
    featureMaps: { split: 'train', index: 0 },
    classify: { photos: [{ name: 'a', path: path.join(pets, 'a', '0.png') }] },
    exportModel: { path: path.join(root, 'granted', 'saved.safetensors'), format: 'safetensors' },
    modelFile: { format: 'onnx' },
    importModel: { path: path.join(root, 'granted', 'model.safetensors') },
  };
  return examples[method] ?? {};
}

/** Replaces one value somewhere inside a JSON value (or the value itself). */
function replaceInside(value: unknown, at: number[], replacement: unknown): unknown {
  if (at.length === 0 || value === null || typeof value !== 'object') return replacement;
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[at[0]! % keys.length]!;
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>;
  copy[key] = replaceInside((value as Record<string, unknown>)[key], at.slice(1), replacement);
  return copy;
}

/** The requests a case sends: made once the test's folders exist. */
const requests = () =>
  fc.oneof(
    // a known method with one field of its valid params made hostile
    fc
      .tuple(fc.constantFrom(...METHOD_NAMES), fc.array(fc.nat(), { maxLength: 4 }), hostile(), fc.boolean())
      .map(([method, at, value, mutate]) => ({
        method,
        params: mutate ? replaceInside(template(method), at, value) : template(method),
      })),
    // anything at all in the envelope
    fc.record({ method: fc.oneof(fc.constantFrom(...METHOD_NAMES), fc.string()), params: hostile() }),
  );

describe('the contract, fuzzed through main’s IPC entry', () => {
  const tally = new Tally();

  it(
    'answers every request with a result or a reason, lets only granted paths through, writes nothing it may not, and dies of none',
    async () => {
      const before = await snapshot(root);
      let id = 0;
      await fc.assert(
        fc.asyncProperty(requests(), async ({ method, params }) => {
          reached.length = 0;
          const outcome = await ask({ id: id++, method, params });
          expect(typeof outcome.ok).toBe('boolean');
          if (!outcome.ok) expect(outcome.error.length).toBeGreaterThan(0);
          tally.add(outcome.ok ? `${String(method)} answered` : 'refused');
          for (const call of reached) {
            const schema = METHODS[call.method as keyof typeof METHODS]?.params;
            for (const found of schema ? pathsIn(schema, call.params) : [])
              expect(
                granted.allows(found.path, found.use),
                `${call.method} reached the backend with ${found.path}`,
              ).toBe(true);
          }
          // whatever runs, stops: the next case starts from a backend at rest
          await ask({ id: id++, method: 'stop', params: {} });
        }),
        fuzzParameters(BOUNDED_RUNS),
      );
      const after = await snapshot(root);
      after.delete(path.join(root, 'granted', 'saved.safetensors'));
      expect([...after]).toEqual([...before]);
      expect(crashes).toEqual([]);

      // and it still works as a user would use it, once the last run stopped has ended
      await idle();
      expect(
        await ask({ id: id++, method: 'openFolder', params: { path: path.join(root, 'granted', 'pets') } }),
      ).toMatchObject({
        ok: true,
      });
      const setup = {
        ...preset('Quick: one hidden layer, Adam'),
        hidden: [{ units: 4, activation: 'relu' }],
        epochs: 200,
      };
      const started = await ask({ id: id++, method: 'startTraining', params: { setup } });
      expect(started).toMatchObject({ ok: true });
      expect(await ask({ id: id++, method: 'stop', params: {} })).toMatchObject({ ok: true });
      await idle();
      expect(await ask({ id: id++, method: 'listRuns', params: {} })).toMatchObject({ ok: true });
      console.log(tally.report('contract fuzzer', fuzzParameters(BOUNDED_RUNS).numRuns ?? BOUNDED_RUNS));
    },
    fuzzTimeout(BOUNDED_RUNS, MS_PER_CASE),
  );
});
