import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Backend } from '../../src/backend/backend.ts';
import { forkTrainer } from '../../src/backend/childTrainer.ts';
import { TrainerClient } from '../../src/backend/trainerClient.ts';
import { checkExportTarget } from '../../src/backend/exportTarget.ts';
import { exportOnnx } from '../../src/core/onnxExport.ts';
import { encodeModel } from '../../src/core/modelFile.ts';
import { smallModel, writeSmallModel } from '../helpers/models.ts';

let dir: string;
let dataDir: string;
let out: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'whisker-export-'));
  dataDir = path.join(dir, 'data');
  out = path.join(dir, 'exports');
  await mkdir(path.join(dataDir, 'runs'), { recursive: true });
  await mkdir(out);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const reasonFor = (target: Parameters<typeof checkExportTarget>[0]) =>
  checkExportTarget(target, dataDir).then(
    () => 'allowed',
    (error: Error) => error.message,
  );

describe('where a model may be exported', () => {
  it('to a new file, or over a model of the same format', async () => {
    await writeFile(path.join(out, 'old.safetensors'), encodeModel(smallModel()));
    await writeFile(path.join(out, 'old.onnx'), exportOnnx(smallModel()));
    expect(await reasonFor({ path: path.join(out, 'new.safetensors'), format: 'safetensors' })).toBe(
      'allowed',
    );
    expect(await reasonFor({ path: path.join(out, 'old.safetensors'), format: 'safetensors' })).toBe(
      'allowed',
    );
    expect(await reasonFor({ path: path.join(out, 'old.onnx'), format: 'onnx' })).toBe('allowed');
  });

  it('not to a relative path, which would be resolved against the server’s own folder', async () => {
    expect(await reasonFor({ path: 'model.safetensors', format: 'safetensors' })).toBe(
      'model.safetensors: give the full path of the file to write, not a relative one',
    );
  });

  it('never into Whisker’s own data folder, even when asked to replace, nor through a link to it', async () => {
    const record = path.join(dataDir, 'runs', 'r1.json');
    await writeFile(record, '{}');
    await symlink(path.join(dataDir, 'runs'), path.join(out, 'runs-link'));
    for (const target of [record, path.join(dataDir, 'new.onnx'), path.join(out, 'runs-link', 'r1.json')]) {
      expect(await reasonFor({ path: target, format: 'onnx', replace: true })).toBe(
        `${target}: this is inside Whisker's own data folder (${dataDir}), which keeps its run history; choose another folder`,
      );
    }
  });

  it('over any other file only when the request says so (the page asks first)', async () => {
    const notes = path.join(out, 'notes.txt');
    await writeFile(notes, 'my notes');
    await writeFile(path.join(out, 'model.onnx'), exportOnnx(smallModel()));
    await writeFile(path.join(out, 'model.safetensors'), encodeModel(smallModel()));
    expect(await reasonFor({ path: notes, format: 'safetensors' })).toBe(
      `${notes}: this file exists and is not a safetensors model; replace it only if you mean to`,
    );
    expect(await reasonFor({ path: path.join(out, 'model.onnx'), format: 'safetensors' })).toMatch(
      /is not a safetensors model/,
    );
    expect(await reasonFor({ path: path.join(out, 'model.safetensors'), format: 'onnx' })).toMatch(
      /is not an ONNX model/,
    );
    expect(await reasonFor({ path: notes, format: 'safetensors', replace: true })).toBe('allowed');
  });

  it('never over a folder, nor into a folder that does not exist', async () => {
    await mkdir(path.join(out, 'folder.onnx'));
    expect(await reasonFor({ path: path.join(out, 'folder.onnx'), format: 'onnx', replace: true })).toBe(
      `${path.join(out, 'folder.onnx')}: a folder, not a file`,
    );
    const nowhere = path.join(out, 'missing', 'm.onnx');
    expect(await reasonFor({ path: nowhere, format: 'onnx' })).toBe(
      `${nowhere}: the folder ${path.dirname(nowhere)} does not exist`,
    );
  });

  it('is checked by exportModel, which leaves a refused target untouched', async () => {
    const backend = new Backend({ dataDir, baseline: false, trainer: new TrainerClient(forkTrainer) });
    try {
      const model = path.join(out, 'source.safetensors');
      await writeSmallModel(model);
      await backend.request('importModel', { path: model });
      const notes = path.join(out, 'notes.txt');
      await writeFile(notes, 'my notes');
      await expect(backend.request('exportModel', { path: notes, format: 'onnx' })).rejects.toThrow(
        /is not an ONNX model/,
      );
      expect(await readFile(notes, 'utf8')).toBe('my notes');
      await backend.request('exportModel', { path: notes, format: 'onnx', replace: true });
      expect((await readFile(notes)).subarray(0, 1)[0]).toBe(0x08);
      await expect(
        backend.request('exportModel', { path: path.join(dataDir, 'runs', 'x.json'), format: 'onnx' }),
      ).rejects.toThrow(/inside Whisker's own data folder/);
    } finally {
      backend.close();
    }
  });
});
