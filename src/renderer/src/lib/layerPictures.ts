/**
 * What the Inside view draws of a network's filters and maps of one image
 * (core/featureMaps.ts, their bytes in base64), as RGBA pixels and rows: a
 * pooling beside the maps it pooled.
 */
import type { ImageMaps } from '../../../api/contract.ts';

export type LayerMaps = ImageMaps['layers'][number];
type Maps = LayerMaps['maps'];
type Filters = NonNullable<LayerMaps['filters']>;

export interface Picture {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8ClampedArray;
}

function bytesOf(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Each map as a grey picture. */
export function mapPictures(maps: Maps): Picture[] {
  const bytes = bytesOf(maps.pixels);
  const size = maps.width * maps.height;
  return Array.from({ length: maps.count }, (_, m) => {
    const rgba = new Uint8ClampedArray(size * 4);
    for (let p = 0; p < size; p++) {
      const v = bytes[m * size + p]!;
      rgba.set([v, v, v, 255], p * 4);
    }
    return { width: maps.width, height: maps.height, rgba };
  });
}

/**
 * Each filter as a picture: in colour when it reads the image, else its
 * slices (one per map of the layer below) in grey, in a near-square grid
 * with a transparent pixel between them, the first slice top left.
 */
export function filterPictures(filters: Filters): Picture[] {
  const bytes = bytesOf(filters.pixels);
  const { count, side: k, channels } = filters;
  const perFilter = k * k * channels;
  if (filters.rgb) {
    return Array.from({ length: count }, (_, f) => {
      const rgba = new Uint8ClampedArray(k * k * 4);
      for (let p = 0; p < k * k; p++) {
        const at = f * perFilter + p * 3;
        rgba.set([bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, 255], p * 4);
      }
      return { width: k, height: k, rgba };
    });
  }
  const columns = Math.ceil(Math.sqrt(channels));
  const rows = Math.ceil(channels / columns);
  const width = columns * (k + 1) - 1;
  const height = rows * (k + 1) - 1;
  return Array.from({ length: count }, (_, f) => {
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let c = 0; c < channels; c++) {
      const [left, top] = [(c % columns) * (k + 1), Math.floor(c / columns) * (k + 1)];
      for (let y = 0; y < k; y++) {
        for (let x = 0; x < k; x++) {
          const v = bytes[f * perFilter + (y * k + x) * channels + c]!;
          rgba.set([v, v, v, 255], ((top + y) * width + left + x) * 4);
        }
      }
    }
    return { width, height, rgba };
  });
}

/** A layer's row: its maps, and the pooling's after them when a pooling comes next and pooled these very maps. */
export interface MapRow {
  readonly layer: LayerMaps;
  readonly pool: LayerMaps | null;
}

export function mapRows(layers: readonly LayerMaps[]): MapRow[] {
  const rows: MapRow[] = [];
  for (const layer of layers) {
    const previous = rows.at(-1);
    if (layer.pooled !== null && previous && previous.pool === null && previous.layer.layer === layer.pooled)
      rows[rows.length - 1] = { layer: previous.layer, pool: layer };
    else rows.push({ layer, pool: null });
  }
  return rows;
}

/**
 * How much to magnify a picture `side` pixels wide to draw it about `target` CSS pixels wide: a whole
 * number, so every pixel is as large as the next, or a fraction for a picture wider than the target.
 */
export function magnification(side: number, target: number): number {
  return side > target ? target / side : Math.floor(target / side);
}
