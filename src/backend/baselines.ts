/**
 * Which baselines exist: the logistic regressions trained (or queued) on each
 * data set with each baseline key, so that one is trained once per data set
 * and setup, whether the folder is reopened or the app restarted. The history
 * is read once, the first time it is needed; a baseline deleted from the
 * history is trained again.
 */
import type { RunRecord } from '../api/contract.ts';
import { baselineKey } from '../core/baseline.ts';
import type { RunSetup } from '../core/runSetup.ts';
import type { RunHistory } from './runHistory.ts';

/** The training data (its hash) and the settings a baseline depends on. */
export function baselineId(dataSetHash: string, setup: RunSetup): string {
  return `${dataSetHash} ${baselineKey(setup)}`;
}

export class Baselines {
  /** each baseline by its id: waiting in the queue, training, or trained by a run of the history */
  private readonly known = new Map<string, 'queued' | 'training' | { run: string }>();
  private loaded: Promise<void> | null = null;

  constructor(private readonly history: RunHistory) {}

  /** Whether a baseline with this id has been trained and is still in the history, or is queued. */
  async has(id: string): Promise<boolean> {
    this.loaded ??= this.load();
    await this.loaded;
    const state = this.known.get(id);
    if (state === undefined) return false;
    if (typeof state === 'string' || (await this.history.has(state.run))) return true;
    this.known.delete(id);
    return false;
  }

  queued(id: string): void {
    this.known.set(id, 'queued');
  }

  started(id: string): void {
    this.known.set(id, 'training');
  }

  /** A baseline run ended: kept if it completed, forgotten (to be trained again) if not. */
  ended(id: string, record: Pick<RunRecord, 'id' | 'status'>): void {
    if (record.status === 'completed') this.known.set(id, { run: record.id });
    else this.known.delete(id);
  }

  /** The queue was cleared: the baselines waiting in it will not be trained. */
  dropQueued(): void {
    for (const [id, state] of this.known) if (state === 'queued') this.known.delete(id);
  }

  private async load(): Promise<void> {
    const { runs } = await this.history.list().catch(() => ({ runs: [] as RunRecord[] }));
    for (const run of runs) {
      if (run.baseline && run.status === 'completed' && run.dataSetHash !== null)
        this.known.set(baselineId(run.dataSetHash, run.setup), { run: run.id });
    }
  }
}
