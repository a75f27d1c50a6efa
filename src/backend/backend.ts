/**
 * The app's single source of truth behind the contract: the open data set,
 * the current model, the runs (runs.ts) and the history of runs. Both hosts
 * use it unchanged; it imports nothing from Electron.
 */
import path from 'node:path';
import type { z } from 'zod';
import type { AppEvent, AppState, DataSetSummary, Method, ModelSummary, Replies } from '../api/contract.ts';
import { parseParams, requestSchemas } from '../api/contract.ts';
import { describeArchitecture } from '../core/architecture.ts';
import { evaluate } from '../core/metrics.ts';
import { networkFromModel } from '../core/model.ts';
import type { Model } from '../core/modelFile.ts';
import type { DataSet } from '../data/dataSet.ts';
import { decodeImage, decodeImageBytes } from '../data/decode.ts';
import { FileError } from '../data/fileError.ts';
import { importFolder } from '../data/folder.ts';
import { importH5 } from '../data/h5.ts';
import { loadModel } from '../data/modelFiles.ts';
import { describeDataSet } from '../data/report.ts';
import { generateSampleData } from '../data/sample.ts';
import { browseFolders } from './browse.ts';
import { serveDataSetImage, type ServedImage } from './dataSetImages.ts';
import { exportModel, removeInterruptedExports } from './modelExport.ts';
import { classifyImages, imagePrediction, listImages, splitResults } from './predictions.ts';
import { RunHistory } from './runHistory.ts';
import { Runs } from './runs.ts';
import type { TrainerClient } from './trainerClient.ts';
import { Uploads } from './uploads.ts';

export interface BackendOptions {
  /** the app's data folder: run history and models */
  readonly dataDir: string;
  readonly trainer: TrainerClient;
  /** train a logistic regression before the first network on each data set, as its reference line (default true) */
  readonly baseline?: boolean;
}

type Handler<M extends Method> = (params: z.output<(typeof requestSchemas)[M]>) => Promise<Replies[M]>;

export class Backend {
  private dataSet: DataSet | null = null;
  private dataSetSummary: DataSetSummary | null = null;
  private model: Model | null = null;
  private importing: AbortController | null = null;
  private readonly dataDir: string;
  private readonly history: RunHistory;
  private readonly uploads = new Uploads();
  private readonly trainer: TrainerClient;
  private readonly listeners = new Set<(event: AppEvent) => void>();
  private readonly runs: Runs;

  constructor(options: BackendOptions) {
    this.dataDir = options.dataDir;
    void removeInterruptedExports(options.dataDir);
    this.history = new RunHistory(options.dataDir);
    this.trainer = options.trainer;
    this.runs = new Runs(
      {
        trainer: this.trainer,
        history: this.history,
        openDataSet: () => ({ dataSet: this.requireDataSet(), source: this.dataSetSummary!.source }),
        keepModel: (model) => this.setModel(model),
        emit: (event) => this.emit(event),
      },
      options.baseline ?? true,
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
    startTraining: async (setup) => ({ runId: await this.runs.start(setup) }),
    startExperiment: async ({ name, runs }) => ({ queued: await this.runs.startExperiment(name, runs) }),
    clearQueue: async () => ({ dropped: this.runs.clearQueue() }),
    renameRun: async ({ id, name }) => ({ run: await this.history.rename(id, name) }),
    deleteRun: async ({ id }) => {
      if (this.runs.current?.id === id) throw new Error('that run is still going: stop it first');
      await this.history.remove(id);
      return {};
    },
    openRun: async ({ id }) => {
      await this.history.record(id);
      const model = await this.history.model(id);
      this.setModel(model);
      return { model: summarizeModel(model) };
    },
    gradientCheck: async (setup) => ({ layers: await this.runs.checkGradients(setup) }),
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
      this.runs.stop();
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
    exportModel: async (target) => ({ path: await exportModel(this.requireModel(), target, this.dataDir) }),
    importModel: ({ path }) => this.importModel(path),
    listRuns: () => this.history.list(),
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
      run: this.runs.current,
      paused: this.runs.paused,
    };
  }

  private async importWith(
    source: string,
    load: (signal: AbortSignal) => Promise<DataSet>,
  ): Promise<DataSetSummary> {
    if (this.runs.current) throw new Error('stop the run in progress before opening other data');
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
