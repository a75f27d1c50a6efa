/**
 * The copies the data checks found, as the Data view lists them: each exact
 * duplicate group and each near-duplicate pair, with what it is and where it
 * lies, to be opened side by side.
 */
import type { DataSetImage, DataSetSummary } from '../../../api/contract.ts';

export interface Copies {
  /** the images of one picture, training first */
  readonly images: readonly DataSetImage[];
  /** "identical pixels", "re-encoded or resized" */
  readonly what: string;
  /** how alike they are, in a sentence */
  readonly detail: string;
  /** "in training and test", "within training" */
  readonly where: string;
  /** a copy in the test or validation split of an image used in training */
  readonly leak: boolean;
}

const SPLIT_WORDS = { train: 'training', validation: 'validation', test: 'test' } as const;

function whereOf(images: readonly DataSetImage[]): Pick<Copies, 'where' | 'leak'> {
  const splits = [...new Set(images.map((image) => image.split))];
  const words = splits.map((split) => SPLIT_WORDS[split]);
  return {
    where:
      splits.length === 1 ? `within ${words[0]}` : `in ${words.slice(0, -1).join(', ')} and ${words.at(-1)}`,
    leak: splits.length > 1 && splits.includes('train'),
  };
}

/** Copies that leak from training into another split first, then the rest; exact before near within each. */
export function copiesOf(dataSet: Pick<DataSetSummary, 'duplicates' | 'nearDuplicates'>): Copies[] {
  const identical = dataSet.duplicates.map((images) => ({
    images,
    what: 'identical pixels',
    detail: 'Their decoded pixels are identical.',
    ...whereOf(images),
  }));
  const near = dataSet.nearDuplicates.map(({ first, second, difference }) => ({
    images: [first, second],
    what: 're-encoded or resized',
    detail:
      `Their 8×8 thumbnails differ by ${difference.toFixed(1)} of 255 levels on average: ` +
      'the same picture, re-encoded, resized or slightly recoloured.',
    ...whereOf([first, second]),
  }));
  const all = [...identical, ...near];
  return [...all.filter((c) => c.leak), ...all.filter((c) => !c.leak)];
}
