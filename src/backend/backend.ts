/**
 * The app's single source of truth behind the contract: the open data set
 * (its files and report; the pixels stay in the trainer), the current model,
 * the runs and their history. Both hosts use it unchanged; it imports nothing
 * from Electron and never computes with a network: the trainer does.
 * Requests that change state are served one at a time, in order.
 */
import path from 'node:path';
import type {
  AppEvent,
  AppState,
  DataSetSummary,
  MethodName,
  ModelSummary,
  ParsedParams,
  Reply,
} from '../api/contract.ts';
import { METHODS, parseParams } from '../api/contract.ts';
import { describeArchitecture } from '../core/architecture.ts';
import { withPixelsAs } from '../core/featureMaps.ts';
import { decodeModel, encodeModel, type Model } from '../core/modelFile.ts';
import { exportOnnx } from '../core/onnxExport.ts';
import { DEFAULT_INPUT } from '../core/runSetup.ts';
import { FileError } from '../data/fileError.ts';
import { loadModel } from '../data/modelFiles.ts';
import { serveDataSetImage, type ServedImage } from './dataSetImages.ts';
import { Engine } from './engine.ts';
import { exportModel, removeInterruptedExports } from './modelExport.ts';
import { NewestFirst } from './newestFirst.ts';
import { OpenDataSet, type DataSource, type ShownAs } from './openDataSet.ts';
import { listImages, splitResults } from './predictions.ts';
import { RunHistory } from './runHistory.ts';
import { Runs } from './runs.ts';
import type { TrainerClient } from './trainerClient.ts';

export interface BackendOptions {
  /** the app's data folder: run history and models */
  readonly dataDir: string;
  readonly trainer: TrainerClient;
  /** train a logistic regression before networks, once per data set and setup, as their reference line, when a request asks (default true; false: never) */
  readonly baseline?: boolean;
}

type Handlers = { [M in MethodName]: (params: ParsedParams<M>) => Promise<Reply<M>> };

/** Requests that change what is open, current or kept: never two at once. */
const SERIAL: ReadonlySet<MethodName> = new Set<MethodName>([
  'openFolder',
  'openClassFolders',
  'openH5',
  'loadSample',
  'setClassOrder',
  'startTraining',
  'startExperiment',
  'clearQueue',
  'stop',
  'renameRun',
  'deleteRun',
  'openRun',
  'importModel',
  'exportModel',
]);

export class Backend {
  private readonly engine: Engine;
  private readonly history: RunHistory;
  private readonly runs: Runs;
  private readonly listeners = new Set<(event: AppEvent) => void>();
  private readonly dataDir: string;
  /** the trainer draws thumbnails two at a time, those asked for last first */
  private readonly drawing = new NewestFirst(2);
  private dataSets = 0;
  /** the end of the line of state-changing requests */
  private serial: Promise<unknown> = Promise.resolve();

  constructor(options: BackendOptions) {
    this.dataDir = options.dataDir;
    void removeInterruptedExports(options.dataDir);
    this.history = new RunHistory(options.dataDir);
    this.engine = new Engine(options.trainer);
    this.runs = new Runs(
      {
        engine: this.engine,
        history: this.history,
        emit: (event) => this.emit(event),
        modelChanged: (model) => this.emit({ type: 'model', model: summarizeModel(model) }),
      },
      options.baseline ?? true,
    );
    options.trainer.onEvent((event) => {
      if (event.type === 'importProgress') {
        const { done, total, rate, secondsLeft } = event;
        this.emit({ type: 'importProgress', done, total, rate, secondsLeft });
      } else if (event.type === 'ready') this.emit({ type: 'kernel', kernel: event.kernel });
      else if (event.type === 'error') this.emit({ type: 'error', message: event.message });
    });
    // Started now, the trainer is ready by the first request (it takes a second or two); a failure
    // to start is met again, and reported, by that request.
    options.trainer.start().catch(() => {});
  }

  onEvent(listener: (event: AppEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Checks a request's params against the contract, then answers it; refusals say why. */
  async request(method: string, params: unknown): Promise<unknown> {
    if (!Object.hasOwn(METHODS, method)) throw new Error(`unknown request "${method}"`);
    const name = method as MethodName;
    const parsed = parseParams(name, params);
    if (typeof parsed === 'string') throw new Error(`${method}: ${parsed}`);
    const handle = () => (this.handlers[name] as (params: unknown) => Promise<unknown>)(parsed);
    return SERIAL.has(name) ? this.inOrder(handle) : handle();
  }

  /**
   * An image of the open data set, for the renderer (see dataSetImages.ts); `gone` aborts when the
   * page no longer wants it, and a drawing not yet begun is then never made.
   */
  image(pathname: string, gone?: AbortSignal): Promise<ServedImage> {
    return serveDataSetImage(this.engine.dataSet, pathname, (split, index, size) =>
      this.drawing.run(async () => {
        await this.engine.withData();
        return (await this.engine.trainer.request({ kind: 'thumbnail', split, index, size })).png;
      }, gone),
    );
  }

  /** A folder the host itself chose (the web host's uploads), opened under the label the user knows it by. */
  openFolderAt(folder: string, label: string): Promise<DataSetSummary> {
    return this.inOrder(() =>
      this.open(
        { kind: 'openFolder', path: folder, input: DEFAULT_INPUT, testFraction: 0.2, seed: 1 },
        label,
        { folder, name: label },
      ),
    );
  }

  /** Photos sent as bytes (from a page), classified by the current model. */
  async classifyBytes(photos: readonly { name: string; bytes: Uint8Array }[]): Promise<Reply<'classify'>> {
    return { predictions: await this.engine.classify([...photos]) };
  }

  /** A model file sent as bytes (from a page): checked like one opened by path. */
  importModelBytes(name: string, bytes: Uint8Array): Promise<Reply<'importModel'>> {
    return this.inOrder(async () => {
      let model: Model;
      try {
        model = decodeModel(bytes);
      } catch (error) {
        throw new FileError(name, `not a usable model: ${(error as Error).message}`);
      }
      return this.importModel(model);
    });
  }

  /** Ends the trainer process, gracefully. */
  close(): Promise<void> {
    return this.engine.trainer.close();
  }

  private inOrder<T>(action: () => Promise<T>): Promise<T> {
    const result = this.serial.then(action, action);
    this.serial = result.catch(() => {});
    return result;
  }

  private readonly handlers: Handlers = {
    state: async () => this.state(),
    openFolder: ({ path: folder, testFraction, seed }) =>
      // the drop zone and the folder field take the course's .h5 files too
      folder.toLowerCase().endsWith('.h5')
        ? this.open({ kind: 'openH5', paths: [folder] }, path.basename(folder))
        : this.open({ kind: 'openFolder', path: folder, input: DEFAULT_INPUT, testFraction, seed }, folder),
    openClassFolders: ({ paths, testFraction, seed }) =>
      this.open(
        { kind: 'openClassFolders', paths, input: DEFAULT_INPUT, testFraction, seed },
        paths.map((folder) => path.basename(folder)).join(', '),
      ),
    openH5: ({ paths }) =>
      this.open({ kind: 'openH5', paths }, paths.map((file) => path.basename(file)).join(', ')),
    loadSample: ({ seed, perClass }) => this.open({ kind: 'loadSample', seed, perClass }, 'sample data'),
    cancelImport: async () => {
      this.engine.trainer.cancelImport();
      return {};
    },
    setClassOrder: async ({ classes }) => {
      if (this.runs.current) throw new Error('the class order cannot change during a run: stop it first');
      const dataSet = this.requireDataSet().withOrder(classes);
      this.engine.reordered(dataSet);
      const summary = dataSet.summary();
      this.emit({ type: 'dataSet', dataSet: summary });
      return summary;
    },
    listImages: async (params) => listImages(this.requireDataSet(), params),
    startTraining: ({ name, setup, baseline }) => this.runs.start(setup, name ?? null, baseline),
    startExperiment: ({ name, runs, baseline }) => this.runs.startExperiment(name, runs, baseline),
    clearQueue: async () => ({ dropped: this.runs.clearQueue() }),
    pause: async () => {
      this.runs.pause();
      return {};
    },
    resume: async () => {
      this.runs.resume();
      return {};
    },
    stop: async () => {
      this.runs.stop();
      return {};
    },
    listRuns: () => this.history.list(),
    renameRun: async ({ id, name }) => ({ run: await this.history.rename(id, name) }),
    deleteRun: async ({ id }) => {
      if (this.runs.current?.id === id) throw new Error('that run is still going: stop it first');
      await this.history.remove(id);
      return {};
    },
    openRun: async ({ id }) => {
      await this.history.record(id);
      const model = await this.history.model(id);
      await this.engine.useModel(model);
      this.emit({ type: 'model', model: summarizeModel(model) });
      return { model: summarizeModel(model) };
    },
    gradientCheck: async ({ setup }) => {
      await this.engine.withData();
      return this.engine.trainer.request({ kind: 'gradientCheck', setup });
    },
    results: async ({ split }) =>
      splitResults(this.requireDataSet(), split, await this.engine.predictSplit(split, null)),
    predictImage: async ({ split, index }) => {
      const { classes, probabilities } = await this.engine.predictSplit(split, index);
      return { classes, probabilities: Array.from(probabilities) };
    },
    featureMaps: async ({ split, index }) => {
      const { epoch, ...maps } = await this.engine.featureMaps(split, index, this.runs.current !== null);
      return { epoch, ...withPixelsAs(maps, (pixels) => Buffer.from(pixels).toString('base64')) };
    },
    classify: async ({ photos }) => ({ predictions: await this.engine.classify(photos) }),
    exportModel: async (target) => ({ path: await exportModel(this.requireModel(), target, this.dataDir) }),
    modelFile: async ({ format }) => {
      const model = this.requireModel();
      const bytes = format === 'onnx' ? exportOnnx(model) : encodeModel(model);
      const base =
        model.info.classes
          .join('-vs-')
          .replace(/[^A-Za-z0-9_-]+/g, '_')
          .slice(0, 60) || 'model';
      return { name: `${base}.${format}`, base64: Buffer.from(bytes).toString('base64') };
    },
    importModel: async ({ path: file }) => this.importModel(await loadModel(file)),
  };

  /** Reads a data set into the trainer; once read, it is the open one. */
  private async open(
    source: DataSource,
    label: string,
    shownAs: ShownAs | null = null,
  ): Promise<DataSetSummary> {
    if (this.runs.current) throw new Error('stop the run in progress before opening other data');
    const index = await this.engine.read(source);
    const dataSet = new OpenDataSet(++this.dataSets, label, source, index, index.classes, shownAs);
    this.engine.opened(dataSet);
    const summary = dataSet.summary();
    this.emit({ type: 'dataSet', dataSet: summary });
    return summary;
  }

  private state(): AppState {
    const model = this.engine.model;
    return {
      dataSet: this.engine.dataSet?.summary() ?? null,
      model: model && summarizeModel(model),
      run: this.runs.current,
      paused: this.runs.paused,
      waiting: this.runs.waiting,
      kernel: this.engine.trainer.kernel,
    };
  }

  private requireDataSet(): OpenDataSet {
    const dataSet = this.engine.dataSet;
    if (dataSet === null)
      throw new Error('no data set is open: open a folder, a .h5 file or the sample data first');
    return dataSet;
  }

  private requireModel(): Model {
    const model = this.engine.model;
    if (model === null) throw new Error('there is no model yet: train one or import a model file');
    return model;
  }

  /** A transaction: the file was read and checked; the trainer runs one inference; only then does the model switch. */
  private async importModel(model: Model): Promise<Reply<'importModel'>> {
    await this.engine.useModel(model);
    const warnings: string[] = [];
    const open = this.engine.dataSet;
    if (open) {
      const { width, height } = model.info.input;
      if (open.index.width !== width || open.index.height !== height) {
        warnings.push(
          `The model takes ${width}×${height} images; the open data set has ${open.index.width}×${open.index.height}.`,
        );
      }
      const same = [...model.info.classes].sort().join('\n') === [...open.classes].sort().join('\n');
      if (!same) {
        warnings.push(
          `The model's classes (${model.info.classes.join(', ')}) differ from the open data set's (${open.classes.join(', ')}).`,
        );
      }
    }
    const summary = summarizeModel(model);
    this.emit({ type: 'model', model: summary });
    return { model: summary, warnings };
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
    setup: model.info.setup,
    datasetHash: model.info.datasetHash,
    createdAt: model.info.createdAt,
  };
}
