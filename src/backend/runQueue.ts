/**
 * Runs waiting for the trainer: an experiment's variants, and the baseline
 * logistic regression that goes before the first network on a data set.
 * The trainer trains one run at a time; the backend takes the next from here
 * whenever a run ends.
 */
import type { RunSetup } from '../core/runSetup.ts';

export interface QueuedRun {
  /** null: named after its architecture and optimiser */
  readonly name: string | null;
  readonly setup: RunSetup;
  readonly experiment: string | null;
  readonly baseline: boolean;
}

export const BASELINE_NAME = 'Baseline: logistic regression';

/** The setup's logistic regression: no hidden layers, everything else the same. */
export function baselineOf(setup: RunSetup): QueuedRun {
  return {
    name: BASELINE_NAME,
    setup: { ...setup, hidden: [], loss: 'auto', initializer: 'zeros' },
    experiment: null,
    baseline: true,
  };
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
