/**
 * The renderer's state of the session: what the host has told it about the
 * data set, the run and the model, kept in one place and updated from events.
 */
import type {
  AppEvent,
  DataSetSummary,
  EpochPoint,
  Finding,
  ModelSummary,
  RunRecord,
  TrainingSetup,
} from '../../../api/contract.ts';
import { percent } from './format.ts';
import { whisker } from './api.ts';
import { exportModelAsking } from './exportModel.ts';
import { fileToBase64 } from './base64.ts';
import { commonTop, type RelativeFile } from './droppedFiles.ts';

export const VIEWS = ['data', 'images', 'train', 'inside', 'lab', 'results', 'classify', 'model'] as const;
export type View = (typeof VIEWS)[number];

class Session {
  view = $state<View>('data');
  /** set when the user switched views, so the new view's heading takes the focus */
  focusView = $state(false);
  /** under Electron folders are opened with the native dialog (File menu) */
  readonly electron = typeof window !== 'undefined' && window.whisker !== undefined;
  dataSet = $state.raw<DataSetSummary | null>(null);
  model = $state.raw<ModelSummary | null>(null);
  runId = $state<string | null>(null);
  /** the run being trained or last trained */
  run = $state.raw<RunRecord | null>(null);
  /** runs queued behind the current one */
  waiting = $state(0);
  /** the logistic regression's curve on this data set: every network's reference line */
  baselineCurve = $state.raw<EpochPoint[] | null>(null);
  /** the latest look inside the network, and what the diagnostics make of the run */
  inspection = $state.raw<Extract<AppEvent, { type: 'inspection' }> | null>(null);
  findings = $state.raw<Finding[]>([]);
  /** counts finished runs, so that views listing runs know to ask again */
  runsEnded = $state(0);
  /** called when no run is going any more */
  private idleWaiters: (() => void)[] = [];
  paused = $state(false);
  epochs = $state(0);
  /** epoch points of the current or last run, replaced, not mutated */
  curve = $state.raw<EpochPoint[]>([]);
  lastBatch = $state.raw<{ epoch: number; batch: number; batchesPerEpoch: number; loss: number } | null>(
    null,
  );
  /** when the run's recent epochs ended (performance.now()), for the time left */
  epochEnds = $state.raw<number[]>([]);
  examplesPerSecond = $state(0);
  /** batch losses as they arrive (about 20 a second at most), x = epochs done */
  batchPoints = $state.raw<{ x: number; loss: number }[]>([]);
  /** the first training images, to show what was read */
  preview = $state.raw<{ index: number; file: string; label: number }[]>([]);
  busy = $state<string | null>(null);
  /** images read so far while a folder is being imported */
  importProgress = $state.raw<{
    done: number;
    total: number;
    rate: number;
    secondsLeft: number | null;
  } | null>(null);
  error = $state<string | null>(null);
  message = $state<string | null>(null);

  connect(): void {
    whisker().onEvent((event) => this.apply(event));
    void this.act('Connecting', async () => {
      const state = await whisker().request('state');
      this.dataSet = state.dataSet;
      this.model = state.model;
      // a page opened during a run picks it up where it is
      if (state.run) {
        this.runId = state.run.id;
        this.run = state.run;
        this.curve = state.run.curve;
        this.epochs = state.run.setup.epochs;
        this.paused = state.paused;
      }
      if (state.dataSet) await this.loadPreview();
    });
  }

  private async loadPreview(): Promise<void> {
    this.preview = (await whisker().request('listImages', { split: 'train', offset: 0, limit: 12 })).items;
  }

  private apply(event: AppEvent): void {
    switch (event.type) {
      case 'dataSet':
        this.dataSet = event.dataSet;
        this.baselineCurve = null;
        void this.loadPreview();
        return;
      case 'model':
        this.model = event.model;
        return;
      case 'batch':
        this.lastBatch = event;
        this.batchPoints = [
          ...this.batchPoints,
          { x: event.epoch - 1 + event.batch / event.batchesPerEpoch, loss: event.loss },
        ];
        return;
      case 'epoch':
        if (event.runId !== this.runId) return;
        this.epochs = event.epochs;
        this.curve = [...this.curve, event.point];
        this.epochEnds = [...this.epochEnds.slice(-19), performance.now()];
        this.examplesPerSecond = event.examplesPerSecond;
        if (this.run?.baseline) this.baselineCurve = this.curve;
        return;
      case 'runStarted':
        this.runId = event.run.id;
        this.run = event.run;
        this.waiting = event.waiting;
        this.epochs = event.run.setup.epochs;
        this.curve = [];
        this.epochEnds = [];
        this.examplesPerSecond = 0;
        this.batchPoints = [];
        this.lastBatch = null;
        this.inspection = null;
        this.findings = [];
        this.paused = false;
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
        return;
      case 'runFinished':
      case 'runFailed':
        if (event.run.id !== this.runId) return;
        this.runId = null;
        this.run = event.run;
        this.paused = false;
        this.findings = event.run.findings ?? this.findings;
        this.runsEnded += 1;
        if (this.waiting === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
        this.message = event.type === 'runFinished' ? finishedMessage(event.run) : null;
        if (event.type === 'runFailed') this.error = event.run.explanation;
        return;
      case 'error':
        this.error = event.message;
        return;
      case 'importProgress':
        this.importProgress = event;
        return;
    }
  }

  /** The user's own switch to another view: the views that need data stay closed without it. */
  switchTo(view: View): void {
    if (view !== 'data' && this.dataSet === null) return;
    this.view = view;
    this.focusView = true;
  }

  /** Runs an action, showing that it is busy and what went wrong, if anything. */
  async act(label: string, action: () => Promise<void>): Promise<void> {
    this.busy = label;
    this.error = null;
    try {
      await action();
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.busy = null;
    }
  }

  loadSample(): Promise<void> {
    return this.act('Drawing the sample data', async () => {
      this.dataSet = await whisker().request('loadSample', {});
    });
  }

  openFolder(path: string): Promise<void> {
    return this.act('Reading the images', async () => {
      try {
        this.dataSet = await whisker().request('openFolder', { path });
      } finally {
        this.importProgress = null;
      }
    });
  }

  cancelImport = () => whisker().request('cancelImport');

  startTraining(setup: TrainingSetup): Promise<void> {
    return this.act('Starting', async () => {
      this.message = null;
      await whisker().request('startTraining', setup);
    });
  }

  /** A new run with other settings: the one going, and any waiting, are stopped first. */
  restartWith(setup: TrainingSetup): Promise<void> {
    return this.act('Starting again', async () => {
      if (this.runId !== null) {
        const idle = new Promise<void>((resolve) => this.idleWaiters.push(resolve));
        await this.stop();
        await idle;
      }
      this.message = null;
      await whisker().request('startTraining', setup);
    });
  }

  /** Runs that differ in some settings, one after another; the Lab view overlays them. */
  startExperiment(name: string, runs: { name?: string | undefined; setup: TrainingSetup }[]): Promise<void> {
    return this.act('Queueing the experiment', async () => {
      this.message = null;
      await whisker().request('startExperiment', { name, runs });
    });
  }

  /** Ctrl/Cmd+Enter: start when idle, pause when running, resume when paused. */
  toggleTraining(start: () => Promise<void>): Promise<unknown> {
    if (this.runId === null) return start();
    return this.paused ? this.resume() : this.pause();
  }

  pause = () => whisker().request('pause');
  resume = () => whisker().request('resume');
  stop = () => whisker().request('stop');
  /** The runs waiting are dropped; the one going goes on. */
  clearQueue = async () => {
    await whisker().request('clearQueue');
    this.waiting = 0;
  };

  /** A folder dropped into (or chosen in) a browser page: sent to the web host, then opened. */
  uploadFolder(files: readonly RelativeFile[]): Promise<void> {
    return this.act('Sending the images', async () => {
      if (files.length === 0)
        throw new Error('nothing to open: drop a folder that holds one sub-folder per class');
      const api = whisker();
      const { uploadId } = await api.request('uploadBegin', {});
      for (const [i, { path, file }] of files.entries()) {
        this.busy = `Sending the images (${i + 1} of ${files.length})`;
        await api.request('uploadFile', {
          uploadId,
          path,
          base64: await fileToBase64(file),
        });
      }
      this.busy = 'Reading the images';
      this.dataSet = await api.request('uploadOpen', { uploadId, top: commonTop(files) });
    });
  }

  /** Files dropped into the Electron window: main opens them by path. */
  openDropped(files: readonly File[]): Promise<void> {
    return this.act('Reading the images', async () => {
      const paths = await window.whisker!.dropped!([...files]);
      if (paths.length === 0)
        throw new Error('nothing to open: drop a folder that holds one sub-folder per class');
      this.dataSet = paths.every((p) => p.toLowerCase().endsWith('.h5'))
        ? await whisker().request('openH5', { paths })
        : await whisker().request('openFolder', { path: paths[0]! });
    });
  }

  exportModel(path: string, format: 'safetensors' | 'onnx'): Promise<void> {
    return this.act('Exporting', async () => {
      const written = await exportModelAsking(
        (method, params) => whisker().request(method, params),
        path,
        format,
      );
      if (written !== null) this.message = `Model written to ${written}`;
    });
  }

  importModel(path: string): Promise<void> {
    return this.act('Importing', async () => {
      const { model, warnings } = await whisker().request('importModel', { path });
      this.model = model;
      this.message = ['Model imported.', ...warnings].join(' ');
    });
  }
}

function finishedMessage(run: RunRecord): string {
  if (!run.baseline || run.status !== 'completed') return `Run ${run.status}.`;
  const accuracy = run.curve.at(-1)?.validationAccuracy ?? null;
  return `Baseline trained: logistic regression reaches ${percent(accuracy)} validation accuracy, the line every network is compared with.`;
}

export const session = new Session();
