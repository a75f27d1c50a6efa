import { describe, expect, it } from 'vitest';
import { parseParams } from '../../src/api/contract.ts';
import { MAX_IMAGES } from '../../src/core/examples.ts';

describe('the contract checks which image a request names', () => {
  it.each(['featureMaps', 'predictImage'] as const)(
    '%s takes a split and a whole index below the largest data set',
    (method) => {
      expect(parseParams(method, { split: 'test', index: 3 })).toEqual({ split: 'test', index: 3 });
      expect(parseParams(method, { split: 'train', index: MAX_IMAGES - 1 })).toEqual({
        split: 'train',
        index: MAX_IMAGES - 1,
      });
      for (const index of [-1, 2.5, MAX_IMAGES, Number.MAX_SAFE_INTEGER, '3', null])
        expect(parseParams(method, { split: 'train', index })).toMatch(/^index: /);
      expect(parseParams(method, { split: 'everything', index: 0 })).toMatch(/^split: /);
      expect(parseParams(method, { split: 'train' })).toMatch(/^index: /);
    },
  );
});
