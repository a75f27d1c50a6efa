/**
 * The Classify view's state: each set of photos or folder the user classified,
 * newest first. Every set keeps the classes of the model that made it, so a
 * model imported later never relabels what is on screen.
 */
import type { ModelSummary, Prediction } from '../../../api/contract.ts';
import { Task } from '../state/task.svelte.ts';
import type { RelativeFile } from './droppedFiles.ts';
import { host } from './host.ts';

export interface ClassifiedPhoto extends Prediction {
  /** an object URL of the photo itself, for its card */
  readonly preview: string;
}

/** Photos shown as cards, or a folder shown as a table. */
export type Classified =
  | {
      readonly id: number;
      readonly kind: 'photos';
      readonly classes: readonly string[];
      readonly photos: ClassifiedPhoto[];
    }
  | {
      readonly id: number;
      readonly kind: 'folder';
      readonly classes: readonly string[];
      readonly source: string;
      readonly rows: Prediction[];
    };

const visible = (file: RelativeFile) => !file.path.split('/').some((part) => part.startsWith('.'));
const byPath = (a: RelativeFile, b: RelativeFile) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

class Classifier {
  /** newest first */
  results = $state.raw<Classified[]>([]);
  progress = $state.raw<{ done: number; total: number } | null>(null);
  readonly task = new Task();
  private nextId = 1;

  async classifyPhotos(files: readonly File[], model: ModelSummary): Promise<void> {
    const predictions = await this.predict(files.map((file) => ({ path: file.name, file })));
    if (predictions === null) return;
    const photos = predictions.map((prediction, i) => ({
      ...prediction,
      preview: URL.createObjectURL(files[i]!),
    }));
    this.add({ id: this.nextId++, kind: 'photos', classes: model.classes, photos });
  }

  async classifyFolder(files: readonly RelativeFile[], source: string, model: ModelSummary): Promise<void> {
    const images = files.filter(visible).sort(byPath);
    if (images.length === 0) {
      this.task.error = `${source} holds no files to classify.`;
      return;
    }
    const rows = await this.predict(images);
    if (rows !== null) this.add({ id: this.nextId++, kind: 'folder', classes: model.classes, source, rows });
  }

  /** Removes one set of results, or every one. */
  clear(id?: number): void {
    const [gone, kept] = partition(this.results, (r) => id === undefined || r.id === id);
    for (const result of gone)
      if (result.kind === 'photos') for (const p of result.photos) URL.revokeObjectURL(p.preview);
    this.results = kept;
    this.task.error = null;
  }

  private add(result: Classified): void {
    this.results = [result, ...this.results];
  }

  /** Predictions for the files, in order, named by their relative paths. */
  private predict(files: readonly RelativeFile[]): Promise<Prediction[] | null> {
    this.progress = { done: 0, total: files.length };
    return this.task
      .run('Classifying', () =>
        host().classifyFiles(files, (done) => (this.progress = { done, total: files.length })),
      )
      .finally(() => (this.progress = null));
  }
}

function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}

export const classifier = new Classifier();
