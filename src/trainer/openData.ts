/**
 * The open data set inside the trainer: decoded here, once, and held as
 * bytes; the backend gets only its index (files, labels, counts, warnings).
 */
import type { DataSet, SplitName } from '../data/dataSet.ts';
import { importClassFolders, importFolder } from '../data/folder.ts';
import { importH5 } from '../data/h5.ts';
import type { Progress } from '../data/pool.ts';
import { describeDataSet, thumbnail, trainingSetHash } from '../data/report.ts';
import { generateSampleData } from '../data/sample.ts';
import type { DataSetIndex, TrainerRequest } from './protocol.ts';

export type OpenRequest = Extract<
  TrainerRequest,
  { kind: 'openFolder' | 'openClassFolders' | 'openH5' | 'loadSample' }
>;

/** Reads the data set a request names; `onProgress` hears about folders being decoded. */
export function readDataSet(
  request: OpenRequest,
  signal: AbortSignal,
  onProgress: (progress: Progress) => void,
): Promise<DataSet> {
  switch (request.kind) {
    case 'openFolder':
    case 'openClassFolders': {
      const options = {
        decode: request.input,
        split: { testFraction: request.testFraction, validationFraction: 0, seed: request.seed },
        signal,
        onProgress,
      };
      return request.kind === 'openFolder'
        ? importFolder(request.path, options)
        : importClassFolders(request.paths, options);
    }
    case 'openH5':
      return importH5(request.paths);
    case 'loadSample':
      return generateSampleData({ seed: request.seed, perClass: request.perClass });
  }
}

export class OpenData {
  readonly hash: string;

  constructor(readonly dataSet: DataSet) {
    this.hash = trainingSetHash(dataSet);
  }

  /** Everything about the data set but its pixels. */
  index(): DataSetIndex {
    const { dataSet } = this;
    const report = describeDataSet(dataSet);
    const split = (name: SplitName) => {
      const images = dataSet[name];
      return images && { files: [...images.files], labels: Array.from(images.labels) };
    };
    return {
      classes: [...dataSet.classes],
      width: dataSet.width,
      height: dataSet.height,
      splitBy: dataSet.splitBy,
      splits: { train: split('train'), validation: split('validation'), test: split('test') },
      counts: report.counts.map((c) => ({ ...c })),
      warnings: [...report.warnings],
      skipped: dataSet.skipped.map((s) => ({ ...s })),
      duplicates: report.duplicates.map((d) => [...d.copies]),
      nearDuplicates: [...report.nearDuplicates],
      hash: this.hash,
      folder: dataSet.folder ?? null,
    };
  }

  /** A PNG of one image at `size` pixels a side at most (its own size for the large view). */
  async thumbnail(split: SplitName, index: number, size: number): Promise<Uint8Array> {
    return new Uint8Array(await thumbnail(this.dataSet, split, index, size));
  }
}
