/**
 * Runs in the trainer: the queue (an experiment's runs, and the baseline
 * logistic regression before the first network on a data set), starting each
 * in the trainer, turning what it reports into the app's events and the run's
 * record with the diagnostics' findings, and keeping each finished run's
 * model and record.
 */
import { randomUUID } from 'node:crypto';
import type { AppEvent, Finding, RunRecord, TrainingSetup } from '../api/contract.ts';
import { architectureProblems, describeArchitecture, type Architecture } from '../core/architecture.ts';
import { diagnose } from '../core/diagnosis.ts';
import { outputUnitsFor } from '../core/examples.ts';
import { evaluate } from '../core/metrics.ts';
import { modelFromNetwork } from '../core/model.ts';
import type { Model } from '../core/modelFile.ts';
import { Network } from '../core/network.ts';
import { DEFAULT_OPTIMIZERS } from '../core/optimizers.ts';
import type { TrainingConfig } from '../core/training.ts';
import { toExamples, type DataSet } from '../data/dataSet.ts';
import { trainingSetHash } from '../data/report.ts';
import type { RunHistory } from './runHistory.ts';
import { baselineOf, RunQueue, type QueuedRun } from './runQueue.ts';
import type { TrainerClient, TrainerEvent } from './trainerClient.ts';

/** What the runs need from the backend around them. */
export interface RunsHost {
  readonly trainer: TrainerClient;
  readonly history: RunHistory;
  /** the open data set and where it came from; throws when none is open */
  openDataSet(): { dataSet: DataSet; source: string };
  /** a finished run's model becomes the current one */
  keepModel(model: Model): void;
  emit(event: AppEvent): void;
}

/** The network a setup describes for a data set: its input and output layers follow the data. */
export function architectureFor(setup: TrainingSetup, dataSet: DataSet): Architecture {
  const outputs = outputUnitsFor(dataSet.classes.length);
  const squared = setup.loss === 'meanSquaredError';
  const architecture: Architecture = {
    inputSize: dataSet.width * dataSet.height * 3,
    layers: [...setup.hidden, { units: outputs, activation: outputs === 1 ? 'sigmoid' : 'softmax' }],
    loss: squared ? 'meanSquaredError' : outputs === 1 ? 'binaryCrossEntropy' : 'softmaxCrossEntropy',
  };
  const problems = architectureProblems(architecture);
  if (problems.length > 0) throw new Error(problems.join('; '));
  return architecture;
}

export class Runs {
  private run: { record: RunRecord; architecture: Architecture; dataSet: DataSet; paused: boolean } | null =
    null;
  private readonly queue = new RunQueue();
  /** the data set whose baseline has been queued or trained */
  private baselineFor: DataSet | null = null;
  private dataSetInTrainer: DataSet | null = null;
  /** the latest look inside the run in progress */
  private inspection: Extract<TrainerEvent, { type: 'inspection' }> | null = null;

  constructor(
    private readonly host: RunsHost,
    private readonly trainsBaseline: boolean,
  ) {
    host.trainer.onEvent((event) =>
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

  /** One run (after the baseline, the first time on a data set); refused while another goes on. */
  async start(setup: TrainingSetup): Promise<string> {
    if (this.run) throw new Error('a run is already in progress: stop it first');
    return (await this.enqueue([{ name: null, setup, experiment: null, baseline: false }]))!;
  }

  /** An experiment's runs, queued behind whatever is going or waiting. */
  async startExperiment(
    name: string,
    runs: readonly { name?: string | undefined; setup: TrainingSetup }[],
  ): Promise<number> {
    const queued = runs.map((run) => ({
      name: run.name ?? null,
      setup: run.setup,
      experiment: name,
      baseline: false,
    }));
    await this.enqueue(queued);
    return queued.length;
  }

  clearQueue(): number {
    return this.queue.clear();
  }

  /** Stopping means stopping everything: the runs waiting too. */
  stop(): void {
    this.queue.clear();
    this.host.trainer.stop();
  }

  async checkGradients(setup: TrainingSetup) {
    const { dataSet } = this.host.openDataSet();
    const architecture = architectureFor(setup, dataSet);
    await this.loadIntoTrainer(dataSet);
    return this.host.trainer.checkGradients(architecture, setup.seed, setup.initializer);
  }

  /**
   * Queues runs (after a baseline, the first time a network is trained on this data set)
   * and starts the first when the trainer is free; returns its id, or null when a run is going.
   */
  private async enqueue(runs: QueuedRun[]): Promise<string | null> {
    const { dataSet } = this.host.openDataSet();
    for (const run of runs) architectureFor(run.setup, dataSet);
    const network = runs.find((run) => run.setup.hidden.length > 0);
    if (this.trainsBaseline && network && this.baselineFor !== dataSet) {
      runs = [baselineOf(network.setup), ...runs];
      this.baselineFor = dataSet;
    }
    this.queue.add(runs);
    return this.run ? null : this.startNext();
  }

  /** Starts the next queued run, if any; a run that cannot start is reported and the next one tried. */
  private async startNext(): Promise<string | null> {
    const next = this.queue.next();
    if (!next) return null;
    return this.startRun(next);
  }

  private async loadIntoTrainer(dataSet: DataSet): Promise<void> {
    if (this.dataSetInTrainer === dataSet && this.host.trainer.running) return;
    await this.host.trainer.load({
      classCount: dataSet.classes.length,
      width: dataSet.width,
      height: dataSet.height,
      train: dataSet.train,
      validation: dataSet.validation ?? dataSet.test,
    });
    this.dataSetInTrainer = dataSet;
  }

  private async startRun(queued: QueuedRun): Promise<string> {
    const { setup } = queued;
    const { dataSet, source } = this.host.openDataSet();
    const architecture = architectureFor(setup, dataSet);
    const config: TrainingConfig = {
      epochs: setup.epochs,
      batchSize: setup.batchSize,
      learningRate: setup.learningRate,
      learningRateDecay: setup.learningRateDecay,
      optimizer: DEFAULT_OPTIMIZERS[setup.optimizer],
      l2: setup.l2,
      initializer: setup.initializer,
      seed: setup.seed,
      validateEvery: 1,
    };
    await this.loadIntoTrainer(dataSet);
    const id = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
    const record: RunRecord = {
      id,
      name:
        queued.name ?? `${describeArchitecture(architecture)}, ${setup.optimizer} at ${setup.learningRate}`,
      startedAt: new Date().toISOString(),
      status: 'running',
      explanation: null,
      setup,
      architecture: describeArchitecture(architecture),
      dataSet: source,
      curve: [],
      metrics: {},
      findings: [],
      experiment: queued.experiment,
      baseline: queued.baseline,
    };
    this.run = { record, architecture, dataSet, paused: false };
    this.inspection = null;
    try {
      await this.host.trainer.startRun(id, architecture, config);
    } catch (error) {
      this.run = null;
      this.queue.clear();
      throw error;
    }
    this.host.emit({ type: 'runStarted', run: record, waiting: this.queue.length });
    return id;
  }

  /** The diagnostics' findings for a run, from its curve and the latest look inside. */
  private findingsOf(record: RunRecord, diverged: string | null): Finding[] {
    const inspection = this.inspection?.runId === record.id ? this.inspection : null;
    return diagnose({
      setup: record.setup,
      epochs: record.curve,
      layers: inspection?.layers ?? null,
      predictedShares: inspection?.predictedShares ?? null,
      labelShares: inspection?.labelShares ?? null,
      diverged,
    });
  }

  /** What the trainer reports, turned into the app's events and the run's record. */
  private async fromTrainer(event: TrainerEvent): Promise<void> {
    const run = this.run;
    switch (event.type) {
      case 'progress':
        this.host.emit({
          type: 'batch',
          runId: event.runId,
          epoch: event.epoch,
          batch: event.batch,
          batchesPerEpoch: event.batchesPerEpoch,
          loss: event.loss,
        });
        return;
      case 'epoch': {
        const e = event.event;
        const point = {
          epoch: e.epoch,
          trainLoss: e.train.loss,
          trainAccuracy: e.train.accuracy,
          validationLoss: e.validation?.loss ?? null,
          validationAccuracy: e.validation?.accuracy ?? null,
          gradientNorms: e.layers.map((l) => l.gradientNorm),
        };
        if (run?.record.id === event.runId) run.record.curve.push(point);
        this.host.emit({
          type: 'epoch',
          runId: event.runId,
          point,
          epochs: e.epochs,
          examplesPerSecond: e.examplesPerSecond,
        });
        return;
      }
      case 'inspection': {
        if (run?.record.id !== event.runId) return;
        this.inspection = event;
        run.record.findings = this.findingsOf(run.record, null);
        const { width, height } = run.dataSet;
        const { units, pixels } = event.firstLayer;
        this.host.emit({
          type: 'inspection',
          runId: event.runId,
          epoch: event.epoch,
          layers: event.layers,
          firstLayer:
            run.architecture.inputSize === width * height * 3 && units > 0
              ? { units, width, height, base64: Buffer.from(pixels).toString('base64') }
              : null,
          findings: run.record.findings,
        });
        return;
      }
      case 'paused':
      case 'resumed':
        if (run) run.paused = event.type === 'paused';
        this.host.emit({ type: event.type, runId: event.runId });
        return;
      case 'finished':
        if (run?.record.id !== event.runId) return;
        await this.endRun(event.stoppedBy, event.explanation, event.params);
        return;
      case 'crashed': {
        if (!run) {
          this.host.emit({
            type: 'error',
            message: `The trainer stopped: ${event.reason}. It will be restarted for the next run.`,
          });
          return;
        }
        const kept = this.host.trainer.lastGoodParams.get(run.record.id) ?? null;
        await this.endRun(
          'crashed',
          `The trainer stopped: ${event.reason}. ${kept ? 'The weights of the last epoch it reported were kept.' : 'No epoch had finished, so there is no model from this run.'}`,
          kept,
        );
        return;
      }
      case 'error':
        this.host.emit({ type: 'error', message: event.message });
        return;
    }
  }

  /** Keeps the run's weights as the current model, saves the record, and tells the renderer. */
  private async endRun(
    status: RunRecord['status'],
    explanation: string | null,
    params: Float32Array | null,
  ): Promise<void> {
    const run = this.run!;
    this.run = null;
    const { dataSet } = run;
    run.record.status = status;
    run.record.explanation = explanation;
    if (status === 'diverged') run.record.findings = this.findingsOf(run.record, explanation);
    let model: Model | null = null;
    if (params) {
      const network = new Network(run.architecture);
      network.params.set(params);
      const metrics: Record<string, number> = {};
      const train = evaluate(
        network,
        toExamples(dataSet.train, dataSet.width, dataSet.height),
        dataSet.classes.length,
      );
      Object.assign(metrics, { trainLoss: train.loss, trainAccuracy: train.accuracy });
      if (dataSet.test) {
        const test = evaluate(
          network,
          toExamples(dataSet.test, dataSet.width, dataSet.height),
          dataSet.classes.length,
        );
        Object.assign(metrics, { testLoss: test.loss, testAccuracy: test.accuracy });
      }
      run.record.metrics = metrics;
      model = modelFromNetwork(network, {
        input: { width: dataSet.width, height: dataSet.height, channels: 3, layout: 'HWC', scale: 1 / 255 },
        classes: dataSet.classes,
        training: { ...run.record.setup },
        metrics,
        datasetHash: trainingSetHash(dataSet),
        createdAt: new Date().toISOString(),
      });
      network.dispose();
      this.host.keepModel(model);
    }
    try {
      await this.host.history.save(run.record, model);
    } catch (error) {
      this.host.emit({
        type: 'error',
        message: `The run could not be saved to the history: ${(error as Error).message}`,
      });
    }
    const ok = status === 'completed' || status === 'stopped';
    this.host.emit({ type: ok ? 'runFinished' : 'runFailed', run: run.record });
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
