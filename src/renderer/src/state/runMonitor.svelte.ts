/**
 * The run being trained (or last trained), as the backend reports it: its
 * record, its points as they arrive, a look inside, what the diagnostics see,
 * and the runs waiting behind it. Mirrors the backend's runs; starts, pauses
 * and stops them.
 */
import type {
  AppEvent,
  AppState,
  BaselinePlan,
  EpochPoint,
  Finding,
  RunRecord,
  RunSetup,
} from '../../../api/contract.ts';
import type { Columns } from '../lib/chartData.ts';
import { EpochRate } from '../lib/epochRate.ts';
import { host } from '../lib/host.ts';
import { LossEnvelope } from '../lib/lossEnvelope.ts';
import { notices } from './notices.svelte.ts';
import { Task } from './task.svelte.ts';

export class RunMonitor {
  /** the run being trained or last trained */
  run = $state.raw<RunRecord | null>(null);
  /** the id of the run in progress; null when none is */
  runId = $state<string | null>(null);
  paused = $state(false);
  /** runs queued behind the current one */
  waiting = $state(0);
  epochs = $state(0);
  /** epoch points of the current or last run, replaced, not mutated */
  curve = $state.raw<EpochPoint[]>([]);
  /** every batch loss of the current run, held as the envelope the chart draws */
  private batchLosses = new LossEnvelope();
  /** how many batch losses arrived: reading it follows them */
  batchCount = $state(0);
  /** the run's seconds per epoch, smoothed, for the time left; null until known */
  secondsPerEpoch = $state<number | null>(null);
  private rate = new EpochRate();
  examplesPerSecond = $state(0);
  /**
   * whether networks are preceded by their baseline logistic regression, trained once per data set
   * and setup; and what became of it for the runs started last (null before any)
   */
  withBaseline = $state(true);
  baselinePlan = $state<BaselinePlan | null>(null);
  /** the logistic regression's curve on this data set: every network's reference line */
  baselineCurve = $state.raw<EpochPoint[] | null>(null);
  /** the latest look inside the network, and what the diagnostics make of the run */
  inspection = $state.raw<Extract<AppEvent, { type: 'inspection' }> | null>(null);
  findings = $state.raw<Finding[]>([]);
  /** counts finished runs, so that views listing runs know to ask again */
  runsEnded = $state(0);
  /**
   * a sentence about the run that ended last (its explanation, as early stopping's "Kept the weights of
   * epoch 42, the best on validation."), and whether it failed (diverged or crashed)
   */
  ended = $state<string | null>(null);
  failed = $state(false);
  readonly task = new Task('run');
  private idleWaiters: (() => void)[] = [];

  /** The loss-per-batch chart's points: at most 2,000, however many batches the run has had. */
  batchColumns(): Columns {
    void this.batchCount;
    return this.batchLosses.columns();
  }

  get running(): boolean {
    return this.runId !== null;
  }

  /** A page opened during a run picks it up where it is. */
  resumeFrom(state: AppState): void {
    this.waiting = state.waiting;
    if (!state.run) return;
    this.runId = state.run.id;
    this.run = state.run;
    this.curve = state.run.curve;
    this.batchLosses = new LossEnvelope();
    for (const point of state.run.curve)
      point.batchLosses.forEach((loss, b) =>
        this.batchLosses.add(point.epoch - 1 + (b + 1) / point.batchesPerEpoch, loss),
      );
    this.batchCount = this.batchLosses.count;
    this.epochs = state.run.setup.epochs;
    this.paused = state.paused;
  }

  apply(event: AppEvent): void {
    switch (event.type) {
      case 'dataSet':
        this.baselineCurve = null;
        return;
      case 'batches':
        if (event.runId !== this.runId) return;
        for (const p of event.points) this.batchLosses.add(p.epoch - 1 + p.batch / p.batchesPerEpoch, p.loss);
        this.batchCount = this.batchLosses.count;
        return;
      case 'epoch':
        if (event.runId !== this.runId) return;
        this.epochs = event.point.epochs;
        this.curve = [...this.curve, event.point];
        this.rate.epochEnded(performance.now());
        this.secondsPerEpoch = this.rate.secondsPerEpoch;
        this.examplesPerSecond = event.point.examplesPerSecond;
        if (this.run?.baseline) this.baselineCurve = this.curve;
        return;
      case 'runStarted':
        this.runId = event.run.id;
        this.run = event.run;
        this.waiting = event.waiting;
        this.epochs = event.run.setup.epochs;
        this.curve = [];
        this.rate = new EpochRate();
        this.secondsPerEpoch = null;
        this.examplesPerSecond = 0;
        this.batchLosses = new LossEnvelope();
        this.batchCount = 0;
        this.inspection = null;
        this.findings = [];
        this.paused = false;
        this.ended = null;
        return;
      case 'inspection':
        if (event.runId !== this.runId) return;
        // the first layer's pictures come at most once a second: keep the last ones in between
        this.inspection = { ...event, firstLayer: event.firstLayer ?? this.inspection?.firstLayer ?? null };
        this.findings = event.findings;
        return;
      case 'paused':
      case 'resumed':
        this.paused = event.type === 'paused';
        if (this.paused) this.rate.paused();
        return;
      case 'runFinished':
      case 'runFailed':
        if (event.run.id !== this.runId) return;
        this.runId = null;
        this.run = event.run;
        this.waiting = event.waiting;
        this.paused = false;
        this.findings = event.run.findings;
        this.runsEnded += 1;
        this.failed = event.type === 'runFailed';
        this.ended = event.run.explanation ?? (this.failed ? null : `Run ${event.run.status}.`);
        // a run that ends well resolves the failure of the one before it
        if (!this.failed) notices.resolve('run');
        else if (event.run.explanation) notices.fail(event.run.explanation, 'run');
        if (this.waiting === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
        return;
      default:
        return;
    }
  }

  start(setup: RunSetup): Promise<unknown> {
    return this.task.run('Starting', () => this.startTraining(setup));
  }

  private async startTraining(setup: RunSetup) {
    const reply = await host().request('startTraining', { setup, baseline: this.withBaseline });
    this.baselinePlan = reply.baseline;
    return reply;
  }

  /** A new run with other settings: the one going, and any waiting, are stopped first. */
  restartWith(setup: RunSetup): Promise<unknown> {
    return this.task.run('Starting again', async () => {
      if (this.runId !== null) {
        const idle = new Promise<void>((resolve) => this.idleWaiters.push(resolve));
        await this.stop();
        await idle;
      }
      return this.startTraining(setup);
    });
  }

  /** Runs that differ in some settings, one after another; the Lab view overlays them. */
  startExperiment(name: string, runs: { name?: string | undefined; setup: RunSetup }[]): Promise<unknown> {
    return this.task.run('Queueing the experiment', async () => {
      const reply = await host().request('startExperiment', { name, runs, baseline: this.withBaseline });
      this.baselinePlan = reply.baseline;
      return reply;
    });
  }

  /** Ctrl/Cmd+Enter: start when idle, pause when running, resume when paused. */
  toggle(setup: () => RunSetup): Promise<unknown> {
    if (this.runId === null) return this.start(setup());
    return this.paused ? this.resume() : this.pause();
  }

  pause = () => host().request('pause');
  resume = () => host().request('resume');
  stop = () => host().request('stop');
  /** The runs waiting are dropped; the one going goes on. */
  clearQueue = async () => {
    await host().request('clearQueue');
    this.waiting = 0;
  };

  /** Backpropagation against numerical gradients for a freshly initialised network of this setup. */
  checkGradients(setup: RunSetup) {
    return host().request('gradientCheck', { setup });
  }
}

export const runMonitor = new RunMonitor();
