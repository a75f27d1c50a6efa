/**
 * The app shell's state: which view is shown, the open data set, the current
 * model, how the trainer computes, and the messages for the user. It hears
 * every event from the host and hands the run's events to the run monitor.
 */
import type { AppEvent, DataSetSummary, KernelInfo, ModelSummary, Reply } from '../../../api/contract.ts';
import { host } from '../lib/host.ts';
import { notices } from './notices.svelte.ts';
import { runMonitor } from './runMonitor.svelte.ts';
import { Task } from './task.svelte.ts';

export const VIEWS = ['data', 'images', 'train', 'inside', 'lab', 'results', 'classify', 'model'] as const;
export type View = (typeof VIEWS)[number];

export type Split = 'train' | 'validation' | 'test';

/** Views that work without a data set: a model can be opened, and photos classified, on their own. */
const OPEN_WITHOUT_DATA: ReadonlySet<View> = new Set<View>(['data', 'classify', 'model']);

class App {
  view = $state<View>('data');
  /** set when the user switched views, so the new view's heading takes the focus */
  focusView = $state(false);
  dataSet = $state.raw<DataSetSummary | null>(null);
  model = $state.raw<ModelSummary | null>(null);
  kernel = $state.raw<KernelInfo | null>(null);
  /** the first training images, to show what was read */
  preview = $state.raw<{ index: number; file: string; label: number }[]>([]);
  /** images read so far while a folder is being imported */
  importProgress = $state.raw<{
    done: number;
    total: number;
    rate: number;
    secondsLeft: number | null;
  } | null>(null);
  /** files sent so far while a folder goes from the page to the host */
  sending = $state.raw<{ done: number; total: number } | null>(null);
  readonly task = new Task('app');

  /** Listens to the host and asks it how things stand. */
  connect(): void {
    host().onEvent((event) => this.apply(event));
    void this.task.run('Connecting', async () => {
      const state = await host().request('state');
      this.dataSet = state.dataSet;
      this.model = state.model;
      this.kernel = state.kernel;
      runMonitor.resumeFrom(state);
      if (state.dataSet) await this.loadPreview();
    });
  }

  private apply(event: AppEvent): void {
    runMonitor.apply(event);
    switch (event.type) {
      case 'dataSet':
        this.dataSet = event.dataSet;
        void this.loadPreview();
        return;
      case 'model':
        this.model = event.model;
        return;
      case 'kernel':
        this.kernel = event.kernel;
        return;
      case 'importProgress':
        this.importProgress = event;
        return;
      case 'error':
        notices.fail(event.message, 'host');
        return;
      default:
        return;
    }
  }

  private async loadPreview(): Promise<void> {
    this.preview = (await host().request('listImages', { split: 'train', offset: 0, limit: 12 })).items;
  }

  /** Why a view cannot open now, in a sentence; null when it can. */
  closedBecause(view: View): string | null {
    if (OPEN_WITHOUT_DATA.has(view) || this.dataSet !== null) return null;
    return 'Open a data set first, in the Data view';
  }

  /** The user's own switch to another view: the views that need data stay closed without it. */
  switchTo(view: View): void {
    if (this.closedBecause(view) !== null) return;
    this.view = view;
    this.focusView = true;
  }

  /** Reads a data set, showing what is happening, and makes it the open one. */
  private open(label: string, read: () => Promise<DataSetSummary | null>): Promise<unknown> {
    return this.task.run(label, async () => {
      try {
        const summary = await read();
        if (summary) this.dataSet = summary;
      } finally {
        this.importProgress = null;
        this.sending = null;
      }
    });
  }

  loadSample = () => this.open('Drawing the sample data', () => host().request('loadSample', {}));
  openFolder = (path: string) =>
    this.open('Reading the images', () => host().request('openFolder', { path }));
  openDrop = (transfer: DataTransfer) =>
    this.open('Reading the images', () =>
      host().openDrop(transfer, (done, total) => (this.sending = { done, total })),
    );
  openChosenFolder = (files: FileList) =>
    this.open('Reading the images', () =>
      host().openChosenFolder(files, (done, total) => (this.sending = { done, total })),
    );
  /** Main's own folder dialog (Electron); a browser has its picker instead. */
  chooseFolder = () => this.open('Reading the images', () => host().chooseFolder!());
  get canChooseFolders(): boolean {
    return host().chooseFolder !== null;
  }
  cancelImport = () => host().request('cancelImport');

  setClassOrder(classes: string[]): Promise<unknown> {
    return this.task.run('Ordering the classes', async () => {
      this.dataSet = await host().request('setClassOrder', { classes });
    });
  }

  /** The folders inside a folder, for the page's own picker (a browser). */
  browse(path: string) {
    return host().browse!(path);
  }

  /** The data set's images, a page at a time, filtered by split, class and file name. */
  listImages(params: {
    split: Split;
    offset: number;
    limit: number;
    classIndex: number | null;
    search: string;
  }) {
    return host().request('listImages', params);
  }

  /** The current model's probabilities for every image of a split. */
  results(split: Split): Promise<Reply<'results'>> {
    return host().request('results', { split });
  }

  predictImage(split: Split, index: number): Promise<Reply<'predictImage'>> {
    return host().request('predictImage', { split, index });
  }

  importModel(file: File): Promise<unknown> {
    return this.task.run('Importing', async () => {
      const { model, warnings } = await host().importModel(file);
      this.model = model;
      notices.confirm(['Model imported.', ...warnings].join(' '), 'model');
    });
  }

  saveModel(format: 'safetensors' | 'onnx'): Promise<unknown> {
    return this.task.run('Exporting', async () => {
      const saved = await host().saveModel(format);
      if (saved) notices.confirm(`Model saved as ${saved}.`, 'model');
    });
  }
}

export const app = new App();
