/**
 * Data augmentation: every training batch changed on the fly, image by image,
 * by transforms whose amounts are drawn at random, so that the network never
 * sees quite the same picture twice. Nothing is stored: the examples keep
 * their pixels, and only the float batch [m, H, W, 3] (NHWC, values in [0, 1]
 * as the network sees them) is changed, in place.
 *
 * Each image goes through the transforms in one fixed order, geometric first
 * (flip, shift, rotation), then colour (brightness, contrast, saturation),
 * then noise; each transform with a strength above zero draws its amounts
 * from the generator it is given, in that order, so that a seed gives the
 * same batch every time. All strengths zero is "off": nothing is drawn and
 * nothing changes.
 */
import type { TensorShape } from './architecture.ts';
import type { FloatArray } from './matrix.ts';
import { Random } from './random.ts';

/** What a strength means, its bounds and how the app and the command line name it. */
export interface AugmentationSpec {
  readonly label: string;
  /** written after the strength's number: " pixels", "°"; empty for a plain number */
  readonly unit: string;
  readonly max: number;
  /** a sensible step for an editor's spin box */
  readonly step: number;
  /** only whole numbers are strengths */
  readonly whole: boolean;
  /** what the strength does, in a sentence for the user */
  readonly note: string;
}

/** The transforms, in the order they are applied, each with what its strength means. */
export const AUGMENTATIONS = {
  flip: {
    label: 'Horizontal flip',
    unit: '',
    max: 1,
    step: 0.1,
    whole: false,
    note: 'the chance that an image is mirrored left to right (0.5: half of them)',
  },
  shift: {
    label: 'Shift',
    unit: ' pixels',
    max: 32,
    step: 1,
    whole: true,
    note: 'moves the image by up to this many pixels each way, repeating its edge into the gap',
  },
  rotation: {
    label: 'Rotation',
    unit: '°',
    max: 45,
    step: 1,
    whole: false,
    note: 'turns the image by up to this many degrees either way about its centre',
  },
  brightness: {
    label: 'Brightness',
    unit: '',
    max: 0.5,
    step: 0.05,
    whole: false,
    note: 'adds up to ± this much to every value (black is 0, white is 1)',
  },
  contrast: {
    label: 'Contrast',
    unit: '',
    max: 0.9,
    step: 0.05,
    whole: false,
    note: "scales each value's distance from the image's mean grey by 1 ± up to this",
  },
  saturation: {
    label: 'Saturation',
    unit: '',
    max: 1,
    step: 0.05,
    whole: false,
    note: "scales each colour's distance from its pixel's grey by 1 ± up to this (1: from grey to twice as colourful)",
  },
  noise: {
    label: 'Noise',
    unit: '',
    max: 0.5,
    step: 0.01,
    whole: false,
    note: 'adds Gaussian noise of this standard deviation to every value',
  },
} as const satisfies Record<string, AugmentationSpec>;

export type AugmentationName = keyof typeof AUGMENTATIONS;
export const AUGMENTATION_NAMES = Object.keys(AUGMENTATIONS) as AugmentationName[];

/** One strength per transform; 0 leaves it out. */
export type AugmentationSetup = { readonly [K in AugmentationName]: number };

export const NO_AUGMENTATION: AugmentationSetup = Object.freeze({
  flip: 0,
  shift: 0,
  rotation: 0,
  brightness: 0,
  contrast: 0,
  saturation: 0,
  noise: 0,
});

/** Whether the setup changes anything: some strength above zero. */
export function isAugmenting(setup: AugmentationSetup): boolean {
  return AUGMENTATION_NAMES.some((name) => setup[name] > 0);
}

/** "horizontal flip 0.5, rotation 10°": the strengths above zero with their units, or "off". */
export function describeAugmentation(setup: AugmentationSetup): string {
  const parts = AUGMENTATION_NAMES.filter((name) => setup[name] > 0).map((name) => {
    const { label, unit } = AUGMENTATIONS[name];
    return `${label.toLowerCase()} ${setup[name]}${unit}`;
  });
  return parts.length === 0 ? 'off' : parts.join(', ');
}

/** The reasons the value is not a usable augmentation setup (empty when it is), in words for the user. */
export function augmentationProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return ['the augmentation settings are missing'];
  const strengths = value as Record<string, unknown>;
  return AUGMENTATION_NAMES.flatMap((name) => {
    const { label, max, whole, unit } = AUGMENTATIONS[name];
    const strength = strengths[name];
    const fits =
      typeof strength === 'number' &&
      Number.isFinite(strength) &&
      strength >= 0 &&
      strength <= max &&
      (!whole || Number.isInteger(strength));
    return fits
      ? []
      : [
          `augmentation: ${label.toLowerCase()} must be ${whole ? 'a whole number ' : ''}from 0 to ${max}${unit}`,
        ];
  });
}

/**
 * Changes examples 0..m−1 of the batch x [m, H, W, 3] in place, each by its own
 * draws from `random`. Off (every strength zero), it changes nothing and draws nothing.
 */
export function augmentBatch(
  x: FloatArray,
  m: number,
  shape: TensorShape,
  setup: AugmentationSetup,
  random: Random,
): void {
  const problems = augmentationProblems(setup);
  if (problems.length > 0) throw new RangeError(problems.join('; '));
  if (!isAugmenting(setup)) return;
  if (shape.channels !== 3)
    throw new RangeError(`augmentation needs RGB images, not ${shape.channels} channels`);
  const n = shape.height * shape.width * shape.channels;
  if (!Number.isInteger(m) || m < 0 || x.length < m * n) {
    throw new RangeError(`a batch of ${x.length} values does not hold ${m} images of ${n}`);
  }
  const scratch = new Float64Array(n);
  for (let i = 0; i < m; i++) augmentImage(x.subarray(i * n, (i + 1) * n), shape, setup, random, scratch);
}

/** A number drawn uniformly from [−r, r). */
const within = (random: Random, r: number) => (2 * random.uniform() - 1) * r;

function augmentImage(
  image: FloatArray,
  shape: TensorShape,
  setup: AugmentationSetup,
  random: Random,
  scratch: Float64Array,
): void {
  const { flip, shift, rotation, brightness, contrast, saturation, noise } = setup;
  if (flip > 0 && random.uniform() < flip) flipHorizontally(image, shape);
  if (shift > 0) {
    const dx = random.below(2 * shift + 1) - shift;
    const dy = random.below(2 * shift + 1) - shift;
    shiftImage(image, shape, dx, dy, scratch);
  }
  if (rotation > 0) rotate(image, shape, within(random, rotation), scratch);
  if (brightness > 0) adjustBrightness(image, within(random, brightness));
  if (contrast > 0) adjustContrast(image, 1 + within(random, contrast));
  if (saturation > 0) adjustSaturation(image, 1 + within(random, saturation));
  if (noise > 0) addNoise(image, noise, random);
}

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);
const clampIndex = (i: number, size: number) => (i < 0 ? 0 : i >= size ? size - 1 : i);

/** Luma of a pixel, Y = 0.299·R + 0.587·G + 0.114·B (ITU-R BT.601, as PIL and torchvision grey). */
const luma = (image: FloatArray, p: number) =>
  0.299 * image[p]! + 0.587 * image[p + 1]! + 0.114 * image[p + 2]!;

/** x′[y][x] = x[y][W−1−x]: mirrored left to right. */
export function flipHorizontally(image: FloatArray, { height, width, channels }: TensorShape): void {
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let left = 0, right = width - 1; left < right; left++, right--) {
      const a = (row + left) * channels;
      const b = (row + right) * channels;
      for (let c = 0; c < channels; c++) {
        const t = image[a + c]!;
        image[a + c] = image[b + c]!;
        image[b + c] = t;
      }
    }
  }
}

/**
 * x′[y][x] = x[clamp(y + dy)][clamp(x + dx)]: the image padded by |d| pixels
 * that repeat its edge, then cropped back to its size with the crop's corner
 * moved by (dx, dy). The edge is repeated rather than padded with zeros so
 * that no black band appears for the network to learn as a feature of shifted images.
 */
export function shiftImage(
  image: FloatArray,
  { height, width, channels }: TensorShape,
  dx: number,
  dy: number,
  scratch: Float64Array,
): void {
  const n = height * width * channels;
  for (let i = 0; i < n; i++) scratch[i] = image[i]!;
  for (let y = 0; y < height; y++) {
    const from = clampIndex(y + dy, height) * width;
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * channels;
      const q = (from + clampIndex(x + dx, width)) * channels;
      for (let c = 0; c < channels; c++) image[p + c] = scratch[q + c]!;
    }
  }
}

/**
 * Turns the image by `degrees` anticlockwise as it is shown, about its centre
 * (cx, cy) = ((W−1)/2, (H−1)/2). Each pixel (x, y) takes the value at
 *   sx = cx + cos θ·(x − cx) − sin θ·(y − cy),  sy = cy + sin θ·(x − cx) + cos θ·(y − cy)
 * (y grows downwards), sampled bilinearly between the four pixels around it,
 * with positions outside the image clamped to its edge.
 */
export function rotate(
  image: FloatArray,
  { height, width, channels }: TensorShape,
  degrees: number,
  scratch: Float64Array,
): void {
  const theta = (degrees * Math.PI) / 180;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  const n = height * width * channels;
  for (let i = 0; i < n; i++) scratch[i] = image[i]!;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = cx + cos * (x - cx) - sin * (y - cy);
      const sy = cy + sin * (x - cx) + cos * (y - cy);
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const left = clampIndex(x0, width);
      const right = clampIndex(x0 + 1, width);
      const top = clampIndex(y0, height) * width;
      const bottom = clampIndex(y0 + 1, height) * width;
      const p = (y * width + x) * channels;
      for (let c = 0; c < channels; c++) {
        const above =
          (1 - fx) * scratch[(top + left) * channels + c]! + fx * scratch[(top + right) * channels + c]!;
        const below =
          (1 - fx) * scratch[(bottom + left) * channels + c]! +
          fx * scratch[(bottom + right) * channels + c]!;
        image[p + c] = (1 - fy) * above + fy * below;
      }
    }
  }
}

/** x′ = clamp(x + b): every value lighter (b > 0) or darker by b. */
export function adjustBrightness(image: FloatArray, b: number): void {
  for (let i = 0; i < image.length; i++) image[i] = clamp01(image[i]! + b);
}

/** x′ = clamp(μ + k·(x − μ)), μ the image's mean luma: k > 1 spreads the values, k < 1 greys them. */
export function adjustContrast(image: FloatArray, k: number): void {
  let sum = 0;
  for (let p = 0; p < image.length; p += 3) sum += luma(image, p);
  const mean = sum / (image.length / 3);
  for (let i = 0; i < image.length; i++) image[i] = clamp01(mean + k * (image[i]! - mean));
}

/** x′ = clamp(Y + k·(x − Y)), Y the pixel's luma: k = 0 is grey, k > 1 more colourful. */
export function adjustSaturation(image: FloatArray, k: number): void {
  for (let p = 0; p < image.length; p += 3) {
    const grey = luma(image, p);
    for (let c = 0; c < 3; c++) image[p + c] = clamp01(grey + k * (image[p + c]! - grey));
  }
}

/** x′ = clamp(x + σ·n), n ~ N(0, 1) drawn for every value. */
export function addNoise(image: FloatArray, sigma: number, random: Random): void {
  for (let i = 0; i < image.length; i++) image[i] = clamp01(image[i]! + sigma * random.normal());
}

/** What the training loop augments: its batches' settings and the shape of one example. */
export interface Augmentation {
  readonly setup: AugmentationSetup;
  readonly shape: TensorShape;
}

/**
 * The seed of augmentation's own generator, from the run's training seed: a
 * second stream (the seed XOR 0x61756721, "aug!" in ASCII), so that turning
 * augmentation on leaves the initial weights and the order of examples as they were.
 */
export function augmentationRandom(trainingSeed: number): Random {
  return new Random((trainingSeed ^ 0x61756721) >>> 0);
}

/**
 * The training loop's step that augments a gathered batch x [m, n_0] in place,
 * drawing from augmentation's generator for the run's `seed`; null when there is nothing to do.
 */
export function batchAugmenter(
  augmentation: Augmentation | undefined,
  seed: number,
  inputSize: number,
): ((x: FloatArray, m: number) => void) | null {
  if (augmentation === undefined || !isAugmenting(augmentation.setup)) return null;
  const { setup, shape } = augmentation;
  if (shape.height * shape.width * shape.channels !== inputSize) {
    throw new RangeError(
      `augmentation is set for ${shape.width}×${shape.height}×${shape.channels} images, the inputs have ${inputSize} values`,
    );
  }
  const random = augmentationRandom(seed);
  return (x, m) => augmentBatch(x, m, shape, setup, random);
}
