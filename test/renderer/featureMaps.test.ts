import { render, screen, within } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import type { DataSetSummary, ImageMaps, ModelSummary } from '../../src/api/contract.ts';
import { featureMaps, withPixelsAs } from '../../src/core/featureMaps.ts';
import { INITIALIZERS } from '../../src/core/initializers.ts';
import { referenceKernel } from '../../src/core/kernels/kernel.ts';
import { Network } from '../../src/core/network.ts';
import { Random } from '../../src/core/random.ts';
import FeatureMaps from '../../src/renderer/src/components/FeatureMaps.svelte';
import { toBase64 } from '../../src/renderer/src/lib/base64.ts';
import {
  filterPictures,
  magnification,
  mapPictures,
  mapRows,
  type LayerMaps,
} from '../../src/renderer/src/lib/layerPictures.ts';
import { app } from '../../src/renderer/src/state/app.svelte.ts';

const base64 = (bytes: number[]) => toBase64(Uint8Array.from(bytes));

/** A small CNN's real pictures of an 8×8 image: conv 3×3×2 same → max pool 2×2 → batch norm → flatten → 2 softmax. */
function cnnMaps(): ImageMaps {
  const network = new Network(
    {
      inputSize: 192,
      inputShape: { height: 8, width: 8, channels: 3 },
      layers: [
        { type: 'conv2d', filters: 2, kernel: 3, stride: 1, padding: 'same', activation: 'relu' },
        { type: 'maxPool', size: 2, stride: 2 },
        { type: 'batchNorm' },
        { type: 'flatten' },
        { units: 2, activation: 'softmax' },
      ],
      loss: 'softmaxCrossEntropy',
    },
    referenceKernel(Float64Array),
  );
  network.initialize(INITIALIZERS.he, new Random(1));
  const random = new Random(2);
  const maps = featureMaps(
    network,
    Float64Array.from({ length: 192 }, () => random.uniform()),
  );
  return { epoch: null, ...withPixelsAs(maps, toBase64) };
}

describe('the pictures of a network’s filters and maps', () => {
  it('draws each map in grey, one picture per channel', () => {
    const [first, second] = mapPictures({
      count: 2,
      height: 1,
      width: 2,
      step: 1,
      pixels: base64([0, 255, 7, 9]),
      low: [0, 0],
      high: [1, 1],
    });
    expect(first).toMatchObject({ width: 2, height: 1 });
    expect([...first!.rgba]).toEqual([0, 0, 0, 255, 255, 255, 255, 255]);
    expect([...second!.rgba]).toEqual([7, 7, 7, 255, 9, 9, 9, 255]);
  });

  it('draws a filter that reads the image in colour', () => {
    const [filter] = filterPictures({
      count: 1,
      side: 1,
      channels: 3,
      rgb: true,
      pixels: base64([10, 20, 30]),
      largest: [1],
    });
    expect(filter).toMatchObject({ width: 1, height: 1 });
    expect([...filter!.rgba]).toEqual([10, 20, 30, 255]);
  });

  it('draws a deeper filter as its slices in a near-square grid, a transparent pixel between them', () => {
    // one 2×2 filter over 3 maps, HWC: value (y, x, c) = 10·(y·2 + x) + c
    const values = [0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32];
    const [filter] = filterPictures({
      count: 1,
      side: 2,
      channels: 3,
      rgb: false,
      pixels: base64(values),
      largest: [1],
    });
    // 3 slices: 2 columns, 2 rows of 2×2 with a 1-pixel gap: 5×5
    expect(filter).toMatchObject({ width: 5, height: 5 });
    const at = (x: number, y: number) => [...filter!.rgba.subarray((y * 5 + x) * 4, (y * 5 + x) * 4 + 4)];
    expect(at(0, 0)).toEqual([0, 0, 0, 255]); // slice 0, top left
    expect(at(1, 1)).toEqual([30, 30, 30, 255]); // slice 0, bottom right
    expect(at(3, 0)).toEqual([1, 1, 1, 255]); // slice 1, top left
    expect(at(4, 1)).toEqual([31, 31, 31, 255]);
    expect(at(0, 3)).toEqual([2, 2, 2, 255]); // slice 2, second row
    expect(at(2, 0)).toEqual([0, 0, 0, 0]); // the gap
    expect(at(3, 3)).toEqual([0, 0, 0, 0]); // no fourth slice
  });

  it('puts a pooling beside the maps it pooled, and nowhere else', () => {
    const layer = (n: number, pooled: number | null) => ({ layer: n, pooled }) as unknown as LayerMaps;
    const rows = mapRows([
      layer(1, null),
      layer(2, 1),
      layer(3, null),
      layer(5, 4),
      layer(6, 5),
      layer(7, 6),
    ]);
    expect(rows.map((r) => [r.layer.layer, r.pool?.layer ?? null])).toEqual([
      [1, 2],
      [3, null],
      // layer 5 pooled layer 4, which was not drawn (a dropout, say): it has a row of its own
      [5, 6],
      // a pooling of maps already beside their pooling has a row of its own
      [7, null],
    ]);
  });

  it('magnifies small pictures by whole numbers, and shrinks only those wider than the target', () => {
    expect([3, 16, 30, 64, 128].map((side) => magnification(side, 64))).toEqual([21, 4, 2, 1, 0.5]);
  });
});

describe('the Inside view’s filters and feature maps', () => {
  const sample: DataSetSummary = {
    id: 4,
    source: 'sample data',
    classes: ['circle', 'square'],
    width: 8,
    height: 8,
    input: { width: 8, height: 8, fit: 'stretch' },
    splitBy: 'random',
    counts: [
      { name: 'circle', train: 5, validation: 0, test: 1 },
      { name: 'square', train: 5, validation: 0, test: 1 },
    ],
    warnings: [],
    skipped: [],
    duplicates: [],
    nearDuplicates: [],
  };
  const model = { architecture: 'some network' } as ModelSummary;

  // the host is made once, from the first window.whisker it finds: each test sets what it answers
  let reply: ImageMaps;
  let asked: unknown[] = [];
  window.whisker = {
    request: async (method: string, params: unknown) => {
      if (method !== 'featureMaps') throw new Error(`unexpected ${method}`);
      asked.push(params);
      return reply;
    },
    onEvent: () => () => {},
  } as unknown as NonNullable<typeof window.whisker>;
  function serve(answer: ImageMaps): unknown[] {
    reply = answer;
    asked = [];
    return asked;
  }

  it('asks for the first image’s maps and shows each layer’s filters and maps, the pooling beside the maps it pooled', async () => {
    const asked = serve(cnnMaps());
    app.dataSet = sample;
    app.model = model;
    app.preview = Array.from({ length: 10 }, (_, index) => ({ index, file: `train/${index}.png`, label: 0 }));
    render(FeatureMaps);
    expect(await screen.findByText('layer 1 · conv 3×3×2 same ReLU · 8×8×2')).toBeTruthy();
    expect(asked).toEqual([{ split: 'train', index: 0 }]);
    expect(screen.getAllByRole('radio')).toHaveLength(8);
    expect(
      screen.getByText(/^The current model, 8×8×3 → conv 3×3×2 same ReLU → max pool 2×2 → /),
    ).toBeTruthy();
    expect(screen.getByText('→ layer 2 · max pool 2×2 · 4×4×2')).toBeTruthy();
    const first = screen.getByRole('list', { name: 'Channels of layer 1' });
    expect(
      within(first)
        .getAllByRole('img')
        .map((img) => img.getAttribute('aria-label')!.replace(/[\d.]+ \(black\).*|±[\d.]+.*/, '…')),
    ).toEqual([
      'Filter 1 of layer 1, …',
      'Map 1 of layer 1, from …',
      'Map 1 after the max pool 2×2 of layer 2',
      'Filter 2 of layer 1, …',
      'Map 2 of layer 1, from …',
      'Map 2 after the max pool 2×2 of layer 2',
    ]);
    const norm = screen.getByRole('list', { name: 'Channels of layer 3' });
    expect(within(norm).getAllByRole('img')).toHaveLength(2);
    app.dataSet = null;
    app.model = null;
    flushSync();
  });

  it('says plainly that a dense network has no maps', async () => {
    serve({ epoch: null, architecture: '192 → 4 ReLU → 2 softmax', layers: [], omitted: 0 });
    app.dataSet = { ...sample, id: 5 };
    app.model = model;
    render(FeatureMaps);
    expect(
      await screen.findByText(
        /This network sees each image as one row of 192 numbers, not as an image: it has no filters or feature maps/,
      ),
    ).toBeTruthy();
    expect(screen.queryByRole('img', { name: /^Map/ })).toBeNull();
    app.dataSet = null;
    app.model = null;
    flushSync();
  });

  it('asks nothing without a network, and says how to get one', () => {
    const asked = serve(cnnMaps());
    app.dataSet = { ...sample, id: 6 };
    render(FeatureMaps);
    expect(screen.getByText(/Train a network in the Train view \(Alt\+3\), or open a model/)).toBeTruthy();
    expect(asked).toEqual([]);
    app.dataSet = null;
  });
});
