/** Where a command's images come from: a folder, .h5 files, or the built-in sample data. */
import type { DataSet } from '../data/dataSet.ts';
import type { DecodeOptions } from '../data/decode.ts';
import { importFolder } from '../data/folder.ts';
import { importH5 } from '../data/h5.ts';
import type { Progress } from '../data/pool.ts';
import { generateSampleData } from '../data/sample.ts';
import type { SplitOptions } from '../data/dataSet.ts';
import { UsageError } from './errors.ts';

export interface SourceOptions {
  readonly decode: DecodeOptions;
  readonly split: SplitOptions;
  readonly classes?: readonly string[];
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: Progress) => void;
}

export async function loadSource(sources: readonly string[], options: SourceOptions): Promise<DataSet> {
  if (sources.length === 0) throw new UsageError('give a folder of class folders, .h5 files, or "sample"');
  if (sources.length === 1 && sources[0] === 'sample') {
    return generateSampleData({
      width: options.decode.width,
      height: options.decode.height,
      seed: options.split.seed,
      split: options.split,
    });
  }
  if (sources.every((s) => s.toLowerCase().endsWith('.h5')))
    return importH5(sources, { decode: options.decode });
  if (sources.length > 1) throw new UsageError('give one folder (or several .h5 files)');
  return importFolder(sources[0]!, {
    decode: options.decode,
    split: options.split,
    ...(options.classes ? { classes: options.classes } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}
