/**
 * The app's single source of truth behind the contract: the open data set,
 * the current model, the run in progress and the history of runs. Both hosts
 * use it unchanged; it imports nothing from Electron.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { z } from 'zod';
import type {
  AppEvent,
  AppState,
  DataSetSummary,
  Finding,
  Method,
  ModelSummary,
  Replies,
  RunRecord,
  TrainingSetup,
} from '../api/contract.ts';
import { parseParams, requestSchemas } from '../api/contract.ts';
import { architectureProblems, describeArchitecture, type Architecture } from '../core/architecture.ts';
import { outputUnitsFor } from '../core/examples.ts';
import { diagnose } from '../core/diagnosis.ts';
import { evaluate } from '../core/metrics.ts';
import { modelFromNetwork, networkFromModel } from '../core/model.ts';
import type { Model } from '../core/modelFile.ts';
import { DEFAULT_OPTIMIZERS } from '../core/optimizers.ts';
import type { TrainingConfig } from '../core/training.ts';
import { Network } from '../core/network.ts';
import { toExamples, type DataSet } from '../data/dataSet.ts';
import { decodeImage, decodeImageBytes } from '../data/decode.ts';
import { FileError } from '../data/fileError.ts';
import { writeFileAtomic } from '../data/files.ts';
import { importFolder } from '../data/folder.ts';
import { importH5 } from '../data/h5.ts';
import { loadModel, saveModel } from '../data/modelFiles.ts';
import { exportOnnx } from '../core/onnxExport.ts';
import { describeDataSet, trainingSetHash } from '../data/report.ts';
import { generateSampleData } from '../data/sample.ts';
import { serveDataSetImage, type ServedImage } from './dataSetImages.ts';
import { browseFolders } from './browse.ts';
import { classifyImages, imagePrediction, listImages, splitResults } from './predictions.ts';
import { RunHistory } from './runHistory.ts';
import { baselineOf, RunQueue, type QueuedRun } from './runQueue.ts';
import { Uploads } from './uploads.ts';
import { TrainerClient, type TrainerEvent } from './trainerClient.ts';

export interface BackendOptions {
  /** the app's data folder: run history and models */
  readonly dataDir: string;
  readonly trainer?: TrainerClient;
  /** train a logistic regression before the first network on each data set, as its reference line (default true) */
  readonly baseline?: boolean;
}

type Handler<M extends Method> = (params: z.output<(typeof requestSchemas)[M]>) => Promise<Replies[M]>;

export class Backend {
  private dataSet: DataSet | null = null;
  private dataSetSummary: DataSetSummary | null = null;
  private dataSetInTrainer: DataSet | null = null;
  private model: Model | null = null;
  private run: { record: RunRecord; architecture: Architecture; paused: boolean } | null = null;
  private importing: AbortController | null = null;
  private readonly history: RunHistory;
  private readonly uploads = new Uploads();
  private readonly trainer: TrainerClient;
  private readonly listeners = new Set<(event: AppEvent) => void>();
  private readonly queue = new RunQueue();
  private readonly trainsBaseline: boolean;
  /** the data set whose baseline has been queued or trained */
  private baselineFor: DataSet | null = null;
  /** the latest look inside the run in progress */
  private inspection: Extract<TrainerEvent, { type: 'inspection' }> | null = null;

  constructor(options: BackendOptions) {
    this.history = new RunHistory(options.dataDir);
    this.trainer = options.trainer ?? new TrainerClient();
    this.trainsBaseline = options.baseline ?? true;
    this.trainer.onEvent((event) =>
      this.fromTrainer(event).catch((error: unknown) =>
        this.emit({
          type: 'error',
          message: `Whisker could not record the run: ${(error as Error).message}`,
        }),
      ),
    );
  }

  onEvent(listener: (event: AppEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Checks a request's params against the contract, then answers it; refusals say why. */
  async request(method: string, params: unknown): Promise<unknown> {
    if (!Object.hasOwn(requestSchemas, method)) throw new Error(`unknown request "${method}"`);
    const parsed = parseParams(method as Method, params);
    if (typeof parsed === 'string') throw new Error(`${method}: ${parsed}`);
    const handler = this.handlers[method as Method] as (params: unknown) => Promise<unknown>;
    return handler(parsed);
  }

  /** An image of the open data set, for the renderer (see dataSetImages.ts). */
  image(pathname: string): Promise<ServedImage> {
    return serveDataSetImage(this.dataSet, pathname);
  }

  /** Ends the trainer process. */
  close(): void {
    this.trainer.kill();
    void this.uploads.discardAll();
  }

  private readonly handlers: { [M in Method]: Handler<M> } = {
    openFolder: ({ path, testFraction, seed }) => this.openFolderAt(path, path, testFraction, seed),
    openH5: ({ paths }) => this.importWith(paths.join(', '), () => importH5(paths)),
    loadSample: ({ seed, perClass }) =>
      this.importWith('sample data', () => generateSampleData({ seed, perClass })),
    cancelImport: async () => {
      this.importing?.abort();
      return {};
    },
    browse: ({ path: folder }) => browseFolders(folder),
    uploadBegin: async () => ({ uploadId: await this.uploads.begin() }),
    uploadFile: async ({ uploadId, path: relative, base64 }) => {
      await this.uploads.add(uploadId, relative, Buffer.from(base64, 'base64'));
      return {};
    },
    uploadOpen: async ({ uploadId, top }) => {
      const h5 = this.uploads.h5Files(uploadId);
      const summary = h5
        ? await this.importWith(h5.map((file) => path.basename(file)).join(', '), () => importH5(h5))
        : await this.openFolderAt(this.uploads.folderOf(uploadId, top), top ?? 'dropped folders', 0.2, 1);
      await this.uploads.discardAllBut(uploadId);
      return summary;
    },
    listImages: async (params) => listImages(this.requireDataSet(), params),
    startTraining: async (setup) => {
      if (this.run) throw new Error('a run is already in progress: stop it first');
      const runId = await this.enqueue([{ name: null, setup, experiment: null, baseline: false }]);
      return { runId: runId! };
    },
    startExperiment: async ({ name, runs }) => {
      const queued = runs.map((run) => ({
        name: run.name,
        setup: run.setup,
        experiment: name,
        baseline: false,
      }));
      await this.enqueue(queued);
      return { queued: queued.length };
    },
    clearQueue: async () => ({ dropped: this.queue.clear() }),
    renameRun: async ({ id, name }) => ({ run: await this.history.rename(id, name) }),
    deleteRun: async ({ id }) => {
      if (this.run?.record.id === id) throw new Error('that run is still going: stop it first');
      await this.history.remove(id);
      return {};
    },
    openRun: async ({ id }) => {
      await this.history.record(id);
      const model = await this.history.model(id);
      this.setModel(model);
      return { model: summarizeModel(model) };
    },
    gradientCheck: async (setup) => {
      const dataSet = this.requireDataSet();
      const architecture = this.architectureFor(setup, dataSet);
      await this.loadIntoTrainer(dataSet);
      return { layers: await this.trainer.checkGradients(architecture, setup.seed, setup.initializer) };
    },
    results: async ({ split }) => splitResults(this.requireDataSet(), this.requireModel(), split),
    predictImage: async ({ split, index }) =>
      imagePrediction(this.requireDataSet(), this.requireModel(), split, index),
    pause: async () => {
      this.trainer.pause();
      return {};
    },
    resume: async () => {
      this.trainer.resume();
      return {};
    },
    stop: async () => {
      // stopping means stopping everything, the runs waiting too
      this.queue.clear();
      this.trainer.stop();
      return {};
    },
    classify: ({ paths }) =>
      classifyImages(
        this.requireModel(),
        paths.map((file) => ({ file, read: (size) => decodeImage(file, size) })),
      ),
    classifyUploads: ({ files }) =>
      classifyImages(
        this.requireModel(),
        files.map(({ name, base64 }) => ({
          file: name,
          read: (size) => decodeImageBytes(name, Buffer.from(base64, 'base64'), size),
        })),
      ),
    exportModel: async ({ path, format }) => {
      const model = this.requireModel();
      if (format === 'onnx') await writeFileAtomic(path, exportOnnx(model));
      else await saveModel(path, model);
      return { path };
    },
    importModel: ({ path }) => this.importModel(path),
    listRuns: async () => ({
      runs: await this.history.list((message) => this.emit({ type: 'error', message })),
    }),
    state: async () => this.state(),
  };

  private openFolderAt(
    folder: string,
    source: string,
    testFraction: number,
    seed: number,
  ): Promise<DataSetSummary> {
    return this.importWith(source, (signal) =>
      importFolder(folder, {
        split: { testFraction, validationFraction: 0, seed },
        signal,
        onProgress: (p) => this.emit({ type: 'importProgress', ...p }),
      }),
    );
  }

  private state(): AppState {
    return {
      dataSet: this.dataSetSummary,
      model: this.model && summarizeModel(this.model),
      run: this.run?.record ?? null,
      paused: this.run?.paused ?? false,
    };
  }

  private async importWith(
    source: string,
    load: (signal: AbortSignal) => Promise<DataSet>,
  ): Promise<DataSetSummary> {
    if (this.run) throw new Error('stop the run in progress before opening other data');
    this.importing?.abort();
    const controller = new AbortController();
    this.importing = controller;
    try {
      const dataSet = await load(controller.signal);
      const report = describeDataSet(dataSet);
      this.dataSet = dataSet;
      this.dataSetSummary = {
        source,
        classes: [...dataSet.classes],
        width: dataSet.width,
        height: dataSet.height,
        counts: report.counts.map((c) => ({ ...c })),
        warnings: [...report.warnings],
        skipped: dataSet.skipped.map((s) => ({ ...s })),
        duplicates: report.duplicates.length,
      };
      this.emit({ type: 'dataSet', dataSet: this.dataSetSummary });
      return this.dataSetSummary;
    } finally {
      if (this.importing === controller) this.importing = null;
    }
  }

  private requireDataSet(): DataSet {
    if (this.dataSet === null)
      throw new Error('no data set is open: open a folder, a .h5 file or the sample data first');
    return this.dataSet;
  }

  private requireModel(): Model {
    if (this.model === null) throw new Error('there is no model yet: train one or import a model file');
    return this.model;
  }

  private architectureFor(setup: TrainingSetup, dataSet: DataSet): Architecture {
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

  /**
   * Queues runs (after a baseline, the first time a network is trained on this data set)
   * and starts the first when the trainer is free; returns its id, or null when a run is going.
   */
  private async enqueue(runs: QueuedRun[]): Promise<string | null> {
    const dataSet = this.requireDataSet();
    for (const run of runs) this.architectureFor(run.setup, dataSet);
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
    if (this.dataSetInTrainer === dataSet && this.trainer.running) return;
    await this.trainer.load({
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
    const dataSet = this.requireDataSet();
    const architecture = this.architectureFor(setup, dataSet);
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
      dataSet: this.dataSetSummary!.source,
      curve: [],
      metrics: {},
      findings: [],
      experiment: queued.experiment,
      baseline: queued.baseline,
    };
    this.run = { record, architecture, paused: false };
    this.inspection = null;
    try {
      await this.trainer.startRun(id, architecture, config);
    } catch (error) {
      this.run = null;
      this.queue.clear();
      throw error;
    }
    this.emit({ type: 'runStarted', run: record, waiting: this.queue.length });
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

  private async fromTrainer(event: TrainerEvent): Promise<void> {
    const run = this.run;
    switch (event.type) {
      case 'progress':
        this.emit({
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
        this.emit({
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
        const { width, height } = this.dataSet!;
        const { units, pixels } = event.firstLayer;
        this.emit({
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
        this.emit({ type: event.type, runId: event.runId });
        return;
      case 'finished':
        if (run?.record.id !== event.runId) return;
        await this.endRun(event.stoppedBy, event.explanation, event.params);
        return;
      case 'crashed': {
        if (!run) {
          this.emit({
            type: 'error',
            message: `The trainer stopped: ${event.reason}. It will be restarted for the next run.`,
          });
          return;
        }
        const kept = this.trainer.lastGoodParams.get(run.record.id) ?? null;
        await this.endRun(
          'crashed',
          `The trainer stopped: ${event.reason}. ${kept ? 'The weights of the last epoch it reported were kept.' : 'No epoch had finished, so there is no model from this run.'}`,
          kept,
        );
        return;
      }
      case 'error':
        this.emit({ type: 'error', message: event.message });
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
    const dataSet = this.dataSet!;
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
      this.setModel(model);
    }
    try {
      await this.history.save(run.record, model);
    } catch (error) {
      this.emit({
        type: 'error',
        message: `The run could not be saved to the history: ${(error as Error).message}`,
      });
    }
    const ok = status === 'completed' || status === 'stopped';
    this.emit({ type: ok ? 'runFinished' : 'runFailed', run: run.record });
    if (this.queue.length > 0) {
      await this.startNext().catch((error: unknown) =>
        this.emit({ type: 'error', message: `The next run could not start: ${(error as Error).message}` }),
      );
    }
  }

  /** A transaction: read and check the file, run one inference, and only then switch models. */
  private async importModel(path: string): Promise<{ model: ModelSummary; warnings: string[] }> {
    const model = await loadModel(path);
    const network = networkFromModel(model);
    const inputSize = model.architecture.inputSize;
    try {
      const { probabilities } = evaluate(
        network,
        {
          inputs: new Uint8Array(inputSize).fill(128),
          labels: new Uint16Array(1),
          count: 1,
          inputSize,
          scale: model.info.input.scale,
        },
        model.info.classes.length,
      );
      const sum = probabilities.reduce((s, p) => s + p, 0);
      if (!probabilities.every(Number.isFinite) || Math.abs(sum - 1) > 1e-3) {
        throw new FileError(path, 'the model does not give probabilities that sum to 1');
      }
    } finally {
      network.dispose();
    }
    const warnings: string[] = [];
    const open = this.dataSet;
    if (open) {
      if (open.width !== model.info.input.width || open.height !== model.info.input.height) {
        warnings.push(
          `The model takes ${model.info.input.width}×${model.info.input.height} images; the open data set has ${open.width}×${open.height}.`,
        );
      }
      if (open.classes.join('\n') !== model.info.classes.join('\n')) {
        warnings.push(
          `The model's classes (${model.info.classes.join(', ')}) differ from the open data set's (${open.classes.join(', ')}).`,
        );
      }
    }
    this.setModel(model);
    return { model: summarizeModel(model), warnings };
  }

  private setModel(model: Model): void {
    this.model = model;
    this.emit({ type: 'model', model: summarizeModel(model) });
  }

  private emit(event: AppEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function summarizeModel(model: Model): ModelSummary {
  return {
    architecture: describeArchitecture(model.architecture),
    classes: [...model.info.classes],
    width: model.info.input.width,
    height: model.info.input.height,
    metrics: model.info.metrics && { ...model.info.metrics },
    training: model.info.training && { ...model.info.training },
    datasetHash: model.info.datasetHash,
    createdAt: model.info.createdAt,
  };
}
