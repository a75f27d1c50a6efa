/**
 * The Classify view's state: photos the user chose or dropped, each shown
 * with its probabilities, and whole folders classified into a table. Every
 * result keeps the classes of the model that made it, so a model imported
 * later never relabels what is on screen.
 */
import type { Prediction } from '../../../api/contract.ts';
import { Task } from '../state/task.svelte.ts';
import type { RelativeFile } from './droppedFiles.ts';
import { host } from './host.ts';

export interface ClassifiedPhoto extends Prediction {
  /** an object URL of the photo itself, for its card */
  readonly preview: string;
}

const visible = (file: RelativeFile) => !file.path.split('/').some((part) => part.startsWith('.'));

class Classifier {
  photos = $state.raw<ClassifiedPhoto[]>([]);
  /** a folder's predictions, in the order of its files */
  table = $state.raw<Prediction[]>([]);
  tableSource = $state<string | null>(null);
  /** the classes of the model that made the results shown, in its order */
  classes = $state.raw<readonly string[]>([]);
  progress = $state.raw<{ done: number; total: number } | null>(null);
  readonly task = new Task();

  async classifyPhotos(files: readonly File[], classes: readonly string[]): Promise<void> {
    const predictions = await this.predict(files.map((file) => ({ path: file.name, file })));
    if (predictions === null) return;
    for (const photo of this.photos) URL.revokeObjectURL(photo.preview);
    this.classes = classes;
    this.photos = predictions.map((prediction, i) => ({
      ...prediction,
      preview: URL.createObjectURL(files[i]!),
    }));
  }

  async classifyFolder(
    files: readonly RelativeFile[],
    source: string,
    classes: readonly string[],
  ): Promise<void> {
    const images = files.filter(visible).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    this.table = [];
    this.tableSource = source;
    if (images.length === 0) {
      this.task.error = `${source} holds no files to classify`;
      return;
    }
    const predictions = await this.predict(images);
    this.classes = classes;
    this.table = predictions ?? [];
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

export const classifier = new Classifier();
