/**
 * The runs kept in the history, as the Lab lists them: renamed, deleted, or
 * their model made the current one. Asks again whenever a run ends.
 */
import type { DamagedRun, RunRecord } from '../../../api/contract.ts';
import { host } from '../lib/host.ts';
import { Task } from './task.svelte.ts';

export class RunHistory {
  runs = $state.raw<RunRecord[]>([]);
  damaged = $state.raw<DamagedRun[]>([]);
  readonly task = new Task('history');

  async refresh(): Promise<void> {
    const reply = await this.task.run('Reading the runs', () => host().request('listRuns'));
    if (reply) {
      this.runs = reply.runs;
      this.damaged = reply.damaged;
    }
  }

  async rename(id: string, name: string): Promise<void> {
    await this.task.run('Renaming', () => host().request('renameRun', { id, name }));
    await this.refresh();
  }

  async remove(id: string): Promise<void> {
    await this.task.run('Deleting', () => host().request('deleteRun', { id }));
    await this.refresh();
  }

  /** Makes a past run's model the current one (the app hears of it as a new model). */
  async useModel(id: string): Promise<void> {
    await this.task.run('Opening the model', () => host().request('openRun', { id }));
  }
}

export const runHistory = new RunHistory();
