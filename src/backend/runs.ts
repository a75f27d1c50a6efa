/**
 * Runs, as the backend keeps them: the queue (an experiment's runs, and the
 * baseline logistic regression before them, once per data set and setup), the
 * record of each run built from what the trainer reports, and its end: the
 * record and the model saved to the history, the model made current. The
 * trainer's points are forwarded with their run id, unchanged.
 */
import { randomUUID } from 'node:crypto';
import type { AppEvent, BatchPoint, EpochPoint, RunRecord, RunSetup } from '../api/contract.ts';
import { describeArchitecture } from '../core/architecture.ts';
import type { BaselinePlan } from '../core/baseline.ts';
import { modelFromParams } from '../core/model.ts';
import type { Model } from '../core/modelFile.ts';
import { architectureFor, inputSize, OPTIMIZER_LABELS } from '../core/runSetup.ts';
import { baselineId, Baselines } from './baselines.ts';
import type { Engine } from './engine.ts';
import type { OpenDataSet } from './openDataSet.ts';
import type { RunHistory } from './runHistory.ts';
import { baselineOf, RunQueue, type QueuedRun } from './runQueue.ts';
import type { TrainerEvent, TrainerExit } from './trainerClient.ts';

/** What the runs need from the backend around them. */
export interface RunsHost {
  readonly engine: Engine;
  readonly history: RunHistory;
  emit(event: AppEvent): void;
  /** a finished run's model is now the current one */
  modelChanged(model: Model): void;
}

interface Current {
  readonly record: RunRecord;
  readonly dataSet: OpenDataSet;
  paused: boolean;
  /** the latest weights the trainer sent: the model if the trainer dies */
  lastParams: Float32Array | null;
}

export class Runs {
  private run: Current | null = null;
  private readonly queue = new RunQueue();
  private readonly baselines: Baselines;

  constructor(
    private readonly host: RunsHost,
    /** false: no baseline ever, whatever a request asks */
    private readonly trainsBaseline: boolean,
  ) {
    this.baselines = new Baselines(host.history);
    host.engine.trainer.onEvent((event) =>
      this.fromTrainer(event).catch((error: unknown) =>
        host.emit({
          type: 'error',
          message: `Whisker could not record the run: ${(error as Error).message}`,
        }),
      ),
    );
  }

  get current(): RunRecord | null {
    return this.run?.record ?? null;
  }

  get paused(): boolean {
    return this.run?.paused ?? false;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /**
   * One run, after the baseline when one is asked for and none was trained on this data with
   * these settings; refused while another goes on.
   */
  async start(
    setup: RunSetup,
    name: string | null,
    withBaseline: boolean,
  ): Promise<{ runId: string; baseline: BaselinePlan }> {
    if (this.run) throw new Error('a run is already in progress: stop it first');
    const { started, baseline } = await this.enqueue(
      [{ name, setup, experiment: null, baseline: false }],
      withBaseline,
    );
    return { runId: started!, baseline };
  }

  /** An experiment's runs (after its baseline, as for one run), queued behind whatever is going or waiting. */
  async startExperiment(
    name: string,
    runs: readonly { name?: string | undefined; setup: RunSetup }[],
    withBaseline: boolean,
  ): Promise<{ queued: number; baseline: BaselinePlan }> {
    const queued = runs.map((run) => ({
      name: run.name ?? null,
      setup: run.setup,
      experiment: name,
      baseline: false,
    }));
    const { baseline } = await this.enqueue(queued, withBaseline);
    return { queued: queued.length, baseline };
  }

  clearQueue(): number {
    this.baselines.dropQueued();
    return this.queue.clear();
  }

  /** Stopping means stopping everything: the runs waiting too. */
  stop(): void {
    this.clearQueue();
    this.host.engine.trainer.stop();
  }

  pause(): void {
    this.host.engine.trainer.pause();
  }

  resume(): void {
    this.host.engine.trainer.resume();
  }

  /**
   * Queues runs, after their baseline when it is wanted and new, and starts the first when the
   * trainer is free; returns its id (null when a run is going) and what became of the baseline.
   */
  private async enqueue(
    runs: QueuedRun[],
    withBaseline: boolean,
  ): Promise<{ started: string | null; baseline: BaselinePlan }> {
    const dataSet = this.host.engine.dataSet;
    if (dataSet === null)
      throw new Error('no data set is open: open a folder, a .h5 file or the sample data first');
    const baseline = await this.planBaseline(runs, withBaseline, dataSet);
    if (baseline.run) runs = [baseline.run, ...runs];
    this.queue.add(runs);
    return { started: this.run ? null : await this.startNext(), baseline: baseline.plan };
  }

  /** The baseline of the first network among the runs: queued, trained before, turned off, or not needed. */
  private async planBaseline(
    runs: readonly QueuedRun[],
    withBaseline: boolean,
    dataSet: OpenDataSet,
  ): Promise<{ plan: BaselinePlan; run?: QueuedRun }> {
    const network = runs.find((run) => run.setup.hidden.length > 0);
    if (!network) return { plan: 'notNeeded' };
    if (!this.trainsBaseline || !withBaseline) return { plan: 'off' };
    const run = baselineOf(inDataSetOrder(network.setup, dataSet), network.experiment);
    const id = baselineId(dataSet.index.hash, run.setup);
    if (await this.baselines.has(id)) return { plan: 'reused' };
    this.baselines.queued(id);
    return { plan: 'queued', run };
  }

  /** Starts the next queued run, if any. */
  private async startNext(): Promise<string | null> {
    const next = this.queue.next();
    return next ? this.startRun(next) : null;
  }

  private async startRun(queued: QueuedRun): Promise<string> {
    const dataSet = await this.host.engine.withData();
    const setup = inDataSetOrder(queued.setup, dataSet);
    const architecture = describeArchitecture(
      architectureFor(setup, { inputSize: inputSize(setup.input), classCount: dataSet.classes.length }),
    );
    const id = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
    const record: RunRecord = {
      id,
      name: queued.name ?? `${architecture}, ${OPTIMIZER_LABELS[setup.optimizer]} at ${setup.learningRate}`,
      startedAt: new Date().toISOString(),
      status: 'running',
      explanation: null,
      keptEpoch: null,
      setup,
      architecture,
      dataSet: dataSet.label,
      dataSetHash: dataSet.index.hash,
      curve: [],
      metrics: {},
      findings: [],
      experiment: queued.experiment,
      baseline: queued.baseline,
    };
    this.run = { record, dataSet, paused: false, lastParams: null };
    try {
      await this.host.engine.trainer.request({
        kind: 'startRun',
        runId: id,
        setup,
        datasetHash: dataSet.index.hash,
      });
    } catch (error) {
      this.run = null;
      if (record.baseline) this.baselines.ended(baselineId(dataSet.index.hash, setup), record);
      this.clearQueue();
      throw error;
    }
    if (record.baseline) this.baselines.started(baselineId(dataSet.index.hash, setup));
    this.host.emit({ type: 'runStarted', run: record, waiting: this.queue.length });
    return id;
  }

  /** What the trainer reports, forwarded with the run's id, and kept in the run's record. */
  private async fromTrainer(event: TrainerEvent): Promise<void> {
    const run = this.run;
    const ours = (runId: string) => run !== null && run.record.id === runId;
    switch (event.type) {
      case 'points':
        if (!ours(event.runId)) return;
        this.forwardPoints(run!, event.runId, event.points);
        if (event.params) run!.lastParams = event.params;
        return;
      case 'inspection': {
        if (!ours(event.runId)) return;
        run!.record.findings = event.findings;
        const { units, width, height, pixels } = event.firstLayer;
        this.host.emit({
          type: 'inspection',
          runId: event.runId,
          epoch: event.epoch,
          layers: event.layers,
          firstLayer:
            units > 0 && pixels.length === units * width * height * 3
              ? { units, width, height, base64: Buffer.from(pixels).toString('base64') }
              : null,
          findings: event.findings,
        });
        return;
      }
      case 'paused':
      case 'resumed':
        if (!ours(event.runId)) return;
        run!.paused = event.type === 'paused';
        this.host.emit({ type: event.type, runId: event.runId });
        return;
      case 'runEnded':
        if (!ours(event.runId)) return;
        run!.record.findings = event.findings;
        run!.record.keptEpoch = event.keptEpoch;
        if (event.model) this.host.engine.setModel(event.model, true);
        await this.endRun(
          event.status === 'failed' ? 'crashed' : event.status,
          event.explanation,
          event.model,
        );
        return;
      case 'exited':
        if (run !== null)
          await this.endRun('crashed', this.crashExplanation(event.exit, run), this.modelFromLastParams(run));
        return;
      default:
        return;
    }
  }

  /** In their order: each run of batch points as one event, each epoch point as its own, kept in the record. */
  private forwardPoints(run: Current, runId: string, points: readonly (BatchPoint | EpochPoint)[]): void {
    let batches: BatchPoint[] = [];
    const sendBatches = () => {
      if (batches.length > 0) this.host.emit({ type: 'batches', runId, points: batches });
      batches = [];
    };
    for (const point of points) {
      if (point.type === 'batch') {
        batches.push(point);
        continue;
      }
      sendBatches();
      run.record.curve.push(point);
      this.host.emit({ type: 'epoch', runId, point });
    }
    sendBatches();
  }

  private crashExplanation(exit: TrainerExit, run: Current): string {
    const kept = run.lastParams
      ? 'The weights of the last epoch it reported were kept as the model.'
      : 'No epoch had finished, so this run left no model; the current model is unchanged.';
    return `The trainer stopped: ${exit.reason}. ${kept} It starts again for the next run.`;
  }

  /** A model from the weights the trainer last sent (no metrics: nothing could evaluate them). */
  private modelFromLastParams(run: Current): Model | null {
    if (run.lastParams === null) return null;
    const { setup } = run.record;
    const classes = setup.classOrder!;
    const model = modelFromParams(
      architectureFor(setup, { inputSize: inputSize(setup.input), classCount: classes.length }),
      run.lastParams,
      {
        input: { ...setup.input, channels: 3, layout: 'HWC', scale: 1 / 255 },
        classes,
        setup,
        metrics: null,
        datasetHash: run.dataSet.index.hash,
        createdAt: new Date().toISOString(),
      },
    );
    this.host.engine.setModel(model, false);
    return model;
  }

  /** Saves the record and the model, makes the model current, tells the renderer, starts what waits. */
  private async endRun(
    status: RunRecord['status'],
    explanation: string | null,
    model: Model | null,
  ): Promise<void> {
    const run = this.run!;
    this.run = null;
    run.record.status = status;
    run.record.explanation = explanation;
    if (model) {
      run.record.metrics = { ...(model.info.metrics ?? {}) };
      this.host.modelChanged(model);
    }
    try {
      await this.host.history.save(run.record, model);
    } catch (error) {
      this.host.emit({
        type: 'error',
        message: `The run could not be saved to the history: ${(error as Error).message}`,
      });
    }
    if (run.record.baseline)
      this.baselines.ended(baselineId(run.dataSet.index.hash, run.record.setup), run.record);
    const ok = status === 'completed' || status === 'stoppedEarly' || status === 'stopped';
    this.host.emit({ type: ok ? 'runFinished' : 'runFailed', run: run.record, waiting: this.queue.length });
    if (this.queue.length > 0) {
      await this.startNext().catch((error: unknown) =>
        this.host.emit({
          type: 'error',
          message: `The next run could not start: ${(error as Error).message}`,
        }),
      );
    }
  }
}

/** The run trains in the data set's class order unless its setup names its own. */
function inDataSetOrder(setup: RunSetup, dataSet: OpenDataSet): RunSetup {
  return { ...setup, classOrder: setup.classOrder ?? [...dataSet.classes] };
}
