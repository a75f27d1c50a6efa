/**
 * The Classify view's state: photos the user chose or dropped, each shown
 * with its probabilities, and whole folders classified into a table. Under
 * Electron the files are classified by path (main grants what was chosen);
 * in a browser their bytes are sent to the host in small batches.
 */
import type { Prediction } from '../../../api/contract.ts';
import { whisker } from './api.ts';
import { fileToBase64 } from './base64.ts';
import type { RelativeFile } from './droppedFiles.ts';

export interface ClassifiedPhoto extends Prediction {
  /** an object URL of the photo itself, for its card */
  readonly preview: string;
}

/** Sent to the host at most this many files, or about this many bytes, at a time. */
const BATCH_FILES = 25;
const BATCH_BYTES = 16 * 1024 * 1024;

function batches(files: readonly RelativeFile[]): RelativeFile[][] {
  const out: RelativeFile[][] = [];
  let current: RelativeFile[] = [];
  let bytes = 0;
  for (const file of files) {
    if (current.length === BATCH_FILES || (current.length > 0 && bytes + file.file.size > BATCH_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += file.file.size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

const visible = (file: RelativeFile) => !file.path.split('/').some((part) => part.startsWith('.'));

class Classifier {
  photos = $state.raw<ClassifiedPhoto[]>([]);
  /** a folder's predictions, in the order of its files */
  table = $state.raw<Prediction[]>([]);
  tableSource = $state<string | null>(null);
  progress = $state.raw<{ done: number; total: number } | null>(null);
  problem = $state<string | null>(null);

  async classifyPhotos(files: readonly File[]): Promise<void> {
    const predictions = await this.guard(() =>
      this.predict(files.map((file) => ({ path: file.name, file }))),
    );
    if (predictions === null) return;
    for (const photo of this.photos) URL.revokeObjectURL(photo.preview);
    this.photos = predictions.map((prediction, i) => ({
      ...prediction,
      preview: URL.createObjectURL(files[i]!),
    }));
  }

  async classifyFolder(files: readonly RelativeFile[], source: string): Promise<void> {
    const images = files.filter(visible).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    this.table = [];
    this.tableSource = source;
    const predictions = await this.guard(async () => {
      if (images.length === 0) throw new Error(`${source} holds no files to classify`);
      return this.predict(images, (done) => {
        this.progress = { done, total: images.length };
      });
    });
    this.table = predictions ?? [];
  }

  private async guard<T>(action: () => Promise<T>): Promise<T | null> {
    this.problem = null;
    try {
      return await action();
    } catch (error) {
      this.problem = (error as Error).message;
      return null;
    } finally {
      this.progress = null;
    }
  }

  /** Predictions for the files, in order, named by their relative paths. */
  private async predict(
    files: readonly RelativeFile[],
    onProgress: (done: number) => void = () => {},
  ): Promise<Prediction[]> {
    const api = whisker();
    const out: Prediction[] = [];
    for (const batch of batches(files)) {
      if (api.dropped) {
        const paths = await api.dropped(batch.map((f) => f.file));
        out.push(...(await api.request('classify', { paths })).predictions);
        onProgress(out.length);
        continue;
      }
      const reply = await api.request('classifyUploads', {
        files: await Promise.all(
          batch.map(async ({ path, file }) => ({
            name: path.slice(-255),
            base64: await fileToBase64(file),
          })),
        ),
      });
      out.push(...reply.predictions.map((p, i) => ({ ...p, file: batch[i]!.path })));
      onProgress(out.length);
    }
    return out;
  }
}

export const classifier = new Classifier();
