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

export interface LayerSpec {
  /** n_l, the number of units */
  readonly units: number;
  readonly activation: ActivationName;
}

export interface Architecture {
  /** n_0, the length of one input vector */
  readonly inputSize: number;
  /** layers 1..L; the last is the output layer */
  readonly layers: readonly LayerSpec[];
  readonly loss: LossName;
}

export const LIMITS = {
  maxInputSize: 4096 * 4096 * 3,
  maxLayers: 64,
  maxUnits: 65536,
  maxParameters: 1 << 28,
} as const;

/** Number of weights and biases: Σ_l n_l·(n_(l−1) + 1). */
export function parameterCount(architecture: Architecture): number {
  let count = 0;
  let fanIn = architecture.inputSize;
  for (const layer of architecture.layers) {
    count += layer.units * (fanIn + 1);
    fanIn = layer.units;
  }
  return count;
}

function isCount(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max;
}

/** Returns the reasons the value is not a usable architecture (empty when it is). */
export function architectureProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return ['the architecture is not an object'];
  const { inputSize, layers, loss } = value as Record<string, unknown>;
  const problems: string[] = [];
  if (!isCount(inputSize, LIMITS.maxInputSize)) {
    problems.push(`input size must be an integer from 1 to ${LIMITS.maxInputSize}`);
  }
  if (typeof loss !== 'string' || !LOSS_NAMES.includes(loss as LossName)) {
    problems.push(`unknown loss "${String(loss)}"`);
  }
  if (!Array.isArray(layers) || layers.length === 0 || layers.length > LIMITS.maxLayers) {
    problems.push(`layers must be a list of 1 to ${LIMITS.maxLayers} layers`);
    return problems;
  }
  layers.forEach((layer: unknown, index) => {
    const { units, activation } = (layer ?? {}) as Record<string, unknown>;
    const at = `layer ${index + 1}`;
    if (!isCount(units, LIMITS.maxUnits)) {
      problems.push(`${at}: units must be an integer from 1 to ${LIMITS.maxUnits}`);
    }
    if (typeof activation !== 'string' || !ACTIVATION_NAMES.includes(activation as ActivationName)) {
      problems.push(`${at}: unknown activation "${String(activation)}"`);
    } else if (activation === 'softmax' && index !== layers.length - 1) {
      problems.push(`${at}: softmax is only available on the output layer`);
    }
  });
  if (problems.length > 0) return problems;

  const output = layers[layers.length - 1] as LayerSpec;
  const required = LOSSES[loss as LossName].requiredOutput;
  if (required !== null && output.activation !== required) {
    problems.push(`${loss} needs a ${required} output layer, not ${output.activation}`);
  }
  if (output.activation === 'softmax' && output.units < 2) {
    problems.push('a softmax output needs at least 2 units');
  }
  if (parameterCount(value as Architecture) > LIMITS.maxParameters) {
    problems.push(`more than ${LIMITS.maxParameters} parameters`);
  }
  return problems;
}

export function assertArchitecture(value: unknown): asserts value is Architecture {
  const problems = architectureProblems(value);
  if (problems.length > 0) throw new Error(`Invalid architecture: ${problems.join('; ')}`);
}

/** "12288 → 20 ReLU → 1 sigmoid": the layer sizes the course writes [12288, 20, 1], with their activations */
export function describeArchitecture(architecture: Architecture): string {
  return [
    String(architecture.inputSize),
    ...architecture.layers.map((l) => `${l.units} ${ACTIVATION_LABELS[l.activation]}`),
  ].join(' → ');
}
