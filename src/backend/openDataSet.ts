/**
 * The open data set as the backend knows it: where it came from (so that a
 * new trainer can read it again), its index (files, labels, counts; the
 * pixels stay in the trainer), and the user's order of its classes.
 */
import type { DataSetSummary } from '../api/contract.ts';
import path from 'node:path';
import { isClassOrderOf, labelMap } from '../core/classOrder.ts';
import type { SplitName } from '../data/dataSet.ts';
import type { DataSetIndex, TrainerRequest } from '../trainer/protocol.ts';

/** The request that reads it: replayed when a new trainer process needs the data again. */
export type DataSource = Extract<
  TrainerRequest,
  { kind: 'openFolder' | 'openClassFolders' | 'openH5' | 'loadSample' }
>;

/**
 * Where the host itself put the files (the web host's upload folder): names below `folder` are
 * shown as `name/…`, the names the user knows them by, never as the host's temporary paths.
 */
export interface ShownAs {
  readonly folder: string;
  readonly name: string;
}

export class OpenDataSet {
  /** for each of the index's labels, its place in the user's order */
  private readonly toOrder: Uint16Array;

  constructor(
    /** a new number for every data set opened */
    readonly id: number,
    /** what the user is shown as its name */
    readonly label: string,
    readonly source: DataSource,
    readonly index: DataSetIndex,
    /** the classes in the user's label order */
    readonly classes: readonly string[] = index.classes,
    readonly shownAs: ShownAs | null = null,
  ) {
    this.toOrder = labelMap(index.classes, classes);
  }

  /** The same data with the classes in another order. */
  withOrder(classes: readonly string[]): OpenDataSet {
    if (!isClassOrderOf(classes, this.index.classes))
      throw new Error(`the classes to order are ${this.index.classes.join(', ')}; got ${classes.join(', ')}`);
    return new OpenDataSet(this.id, this.label, this.source, this.index, classes, this.shownAs);
  }

  summary(): DataSetSummary {
    const { index } = this;
    const counts = this.classes.map((name) => index.counts.find((c) => c.name === name)!);
    return {
      id: this.id,
      source: this.label,
      classes: [...this.classes],
      width: index.width,
      height: index.height,
      input:
        this.source.kind === 'openFolder' || this.source.kind === 'openClassFolders'
          ? { ...this.source.input }
          : { width: index.width, height: index.height, fit: 'stretch' },
      splitBy: index.splitBy,
      counts: counts.map((c) => ({ ...c })),
      warnings: [...index.warnings],
      skipped: index.skipped.map((s) => ({ ...s, file: this.shown(s.file) })),
      duplicates: index.duplicates.map((group) => group.map((image) => ({ ...image }))),
      nearDuplicates: index.nearDuplicates.map((pair) => ({ ...pair })),
    };
  }

  /** The images of a split as (file as the user knows it, label in the user's order). */
  images(split: SplitName): { files: readonly string[]; labels: number[] } | null {
    const images = this.index.splits[split];
    return (
      images && {
        files: this.shownAs ? images.files.map((file) => this.shown(file)) : images.files,
        labels: images.labels.map((label) => this.toOrder[label]!),
      }
    );
  }

  /** A file's name as the user knows it. */
  shown(file: string): string {
    if (this.shownAs === null) return file;
    const relative = path.relative(this.shownAs.folder, file);
    return relative.startsWith('..') || path.isAbsolute(relative)
      ? file
      : path.join(this.shownAs.name, relative);
  }

  file(split: SplitName, index: number): string | null {
    return this.index.splits[split]?.files[index] ?? null;
  }
}
