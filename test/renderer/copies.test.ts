import { describe, expect, it } from 'vitest';
import type { DataSetImage } from '../../src/api/contract.ts';
import { copiesOf } from '../../src/renderer/src/lib/copies.ts';

const image = (name: string): DataSetImage => {
  const [split, className] = name.split('/') as [DataSetImage['split'], string];
  return { split, index: 0, className, name };
};

describe('the copies the Data view lists', () => {
  it('lists copies leaking from training into another split first, saying what and where each is', () => {
    const copies = copiesOf({
      duplicates: [
        [image('train/cat/a.png'), image('train/cat/a-copy.png')],
        [image('train/cat/b.png'), image('validation/cat/b.png'), image('test/cat/b.png')],
      ],
      nearDuplicates: [
        { first: image('train/dog/c.png'), second: image('test/dog/c.jpg'), difference: 2.14 },
        { first: image('validation/dog/d.png'), second: image('test/dog/d.jpg'), difference: 3 },
      ],
    });
    expect(copies.map((c) => [c.images.map((i) => i.name).join(' '), c.what, c.where])).toEqual([
      [
        'train/cat/b.png validation/cat/b.png test/cat/b.png',
        'identical pixels',
        'in training, validation and test',
      ],
      ['train/dog/c.png test/dog/c.jpg', 're-encoded or resized', 'in training and test'],
      ['train/cat/a.png train/cat/a-copy.png', 'identical pixels', 'within training'],
      ['validation/dog/d.png test/dog/d.jpg', 're-encoded or resized', 'in validation and test'],
    ]);
    expect(copies.map((c) => c.leak)).toEqual([true, true, false, false]);
    expect(copies[1]!.detail).toBe(
      'Their 8×8 thumbnails differ by 2.1 of 255 levels on average: the same picture, re-encoded, resized or slightly recoloured.',
    );
  });
});
