/**
 * Built-in sample data, so a first-time user can train within seconds:
 * light circles, squares and triangles of random colour, size and position
 * (near the centre, nearly upright) on noisy dark backgrounds, drawn with sharp from SVG that we write
 * ourselves. The same seed always draws the same images.
 */
import { Random } from '../core/random.ts';
import { DEFAULT_SPLIT, splitImages, type DataSet, type SplitOptions } from './dataSet.ts';
import { imageLibrary } from './imageLibrary.ts';

export const SAMPLE_CLASSES = ['circle', 'square', 'triangle'] as const;
type Shape = (typeof SAMPLE_CLASSES)[number];

export interface SampleOptions {
  readonly perClass: number;
  readonly width: number;
  readonly height: number;
  readonly seed: number;
  readonly split: SplitOptions;
}

export const DEFAULT_SAMPLE: SampleOptions = {
  perClass: 60,
  width: 64,
  height: 64,
  seed: 1,
  split: DEFAULT_SPLIT,
};

const hex = (rgb: readonly number[]) => '#' + rgb.map((v) => v.toString(16).padStart(2, '0')).join('');

/** A dark background colour and a light shape colour that stands out from it. */
function contrastingColours(random: Random): [number[], number[]] {
  const dark = [0, 0, 0].map(() => random.below(110));
  const light = [0, 0, 0].map(() => 150 + random.below(106));
  return [dark, light];
}

/** The SVG of one shape: centre, radius and turn drawn from `random`. */
function shapeSvg(shape: Shape, random: Random, width: number, height: number, fill: string): string {
  const side = Math.min(width, height);
  const r = side * (0.22 + 0.16 * random.uniform());
  // near the centre, so that a small network can learn the shapes within seconds
  const cx = width / 2 + (random.uniform() - 0.5) * (width - 2 * r) * 0.3;
  const cy = height / 2 + (random.uniform() - 0.5) * (height - 2 * r) * 0.3;
  // squares and triangles upright, give or take 15°
  const turn = (random.uniform() - 0.5) * 30;
  const body =
    shape === 'circle'
      ? `<circle cx="${cx}" cy="${cy}" r="${r}"/>`
      : shape === 'square'
        ? `<rect x="${cx - r * 0.8}" y="${cy - r * 0.8}" width="${r * 1.6}" height="${r * 1.6}" transform="rotate(${turn} ${cx} ${cy})"/>`
        : `<polygon points="${[0, 120, 240]
            .map((a) => {
              const t = ((a - 90 + turn) * Math.PI) / 180;
              return `${cx + r * Math.cos(t)},${cy + r * Math.sin(t)}`;
            })
            .join(' ')}"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><g fill="${fill}">${body}</g></svg>`;
}

/** A background of one colour with per-pixel noise of ±24. */
function noisyBackground(random: Random, base: readonly number[], width: number, height: number): Buffer {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) {
    pixels[i] = Math.max(0, Math.min(255, base[i % 3]! + random.below(49) - 24));
  }
  return pixels;
}

export async function generateSampleData(options: Partial<SampleOptions> = {}): Promise<DataSet> {
  const { perClass, width, height, seed, split } = { ...DEFAULT_SAMPLE, ...options };
  if (!Number.isInteger(perClass) || perClass < 2 || perClass > 10_000) {
    throw new RangeError(`images per class must be from 2 to 10000, got ${perClass}`);
  }
  const sharp = imageLibrary();
  const random = new Random(seed);
  const imageBytes = width * height * 3;
  const count = perClass * SAMPLE_CLASSES.length;
  const pixels = new Uint8Array(count * imageBytes);
  const labels = new Uint16Array(count);
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const label = i % SAMPLE_CLASSES.length;
    const shape = SAMPLE_CLASSES[label]!;
    const [backgroundColour, shapeColour] = contrastingColours(random);
    const background = noisyBackground(random, backgroundColour, width, height);
    const svg = shapeSvg(shape, random, width, height, hex(shapeColour));
    const image = await sharp(background, { raw: { width, height, channels: 3 } })
      .composite([{ input: Buffer.from(svg) }])
      .removeAlpha()
      .raw()
      .toBuffer();
    pixels.set(image, i * imageBytes);
    labels[i] = label;
    files.push(`sample/${shape}/${String(Math.floor(i / SAMPLE_CLASSES.length)).padStart(4, '0')}`);
  }
  const all = { pixels, labels, files };
  return {
    classes: [...SAMPLE_CLASSES],
    width,
    height,
    ...splitImages(all, SAMPLE_CLASSES.length, imageBytes, { ...DEFAULT_SPLIT, ...split, seed }),
    splitBy: 'random',
    skipped: [],
  };
}
