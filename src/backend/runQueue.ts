/**
 * Runs waiting for the trainer: an experiment's variants, and the baseline
 * logistic regression that goes before them when none was trained on this
 * data with these settings. The trainer trains one run at a time; the
 * backend takes the next from here whenever a run ends.
 */
import { BASELINE_NAME, baselineSetup } from '../core/baseline.ts';
import type { RunSetup } from '../core/runSetup.ts';

export interface QueuedRun {
  /** null: named after its architecture and optimiser */
  readonly name: string | null;
  readonly setup: RunSetup;
  readonly experiment: string | null;
  readonly baseline: boolean;
}

/** The setup's logistic regression, as the first run of the experiment (if any) it is the reference of. */
export function baselineOf(setup: RunSetup, experiment: string | null): QueuedRun {
  return { name: BASELINE_NAME, setup: baselineSetup(setup), experiment, baseline: true };
}

export class RunQueue {
  private readonly waiting: QueuedRun[] = [];

  get length(): number {
    return this.waiting.length;
  }

  add(runs: readonly QueuedRun[]): void {
    this.waiting.push(...runs);
  }

  next(): QueuedRun | undefined {
    return this.waiting.shift();
  }

  clear(): number {
    return this.waiting.splice(0).length;
  }
}
