import { describe, expect, it } from 'vitest';
import { selfTimes } from '../../bench/hotspots.ts';
import { kindOf } from '../../bench/profile.ts';

describe("the profile's products", () => {
  it("counts a batch's smaller last part with the others of its shape", () => {
    // C[m, n] = A[m, k]·B[n, k]ᵀ: W5's first convolution on 32 and on 17 images
    const full = kindOf('multiplyTransposed', [0, 0, 0, 32 * 4096, 16, 27]);
    const last = kindOf('multiplyTransposed', [0, 0, 0, 17 * 4096, 16, 27]);
    expect(last.key).toBe(full.key);
    expect(full.label).toBe('[131072×27]·[16×27]ᵀ');
    expect(full.flops).toBe(2 * 32 * 4096 * 16 * 27);
    // C[m, n] = A[k, m]ᵀ·B[k, n]: its dJ/dW
    expect(kindOf('multiplyTransposedLeft', [0, 0, 0, 16, 27, 17 * 4096]).key).toBe(
      kindOf('multiplyTransposedLeft', [0, 0, 0, 16, 27, 32 * 4096]).key,
    );
    expect(kindOf('descend', []).key).toBe('updates');
    expect(kindOf('col2imAdd', []).key).toBe('col2im');
  });
});

describe('the main thread by function', () => {
  it("adds up each function's samples (µs) into ms, heaviest first, named with its file, not the profiler's own", () => {
    const frame = (functionName: string, url: string) => ({ functionName, url });
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('im2col', 'file:///w/src/core/layers/conv2d.ts') },
        { id: 2, callFrame: frame('', 'file:///w/src/core/activations.ts') },
        { id: 3, callFrame: frame('(idle)', '') },
        { id: 4, callFrame: frame('im2col', 'file:///w/src/core/layers/conv2d.ts') },
        { id: 5, callFrame: frame('post', 'node:inspector'), children: [6] },
        { id: 6, callFrame: frame('dispatch', '') },
      ],
      samples: [1, 2, 3, 4, 1, 6],
      timeDeltas: [500, 2000, 300, 1000, 1000, 4000],
    };
    expect(selfTimes(profile)).toEqual([
      ['im2col (conv2d.ts)', 2.5],
      ['(anonymous) (activations.ts)', 2],
      ['(idle)', 0.3],
    ]);
  });
});
