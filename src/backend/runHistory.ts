/**
 * The history of runs in the app's data folder: one JSON record and one model
 * file per run, written atomically, read back at start so that the history
 * survives a restart. A record that cannot be used is listed as damaged, with
 * the reason, and can be deleted; it never hides the others.
 */
import { lstat, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { RunRecord } from '../api/contract.ts';
import type { Model } from '../core/modelFile.ts';
import { FileError } from '../data/fileError.ts';
import { writeFileAtomic } from '../data/files.ts';
import { loadModel, saveModel } from '../data/modelFiles.ts';
import { readRegularFile } from '../data/regularFile.ts';
import { checkRunRecord } from './runRecordCheck.ts';

const SAFE_ID = /^[A-Za-z0-9-]{1,64}$/;
/** A million epochs of curve, with room to spare. */
const MAX_RECORD_BYTES = 512 * 2 ** 20;

/** A record that cannot be used, and why; it can still be deleted. */
export interface DamagedRun {
  readonly id: string;
  readonly reason: string;
}

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

  /** Every sound record, oldest first, and the damaged ones with the reason each cannot be used. */
  async list(): Promise<{ runs: RunRecord[]; damaged: DamagedRun[] }> {
    let names: string[];
    try {
      names = await readdir(this.folder);
    } catch {
      return { runs: [], damaged: [] };
    }
    const runs: RunRecord[] = [];
    const damaged: DamagedRun[] = [];
    const ids = names
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -'.json'.length))
      .filter((id) => SAFE_ID.test(id))
      .sort();
    for (const id of ids) {
      const read = await this.read(id);
      if ('reason' in read) damaged.push({ id, reason: read.reason });
      else runs.push(read);
    }
    return { runs: runs.sort((a, b) => a.startedAt.localeCompare(b.startedAt)), damaged };
  }

  /** Whether a run's record is still there (the user may have deleted it). */
  async has(id: string): Promise<boolean> {
    return (await lstat(this.file(id, 'json')).catch(() => null)) !== null;
  }

  /** One sound record; a missing or damaged one is refused with the reason. */
  async record(id: string): Promise<RunRecord> {
    const read = await this.read(id);
    if ('reason' in read && read.missing) throw new Error(`there is no run ${id}`);
    if ('reason' in read) throw new FileError(this.file(id, 'json'), `a damaged run record (${read.reason})`);
    return read;
  }

  private async read(id: string): Promise<RunRecord | { reason: string; missing?: boolean }> {
    let text: string;
    try {
      text = (await readRegularFile(this.file(id, 'json'), { maxBytes: MAX_RECORD_BYTES })).toString('utf8');
    } catch (error) {
      if (!(error instanceof FileError)) throw error;
      return { reason: error.reason, missing: error.reason === 'the file does not exist' };
    }
    return checkRunRecord(id, text);
  }

  async rename(id: string, name: string): Promise<RunRecord> {
    const record = { ...(await this.record(id)), name };
    await writeFileAtomic(this.file(id, 'json'), JSON.stringify(record, null, 1));
    return record;
  }

  /**
   * Forgets a run, damaged or not: its record first, so a half-done removal never leaves a record
   * without its model.
   */
  async remove(id: string): Promise<void> {
    const [record, model] = [this.file(id, 'json'), this.file(id, 'safetensors')];
    const exists = async (file: string) => (await lstat(file).catch(() => null)) !== null;
    if (!(await exists(record)) && !(await exists(model))) throw new Error(`there is no run ${id}`);
    await rm(record, { force: true });
    await rm(model, { force: true });
  }

  model(id: string): Promise<Model> {
    return loadModel(this.file(id, 'safetensors'));
  }
}
