/**
 * A convolutional network seen through one image, as pictures: each
 * convolution's filters, and the maps that each layer keeping the image's
 * layout (convolution, pooling, batch normalisation) makes of the image,
 * channel by channel. One byte per value, so a whole network's pictures of an
 * image fit in a few hundred kilobytes.
 *
 * Filters  W[l] is OHWI [F, k, k, C_in]; filter f is drawn as its [k, k, C_in] values, 0 mid-grey
 *          and its largest |w| black or white, as the first layer's pictures are (inspection.ts).
 * Maps     A[l] of the image is [H, W, C] (NHWC with m = 1); map c is A[l][:, :, c], its smallest
 *          value black and its largest white. A pooling's maps are drawn on the scale of the maps
 *          it pooled, so a max pool's pixel is the brightest of its window in the picture before.
 */
import {
  describeArchitecture,
  describeLayer,
  type Conv2dSpec,
  type LayerKind,
  type TensorShape,
} from './architecture.ts';
import { weightByte } from './inspection.ts';
import type { FloatArray } from './matrix.ts';
import type { Layer, Network } from './network.ts';

export const PICTURE_LIMITS = {
  /** each layer's first channels are shown: their maps, and the filters that make them */
  channels: 16,
  /** a deeper filter's first slices are shown, one per map of the layer below */
  slices: 16,
  /** a map larger than this a side is shown as the means of step × step blocks */
  mapSide: 128,
  /** all the pictures of one image; the layers past it are left out, and counted */
  bytes: 4 * 1024 * 1024,
} as const;

/** `count` maps of height × width bytes, one after the other, row by row. */
export interface MapPictures<Bytes> {
  readonly count: number;
  readonly height: number;
  readonly width: number;
  /** each byte is the mean of a step × step block of the layer's values (1: every value) */
  readonly step: number;
  readonly pixels: Bytes;
  /** per map, the values drawn black and white */
  readonly low: readonly number[];
  readonly high: readonly number[];
}

/** `count` filters of side × side × channels bytes (HWC), one after the other. */
export interface FilterPictures<Bytes> {
  readonly count: number;
  readonly side: number;
  /** the slices drawn: the first of the filter's C_in */
  readonly channels: number;
  /** the filter reads the image itself, its three slices red, green and blue */
  readonly rgb: boolean;
  readonly pixels: Bytes;
  /** per filter, its largest |w|: drawn black (−) or white (+) */
  readonly largest: readonly number[];
}

export interface LayerMaps<Bytes> {
  /** 1-based, as in the notes */
  readonly layer: number;
  readonly kind: LayerKind;
  /** "conv 3×3×16 same ReLU" */
  readonly description: string;
  readonly shape: TensorShape;
  /** a pooling's: the layer whose maps it pooled (0: the image), on whose scale its maps are drawn */
  readonly pooled: number | null;
  readonly maps: MapPictures<Bytes>;
  /** a convolution's */
  readonly filters: FilterPictures<Bytes> | null;
}

export interface FeatureMaps<Bytes> {
  /** the network's description, "64×64×3 → conv 3×3×8 same ReLU → …" */
  readonly architecture: string;
  readonly layers: readonly LayerMaps<Bytes>[];
  /** layers with maps left out because the pictures before them used up PICTURE_LIMITS.bytes */
  readonly omitted: number;
}

/** The same pictures with their bytes in another form (base64 for a JSON message). */
export function withPixelsAs<A, B>(maps: FeatureMaps<A>, convert: (pixels: A) => B): FeatureMaps<B> {
  return {
    ...maps,
    layers: maps.layers.map((layer) => ({
      ...layer,
      maps: { ...layer.maps, pixels: convert(layer.maps.pixels) },
      filters: layer.filters && { ...layer.filters, pixels: convert(layer.filters.pixels) },
    })),
  };
}

const DRAWN: ReadonlySet<LayerKind> = new Set(['conv2d', 'maxPool', 'averagePool', 'batchNorm']);

/**
 * The pictures of the network's layers for one example x (n_0 values, the
 * network's input). Runs forward in evaluation mode: the network's cached
 * values are overwritten, so call it between training steps.
 */
export function featureMaps(network: Network, x: FloatArray): FeatureMaps<Uint8Array> {
  if (x.length < network.inputSize)
    throw new RangeError(`featureMaps: the input holds ${x.length} values, not ${network.inputSize}`);
  network.forward(x, 1);
  const layers: LayerMaps<Uint8Array>[] = [];
  let spent = 0;
  let omitted = 0;
  // whether the values still have the image's layout: dense and flatten make them one row
  let spatial = true;
  for (const layer of network.layers) {
    if (layer.kind === 'dense' || layer.kind === 'flatten') spatial = false;
    if (layer.kind === 'conv2d' || layer.kind === 'maxPool' || layer.kind === 'averagePool') spatial = true;
    if (!spatial || !DRAWN.has(layer.kind)) continue;
    if (spent >= PICTURE_LIMITS.bytes) {
      omitted++;
      continue;
    }
    const drawn = layerMaps(network, layer, x);
    const bytes = drawn.maps.pixels.length + (drawn.filters?.pixels.length ?? 0);
    if (spent + bytes > PICTURE_LIMITS.bytes) {
      spent = PICTURE_LIMITS.bytes;
      omitted++;
      continue;
    }
    spent += bytes;
    layers.push(drawn);
  }
  return { architecture: describeArchitecture(network.architecture), layers, omitted };
}

function layerMaps(network: Network, layer: Layer, x: FloatArray): LayerMaps<Uint8Array> {
  const count = Math.min(layer.output.channels, PICTURE_LIMITS.channels);
  const pooling = layer.kind === 'maxPool' || layer.kind === 'averagePool';
  const below = layer.index === 0 ? x : network.cached(layer.index - 1, 1).a;
  const { a } = network.cached(layer.index, 1);
  const scale = pooling ? channelRanges(below, layer.input, count) : channelRanges(a, layer.output, count);
  return {
    layer: layer.index + 1,
    kind: layer.kind,
    description: describeLayer(layer.spec),
    shape: layer.output,
    pooled: pooling ? layer.index : null,
    maps: mapPictures(a, layer.output, count, scale),
    filters: layer.kind === 'conv2d' ? filterPictures(layer, layer.index === 0) : null,
  };
}

/** The smallest and largest value of each of the first `count` channels of one example's [H, W, C] values. */
export function channelRanges(
  values: FloatArray,
  shape: TensorShape,
  count: number,
): { low: number[]; high: number[] } {
  const { channels: C } = shape;
  const low = new Array<number>(count).fill(Infinity);
  const high = new Array<number>(count).fill(-Infinity);
  const n = shape.height * shape.width * C;
  for (let at = 0; at < n; at += C) {
    for (let c = 0; c < count; c++) {
      const v = values[at + c]!;
      if (v < low[c]!) low[c] = v;
      if (v > high[c]!) high[c] = v;
    }
  }
  return { low, high };
}

/** The first `count` channels of [H, W, C] values as bytes from low (0) to high (255) each, reduced to PICTURE_LIMITS.mapSide. */
function mapPictures(
  values: FloatArray,
  shape: TensorShape,
  count: number,
  { low, high }: { low: number[]; high: number[] },
): MapPictures<Uint8Array> {
  const { height: H, width: W, channels: C } = shape;
  const step = Math.ceil(Math.max(H, W) / PICTURE_LIMITS.mapSide);
  const [height, width] = [Math.ceil(H / step), Math.ceil(W / step)];
  const pixels = new Uint8Array(count * height * width);
  let o = 0;
  for (let c = 0; c < count; c++) {
    const spread = high[c]! - low[c]!;
    for (let i = 0; i < height; i++) {
      for (let j = 0; j < width; j++, o++) {
        let sum = 0;
        let n = 0;
        for (let y = i * step; y < Math.min(H, (i + 1) * step); y++) {
          for (let x = j * step; x < Math.min(W, (j + 1) * step); x++, n++)
            sum += values[(y * W + x) * C + c]!;
        }
        // a constant map is drawn black: its value is in low and high
        const t = spread > 0 ? (sum / n - low[c]!) / spread : 0;
        pixels[o] = Math.round(Math.min(1, Math.max(0, t)) * 255);
      }
    }
  }
  return { count, height, width, step, pixels, low, high };
}

/**
 * The first filters of a convolution, each drawn whole on its own scale. A
 * deeper filter is shown as its C_in slices side by side, one per map of the
 * layer below, rather than as their mean: a filter that adds one map and
 * subtracts another (an edge between two features) averages to grey, and that
 * difference is what the slices show.
 */
function filterPictures(layer: Layer, readsImage: boolean): FilterPictures<Uint8Array> {
  const { filters, kernel } = layer.spec as Conv2dSpec;
  const inputs = layer.input.channels;
  const count = Math.min(filters, PICTURE_LIMITS.channels);
  const channels = Math.min(inputs, PICTURE_LIMITS.slices);
  const pixels = new Uint8Array(count * kernel * kernel * channels);
  const largest: number[] = [];
  let o = 0;
  for (let f = 0; f < count; f++) {
    const filter = layer.weight.subarray(f * layer.fanIn, (f + 1) * layer.fanIn);
    let top = 0;
    for (let k = 0; k < filter.length; k++) top = Math.max(top, Math.abs(filter[k]!));
    largest.push(top);
    for (let p = 0; p < kernel * kernel; p++) {
      for (let c = 0; c < channels; c++) pixels[o++] = weightByte(filter[p * inputs + c]!, top);
    }
  }
  return { count, side: kernel, channels, rgb: readsImage && inputs === 3, pixels, largest };
}
