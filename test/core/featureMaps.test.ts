import { describe, expect, it } from 'vitest';
import {
  shapeSize,
  type Architecture,
  type LayerSpec,
  type TensorShape,
} from '../../src/core/architecture.ts';
import { featureMaps, PICTURE_LIMITS, withPixelsAs } from '../../src/core/featureMaps.ts';
import { INITIALIZERS } from '../../src/core/initializers.ts';
import { referenceKernel } from '../../src/core/kernels/kernel.ts';
import { Network } from '../../src/core/network.ts';
import { Random } from '../../src/core/random.ts';

const conv = (filters: number, kernel = 3, padding: 'same' | 'valid' = 'same'): LayerSpec => ({
  type: 'conv2d',
  filters,
  kernel,
  stride: 1,
  padding,
  activation: 'tanh',
});

function network(inputShape: TensorShape, hidden: LayerSpec[], seed = 3): Network {
  const architecture: Architecture = {
    inputSize: shapeSize(inputShape),
    inputShape,
    layers: [...hidden, { units: 2, activation: 'softmax' }],
    loss: 'softmaxCrossEntropy',
  };
  const net = new Network(architecture, referenceKernel(Float64Array));
  net.initialize(INITIALIZERS.he, new Random(seed));
  return net;
}

/** An image of values in [0, 1) drawn from a seed. */
function image(shape: TensorShape, seed = 7): Float64Array {
  const random = new Random(seed);
  return Float64Array.from({ length: shapeSize(shape) }, () => random.uniform());
}

const SMALL: TensorShape = { height: 8, width: 8, channels: 3 };

describe("a convolutional network's pictures of one image", () => {
  it('draws each convolution, pooling and batch normalisation with its description and shape, and nothing after the flatten', () => {
    const net = network(SMALL, [
      conv(4),
      { type: 'maxPool', size: 2, stride: 2 },
      { type: 'batchNorm' },
      { type: 'dropout', rate: 0.5 },
      { type: 'flatten' },
      { units: 5, activation: 'relu' },
      { type: 'batchNorm' },
    ]);
    const maps = featureMaps(net, image(SMALL));
    expect(maps.architecture).toMatch(/^8×8×3 → conv 3×3×4 same tanh → max pool 2×2 → batch norm → /);
    expect(maps.omitted).toBe(0);
    expect(
      maps.layers.map(({ layer, kind, description, shape, pooled }) => ({
        layer,
        kind,
        description,
        shape,
        pooled,
      })),
    ).toEqual([
      {
        layer: 1,
        kind: 'conv2d',
        description: 'conv 3×3×4 same tanh',
        shape: { height: 8, width: 8, channels: 4 },
        pooled: null,
      },
      {
        layer: 2,
        kind: 'maxPool',
        description: 'max pool 2×2',
        shape: { height: 4, width: 4, channels: 4 },
        pooled: 1,
      },
      {
        layer: 3,
        kind: 'batchNorm',
        description: 'batch norm',
        shape: { height: 4, width: 4, channels: 4 },
        pooled: null,
      },
    ]);
    const [convolution, pool, norm] = maps.layers;
    expect(convolution!.maps).toMatchObject({ count: 4, height: 8, width: 8, step: 1 });
    expect(convolution!.maps.pixels).toHaveLength(4 * 8 * 8);
    expect(pool!.maps.pixels).toHaveLength(4 * 4 * 4);
    expect(convolution!.filters).toMatchObject({ count: 4, side: 3, channels: 3, rgb: true });
    expect(convolution!.filters!.pixels).toHaveLength(4 * 3 * 3 * 3);
    expect([pool!.filters, norm!.filters]).toEqual([null, null]);
  });

  it("scales each map on its own, its smallest value black and its largest white, from the layer's activations", () => {
    const net = network(SMALL, [conv(3), { type: 'flatten' }]);
    const [layer] = featureMaps(net, image(SMALL)).layers;
    const { a } = net.cached(0, 1);
    const { pixels, low, high } = layer!.maps;
    for (let c = 0; c < 3; c++) {
      const values = Array.from({ length: 64 }, (_, p) => a[p * 3 + c]!);
      expect([low[c], high[c]]).toEqual([Math.min(...values), Math.max(...values)]);
      const bytes = pixels.subarray(c * 64, (c + 1) * 64);
      expect([Math.min(...bytes), Math.max(...bytes)]).toEqual([0, 255]);
      values.forEach((v, p) =>
        expect(bytes[p]).toBe(Math.round(((v - low[c]!) / (high[c]! - low[c]!)) * 255)),
      );
    }
  });

  it('draws a max pool on the scale of the maps it pooled: each pixel is the brightest of its window there', () => {
    const net = network({ height: 9, width: 9, channels: 3 }, [
      conv(5),
      { type: 'maxPool', size: 3, stride: 2 },
      { type: 'flatten' },
    ]);
    const [before, after] = featureMaps(net, image({ height: 9, width: 9, channels: 3 })).layers;
    expect(after!.pooled).toBe(before!.layer);
    expect([after!.maps.low, after!.maps.high]).toEqual([before!.maps.low, before!.maps.high]);
    expect([after!.maps.height, after!.maps.width]).toEqual([4, 4]);
    for (let c = 0; c < 5; c++) {
      for (let i = 0; i < 4; i++) {
        for (let j = 0; j < 4; j++) {
          const window: number[] = [];
          for (let u = 0; u < 3; u++)
            for (let v = 0; v < 3; v++)
              window.push(before!.maps.pixels[c * 81 + (2 * i + u) * 9 + 2 * j + v]!);
          expect(after!.maps.pixels[c * 16 + i * 4 + j]).toBe(Math.max(...window));
        }
      }
    }
  });

  it('draws an average pool between the darkest and the brightest of each window it averaged', () => {
    const net = network(SMALL, [conv(2), { type: 'averagePool', size: 2, stride: 2 }, { type: 'flatten' }]);
    const [before, after] = featureMaps(net, image(SMALL)).layers;
    for (let c = 0; c < 2; c++) {
      for (let i = 0; i < 4; i++) {
        for (let j = 0; j < 4; j++) {
          const window = [0, 1, 8, 9].map((d) => before!.maps.pixels[c * 64 + 2 * i * 8 + 2 * j + d]!);
          const pooled = after!.maps.pixels[c * 16 + i * 4 + j]!;
          expect(pooled).toBeGreaterThanOrEqual(Math.min(...window));
          expect(pooled).toBeLessThanOrEqual(Math.max(...window));
        }
      }
    }
  });

  it('draws a filter with 0 mid-grey and its largest |w| black or white, slice by slice in OHWI order', () => {
    const net = network(SMALL, [conv(2, 1), conv(20, 2, 'valid'), { type: 'flatten' }]);
    const first = net.layers[0]!;
    first.weight.set([0.5, -1, 0, 0.25, 0.25, -0.125]); // filter 0: R, G, B; filter 1: R, G, B
    const [one, two] = featureMaps(net, image(SMALL)).layers;
    expect(one!.filters).toMatchObject({ count: 2, side: 1, channels: 3, rgb: true, largest: [1, 0.25] });
    expect([...one!.filters!.pixels]).toEqual([191, 0, 128, 255, 255, 64]);

    // layer 2: 20 filters of 2×2 over 2 maps, its first 16 drawn in grey slices
    const second = net.layers[1]!;
    expect(two!.filters).toMatchObject({ count: 16, side: 2, channels: 2, rgb: false });
    expect(two!.maps.count).toBe(PICTURE_LIMITS.channels);
    const f = 5;
    const filter = second.weight.subarray(f * 8, (f + 1) * 8);
    const top = Math.max(...Array.from(filter, Math.abs));
    expect(two!.filters!.largest[f]).toBe(top);
    expect([...two!.filters!.pixels.subarray(f * 8, (f + 1) * 8)]).toEqual(
      Array.from(filter, (w) => Math.round(127.5 + (w * 127.5) / top)),
    );
  });

  it('draws the first 16 slices of a filter over more maps, each filter on the scale of all of its weights', () => {
    const net = network(SMALL, [conv(20, 1), conv(1, 1), { type: 'flatten' }]);
    const second = net.layers[1]!;
    second.weight.fill(0.1);
    second.weight[19] = -0.4; // a slice past the 16th still sets the scale
    const filters = featureMaps(net, image(SMALL)).layers[1]!.filters!;
    expect(filters).toMatchObject({ count: 1, channels: 16, largest: [0.4] });
    expect([...filters.pixels]).toEqual(new Array(16).fill(Math.round(127.5 + 127.5 / 4)));
  });

  it('shows a map larger than 128 a side as the means of blocks, and leaves out the layers past the size limit', () => {
    const shape: TensorShape = { height: 300, width: 260, channels: 3 };
    const net = network(shape, [conv(1, 1), { type: 'flatten' }]);
    const [layer] = featureMaps(net, image(shape)).layers;
    expect(layer!.maps).toMatchObject({ step: 3, height: 100, width: 87 });
    const { a } = net.cached(0, 1);
    // the last column's blocks are 2 wide: 260 = 86·3 + 2
    const block = [0, 1, 2].flatMap((y) => [258, 259].map((x) => a[y * 260 + x]!));
    const mean = block.reduce((s, v) => s + v, 0) / block.length;
    const { low, high } = layer!.maps;
    expect(layer!.maps.pixels[86]).toBe(Math.round(((mean - low[0]!) / (high[0]! - low[0]!)) * 255));

    // 16 maps of 128×128 bytes a layer and its filters: 4 MiB holds 15 such layers, not 16 or 17
    const big: TensorShape = { height: 128, width: 128, channels: 3 };
    const deep = network(big, [...Array.from({ length: 17 }, () => conv(16, 1)), { type: 'flatten' }]);
    const maps = featureMaps(deep, image(big));
    expect([maps.layers.length, maps.omitted]).toEqual([15, 2]);
    const bytes = maps.layers.reduce((s, l) => s + l.maps.pixels.length + (l.filters?.pixels.length ?? 0), 0);
    expect(bytes).toBeLessThanOrEqual(PICTURE_LIMITS.bytes);
  });

  it('has no pictures of a dense network', () => {
    const net = network(SMALL, [{ units: 4, activation: 'relu' }, { type: 'batchNorm' }]);
    expect(featureMaps(net, image(SMALL))).toEqual({
      architecture: '192 → 4 ReLU → batch norm → 2 softmax',
      layers: [],
      omitted: 0,
    });
  });

  it('refuses an input shorter than the network’s', () => {
    const net = network(SMALL, [conv(1), { type: 'flatten' }]);
    expect(() => featureMaps(net, new Float64Array(10))).toThrow(
      'featureMaps: the input holds 10 values, not 192',
    );
  });

  it('keeps its structure when its bytes change form', () => {
    const net = network(SMALL, [conv(2), { type: 'flatten' }]);
    const maps = featureMaps(net, image(SMALL));
    const counted = withPixelsAs(maps, (pixels) => pixels.length);
    expect(counted.layers[0]!.maps.pixels).toBe(128);
    expect(counted.layers[0]!.filters!.pixels).toBe(54);
    expect(counted.layers[0]!.maps.low).toEqual(maps.layers[0]!.maps.low);
  });
});
