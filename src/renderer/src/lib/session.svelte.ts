/**
 * The renderer's state of the session: what the host has told it about the
 * data set, the run and the model, kept in one place and updated from events.
 */
import type {
  AppEvent,
  DataSetSummary,
  EpochPoint,
  ModelSummary,
  TrainingSetup,
} from '../../../api/contract.ts';
import { whisker } from './api.ts';
import { fileToBase64 } from './base64.ts';
import { commonTop, type RelativeFile } from './droppedFiles.ts';

export const VIEWS = ['data', 'images', 'train', 'results', 'classify', 'model'] as const;
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
  paused = $state(false);
  epochs = $state(0);
  /** epoch points of the current or last run, replaced, not mutated */
  curve = $state.raw<EpochPoint[]>([]);
  lastBatch = $state.raw<{ epoch: number; batch: number; batchesPerEpoch: number; loss: number } | null>(
    null,
  );
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
        this.epochs = event.epochs;
        this.curve = [...this.curve, event.point];
        return;
      case 'paused':
      case 'resumed':
        this.paused = event.type === 'paused';
        return;
      case 'runFinished':
      case 'runFailed':
        this.runId = null;
        this.paused = false;
        this.message = event.type === 'runFinished' ? `Run ${event.run.status}.` : null;
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
      this.curve = [];
      this.lastBatch = null;
      this.batchPoints = [];
      this.epochs = setup.epochs;
      this.message = null;
      this.runId = (await whisker().request('startTraining', setup)).runId;
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
      const written = await whisker().request('exportModel', { path, format });
      this.message = `Model written to ${written.path}`;
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

export const session = new Session();
