/**
 * A network's shape as plain data: a closed description with bounded sizes,
 * checked before anything is allocated from it (it may come from a file).
 */
import { ACTIVATION_LABELS, ACTIVATION_NAMES, type ActivationName } from './activations.ts';
import { LOSS_NAMES, LOSSES, type LossName } from './losses.ts';

/**
 * The shape of one example's activations, stored height-major then width then
 * channel (NHWC for a batch: example, row, column, channel), as images are
 * read: the value of channel c at row y, column x is at (y·width + x)·channels + c.
 */
export interface TensorShape {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/** 'valid': no padding; 'same': zeros around so that out = ⌈in / stride⌉ (the extra one, if odd, after) */
export type Padding = 'same' | 'valid';
export const PADDINGS: readonly Padding[] = ['same', 'valid'];

/** z = W·a + b per example (the notes' layer); on an H×W×C input it reads the H·W·C values in order */
export interface DenseSpec {
  readonly type?: 'dense';
  /** n_l, the number of units */
  readonly units: number;
  readonly activation: ActivationName;
}

/** `filters` k×k kernels over every channel of the input, each with a bias */
export interface Conv2dSpec {
  readonly type: 'conv2d';
  readonly filters: number;
  /** k, the side of each kernel */
  readonly kernel: number;
  readonly stride: number;
  readonly padding: Padding;
  readonly activation: ActivationName;
}

/** the maximum or the mean of each size×size window, `stride` apart, channel by channel; windows past the edge are dropped */
export interface PoolSpec {
  readonly type: 'maxPool' | 'averagePool';
  readonly size: number;
  readonly stride: number;
}

/** H×W×C as one row of H·W·C values, in the order they are stored (no computation) */
export interface FlattenSpec {
  readonly type: 'flatten';
}

/** in training, each value zeroed with probability `rate` and the rest scaled by 1/(1 − rate); at evaluation, none */
export interface DropoutSpec {
  readonly type: 'dropout';
  readonly rate: number;
}

/** each channel normalised over the batch (running statistics at evaluation), then scaled by γ and shifted by β */
export interface BatchNormSpec {
  readonly type: 'batchNorm';
}

/** ε in batch normalisation's x̂ = (x − μ)/√(σ² + ε), as PyTorch and ONNX default it */
export const BATCH_NORM_EPSILON = 1e-5;

export type LayerSpec = DenseSpec | Conv2dSpec | PoolSpec | FlattenSpec | DropoutSpec | BatchNormSpec;
export type LayerKind = NonNullable<LayerSpec['type']>;
export const LAYER_KINDS: readonly LayerKind[] = [
  'dense',
  'conv2d',
  'maxPool',
  'averagePool',
  'flatten',
  'dropout',
  'batchNorm',
];

export function layerKind(spec: LayerSpec): LayerKind {
  return spec.type ?? 'dense';
}

/** The rows of a layer's weight: a dense layer's units, a convolution's filters; 0 for the others. */
export function weightRows(spec: LayerSpec): number {
  if (spec.type === undefined || spec.type === 'dense') return spec.units;
  return spec.type === 'conv2d' ? spec.filters : 0;
}

export function isDense(spec: LayerSpec): spec is DenseSpec {
  return layerKind(spec) === 'dense';
}

/** The activation applied after the layer's own computation ('linear' for the layers that have none). */
export function activationOf(spec: LayerSpec): ActivationName {
  return spec.type === undefined || spec.type === 'dense' || spec.type === 'conv2d'
    ? spec.activation
    : 'linear';
}

export interface Architecture {
  /** n_0, the length of one input vector */
  readonly inputSize: number;
  /** the input as an image, height × width × channels = inputSize; absent: 1 × 1 × inputSize */
  readonly inputShape?: TensorShape;
  /** layers 1..L; the last is the output layer, a dense one */
  readonly layers: readonly LayerSpec[];
  readonly loss: LossName;
}

export const LIMITS = {
  maxInputSize: 4096 * 4096 * 3,
  maxLayers: 64,
  maxUnits: 65536,
  maxKernel: 15,
  maxStride: 8,
  maxParameters: 1 << 28,
  /** values one example's activations may hold at any layer */
  maxActivations: 1 << 26,
} as const;

/** The number of values one example holds in this shape. */
export function shapeSize({ height, width, channels }: TensorShape): number {
  return height * width * channels;
}

/** "64×64×3" */
export function describeShape({ height, width, channels }: TensorShape): string {
  return `${height}×${width}×${channels}`;
}

export function inputShapeOf(architecture: Architecture): TensorShape {
  return architecture.inputShape ?? { height: 1, width: 1, channels: architecture.inputSize };
}

/** out = ⌈in/stride⌉ for 'same', ⌊(in − k)/stride⌋ + 1 for 'valid' (0 or less: nothing is left) */
export function convolvedSide(side: number, kernel: number, stride: number, padding: Padding): number {
  return padding === 'same' ? Math.ceil(side / stride) : Math.floor((side - kernel) / stride) + 1;
}

/** The zeros 'same' padding puts before the first row or column: half the total, the odd one after. */
export function paddingBefore(side: number, kernel: number, stride: number, padding: Padding): number {
  if (padding === 'valid') return 0;
  const out = convolvedSide(side, kernel, stride, padding);
  return Math.floor(Math.max((out - 1) * stride + kernel - side, 0) / 2);
}

/** A layer's stored tensors: their names in the model file, shapes, and whether training changes them. */
export interface TensorSpec {
  readonly name: 'weight' | 'bias' | 'runningMean' | 'runningVariance';
  readonly shape: readonly number[];
  readonly trainable: boolean;
}

/** One layer of an architecture with the shapes it takes and gives and the tensors it stores. */
export interface PlacedLayer {
  readonly spec: LayerSpec;
  readonly kind: LayerKind;
  readonly input: TensorShape;
  readonly output: TensorShape;
  /** the weight, then the bias, then any statistics, in the flat order of the parameters */
  readonly tensors: readonly TensorSpec[];
  /** the values of `tensors` together */
  readonly stored: number;
  /** the values of the trainable tensors, which come first */
  readonly trainable: number;
  /** what a unit of the layer sums over: n_(l−1) for dense, k·k·C for a convolution; 0 without weights */
  readonly fanIn: number;
  /** outputs per input for initialisers: n_l for dense, k·k·filters for a convolution */
  readonly fanOut: number;
}

/** The shape a layer gives from the shape it takes, or the sentence saying why it can give none. */
export function layerOutput(spec: LayerSpec, input: TensorShape): TensorShape | string {
  const { height, width, channels } = input;
  switch (spec.type ?? 'dense') {
    case 'dense':
      return { height: 1, width: 1, channels: (spec as DenseSpec).units };
    case 'conv2d': {
      const { filters, kernel, stride, padding } = spec as Conv2dSpec;
      const h = convolvedSide(height, kernel, stride, padding);
      const w = convolvedSide(width, kernel, stride, padding);
      if (h < 1 || w < 1)
        return `a ${kernel}×${kernel} ${padding} convolution on ${height}×${width} input leaves nothing`;
      return { height: h, width: w, channels: filters };
    }
    case 'maxPool':
    case 'averagePool': {
      const { size, stride } = spec as PoolSpec;
      const h = convolvedSide(height, size, stride, 'valid');
      const w = convolvedSide(width, size, stride, 'valid');
      if (h < 1 || w < 1) return `a ${size}×${size} pool on ${height}×${width} input leaves nothing`;
      return { height: h, width: w, channels };
    }
    case 'flatten':
      return { height: 1, width: 1, channels: shapeSize(input) };
    case 'dropout':
    case 'batchNorm':
      return input;
  }
}

function tensorsOf(
  spec: LayerSpec,
  input: TensorShape,
): { tensors: TensorSpec[]; fanIn: number; fanOut: number } {
  const trained = (name: TensorSpec['name'], ...shape: number[]): TensorSpec => ({
    name,
    shape,
    trainable: true,
  });
  switch (spec.type ?? 'dense') {
    case 'dense': {
      const { units } = spec as DenseSpec;
      const fanIn = shapeSize(input);
      return { tensors: [trained('weight', units, fanIn), trained('bias', units)], fanIn, fanOut: units };
    }
    case 'conv2d': {
      const { filters, kernel } = spec as Conv2dSpec;
      const c = input.channels;
      return {
        // OHWI: [filters, k, k, C_in], each filter's weights in the order of the input's values
        tensors: [trained('weight', filters, kernel, kernel, c), trained('bias', filters)],
        fanIn: kernel * kernel * c,
        fanOut: kernel * kernel * filters,
      };
    }
    case 'batchNorm': {
      const c = input.channels;
      return {
        tensors: [
          trained('weight', c),
          trained('bias', c),
          { name: 'runningMean', shape: [c], trainable: false },
          { name: 'runningVariance', shape: [c], trainable: false },
        ],
        fanIn: 0,
        fanOut: 0,
      };
    }
    default:
      return { tensors: [], fanIn: 0, fanOut: 0 };
  }
}

const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * Every layer with its shapes and tensors, in order; throws (with the reasons)
 * where the architecture is not usable, so check it first where it may not be.
 */
export function placeLayers(architecture: Architecture): PlacedLayer[] {
  const placed: PlacedLayer[] = [];
  let input = inputShapeOf(architecture);
  for (const spec of architecture.layers) {
    const output = layerOutput(spec, input);
    if (typeof output === 'string') throw new Error(`Invalid architecture: ${output}`);
    const { tensors, fanIn, fanOut } = tensorsOf(spec, input);
    const sizes = tensors.map((t) => product(t.shape));
    placed.push({
      spec,
      kind: layerKind(spec),
      input,
      output,
      tensors,
      stored: sizes.reduce((a, b) => a + b, 0),
      trainable: sizes.filter((_, i) => tensors[i]!.trainable).reduce((a, b) => a + b, 0),
      fanIn,
      fanOut,
    });
    input = output;
  }
  return placed;
}

/** Number of stored values, weights, biases and statistics: Σ_l n_l·(n_(l−1) + 1) for a dense network. */
export function parameterCount(architecture: Architecture): number {
  return placeLayers(architecture).reduce((sum, layer) => sum + layer.stored, 0);
}

/** The output layer: a dense layer by the architecture's rules. */
export function outputLayer(architecture: Architecture): DenseSpec {
  return architecture.layers[architecture.layers.length - 1] as DenseSpec;
}

function isCount(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max;
}

/** The reasons one layer's own numbers are not usable (its place in the network aside), each starting with `at`. */
export function layerSpecProblems(layer: Record<string, unknown>, at: string, isLast: boolean): string[] {
  const problems: string[] = [];
  const { type = 'dense', units, activation, filters, kernel, stride, padding, size, rate } = layer;
  if (!LAYER_KINDS.includes(type as LayerKind)) return [`${at}: unknown layer type "${String(type)}"`];
  if (isLast && type !== 'dense') problems.push(`${at}: the output layer must be a dense layer`);
  if (type === 'dense' && !isCount(units, LIMITS.maxUnits))
    problems.push(`${at}: units must be an integer from 1 to ${LIMITS.maxUnits}`);
  if (type === 'conv2d') {
    if (!isCount(filters, LIMITS.maxUnits))
      problems.push(`${at}: filters must be an integer from 1 to ${LIMITS.maxUnits}`);
    if (!isCount(kernel, LIMITS.maxKernel))
      problems.push(`${at}: the kernel side must be from 1 to ${LIMITS.maxKernel}`);
    if (!PADDINGS.includes(padding as Padding)) problems.push(`${at}: unknown padding "${String(padding)}"`);
  }
  if (type === 'conv2d' || type === 'maxPool' || type === 'averagePool') {
    if (!isCount(stride, LIMITS.maxStride))
      problems.push(`${at}: the stride must be from 1 to ${LIMITS.maxStride}`);
  }
  if ((type === 'maxPool' || type === 'averagePool') && !isCount(size, LIMITS.maxKernel))
    problems.push(`${at}: the pool size must be from 1 to ${LIMITS.maxKernel}`);
  if (type === 'dropout' && !(typeof rate === 'number' && rate >= 0 && rate < 1))
    problems.push(`${at}: the dropout rate must be from 0 to below 1`);
  if (type === 'dense' || type === 'conv2d') {
    if (typeof activation !== 'string' || !ACTIVATION_NAMES.includes(activation as ActivationName)) {
      problems.push(`${at}: unknown activation "${String(activation)}"`);
    } else if (activation === 'softmax' && !isLast) {
      problems.push(`${at}: softmax is only available on the output layer`);
    }
  }
  return problems;
}

function isShape(value: unknown): value is TensorShape {
  if (typeof value !== 'object' || value === null) return false;
  const { height, width, channels } = value as Record<string, unknown>;
  return [height, width, channels].every((n) => isCount(n, LIMITS.maxInputSize));
}

/** Returns the reasons the value is not a usable architecture (empty when it is). */
export function architectureProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return ['the architecture is not an object'];
  const { inputSize, inputShape, layers, loss } = value as Record<string, unknown>;
  const problems: string[] = [];
  if (!isCount(inputSize, LIMITS.maxInputSize)) {
    problems.push(`input size must be an integer from 1 to ${LIMITS.maxInputSize}`);
  } else if (inputShape !== undefined && !(isShape(inputShape) && shapeSize(inputShape) === inputSize)) {
    problems.push(`the input shape must be height × width × channels = ${inputSize}`);
  }
  if (typeof loss !== 'string' || !LOSS_NAMES.includes(loss as LossName)) {
    problems.push(`unknown loss "${String(loss)}"`);
  }
  if (!Array.isArray(layers) || layers.length === 0 || layers.length > LIMITS.maxLayers) {
    problems.push(`layers must be a list of 1 to ${LIMITS.maxLayers} layers`);
    return problems;
  }
  layers.forEach((layer: unknown, index) => {
    const fields = typeof layer === 'object' && layer !== null ? (layer as Record<string, unknown>) : {};
    problems.push(...layerSpecProblems(fields, `layer ${index + 1}`, index === layers.length - 1));
  });
  if (problems.length > 0) return problems;

  const architecture = value as Architecture;
  let shape = inputShapeOf(architecture);
  for (const [index, spec] of architecture.layers.entries()) {
    const output = layerOutput(spec, shape);
    if (typeof output === 'string') return [`layer ${index + 1}: ${output}`];
    if (shapeSize(output) > LIMITS.maxActivations)
      return [
        `layer ${index + 1}: ${describeShape(output)} is more than ${LIMITS.maxActivations} values per example`,
      ];
    shape = output;
  }
  const output = outputLayer(architecture);
  const required = LOSSES[loss as LossName].requiredOutput;
  if (required !== null && output.activation !== required) {
    problems.push(`${loss} needs a ${required} output layer, not ${output.activation}`);
  }
  if (output.activation === 'softmax' && output.units < 2) {
    problems.push('a softmax output needs at least 2 units');
  }
  if (parameterCount(architecture) > LIMITS.maxParameters) {
    problems.push(`more than ${LIMITS.maxParameters} parameters`);
  }
  return problems;
}

export function assertArchitecture(value: unknown): asserts value is Architecture {
  const problems = architectureProblems(value);
  if (problems.length > 0) throw new Error(`Invalid architecture: ${problems.join('; ')}`);
}

/** One layer in a few words: "20 ReLU", "conv 3×3×16 s2 same ReLU", "max pool 2×2", "flatten". */
export function describeLayer(spec: LayerSpec): string {
  switch (spec.type ?? 'dense') {
    case 'dense': {
      const { units, activation } = spec as DenseSpec;
      return `${units} ${ACTIVATION_LABELS[activation]}`;
    }
    case 'conv2d': {
      const { filters, kernel, stride, padding, activation } = spec as Conv2dSpec;
      const strided = stride === 1 ? '' : ` stride ${stride}`;
      return `conv ${kernel}×${kernel}×${filters}${strided} ${padding} ${ACTIVATION_LABELS[activation]}`;
    }
    case 'maxPool':
    case 'averagePool': {
      const { size, stride, type } = spec as PoolSpec;
      const strided = stride === size ? '' : ` stride ${stride}`;
      return `${type === 'maxPool' ? 'max' : 'average'} pool ${size}×${size}${strided}`;
    }
    case 'flatten':
      return 'flatten';
    case 'dropout':
      return `dropout ${(spec as DropoutSpec).rate}`;
    case 'batchNorm':
      return 'batch norm';
  }
}

/**
 * "12288 → 20 ReLU → 1 sigmoid": the layer sizes the course writes [12288, 20, 1], with their
 * activations; a network that sees the input as an image starts from its shape, "64×64×3 → conv …".
 */
export function describeArchitecture(architecture: Architecture): string {
  const spatial = architecture.layers.some((l) => SPATIAL_KINDS.has(layerKind(l)));
  const input = spatial ? describeShape(inputShapeOf(architecture)) : String(architecture.inputSize);
  return [input, ...architecture.layers.map(describeLayer)].join(' → ');
}

/** The layers that see their input as an image, height by width by channels. */
const SPATIAL_KINDS: ReadonlySet<LayerKind> = new Set(['conv2d', 'maxPool', 'averagePool']);
