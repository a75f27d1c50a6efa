/**
 * The history of runs in the app's data folder: one JSON record and one model
 * file per run, written atomically, read back at start so that the history
 * survives a restart. A record that cannot be read is set aside, not fatal.
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { RunRecord } from '../api/contract.ts';
import type { Model } from '../core/modelFile.ts';
import { writeFileAtomic } from '../data/files.ts';
import { loadModel, saveModel } from '../data/modelFiles.ts';

const SAFE_ID = /^[A-Za-z0-9-]{1,64}$/;

export class RunHistory {
  private readonly folder: string;

  constructor(dataDir: string) {
    this.folder = path.join(dataDir, 'runs');
  }

  private file(id: string, extension: string): string {
    if (!SAFE_ID.test(id)) throw new Error(`not a run id: ${id}`);
    return path.join(this.folder, `${id}.${extension}`);
  }

  async save(record: RunRecord, model: Model | null): Promise<void> {
    await mkdir(this.folder, { recursive: true });
    if (model) await saveModel(this.file(record.id, 'safetensors'), model);
    await writeFileAtomic(this.file(record.id, 'json'), JSON.stringify(record, null, 1));
  }

  /** Every readable record, oldest first; problems are reported, not thrown. */
  async list(onProblem: (message: string) => void = () => {}): Promise<RunRecord[]> {
    let names: string[];
    try {
      names = await readdir(this.folder);
    } catch {
      return [];
    }
    const records: RunRecord[] = [];
    for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
      try {
        const record = JSON.parse(await readFile(path.join(this.folder, name), 'utf8')) as RunRecord;
        if (typeof record.id !== 'string' || !Array.isArray(record.curve))
          throw new Error('not a run record');
        records.push(record);
      } catch (error) {
        onProblem(`${path.join(this.folder, name)}: ${(error as Error).message}`);
      }
    }
    return records.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  async record(id: string): Promise<RunRecord> {
    try {
      return JSON.parse(await readFile(this.file(id, 'json'), 'utf8')) as RunRecord;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new Error(`there is no run ${id}`, { cause: error });
      throw error;
    }
  }

  async rename(id: string, name: string): Promise<RunRecord> {
    const record = { ...(await this.record(id)), name };
    await writeFileAtomic(this.file(id, 'json'), JSON.stringify(record, null, 1));
    return record;
  }

  /** Forgets a run: its record first, so a half-done removal never leaves a record without its model. */
  async remove(id: string): Promise<void> {
    await this.record(id);
    await rm(this.file(id, 'json'));
    await rm(this.file(id, 'safetensors'), { force: true });
  }

  model(id: string): Promise<Model> {
    return loadModel(this.file(id, 'safetensors'));
  }
}
