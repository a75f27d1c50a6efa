/**
 * Looking inside a network on a fixed probe batch: per layer, the spread of
 * Z[l], A[l] and dJ/dW[l], how many ReLU units are dead and how many
 * sigmoid/tanh units are saturated, and whether a layer's units are still
 * identical copies of each other (what a zero initialisation leaves).
 */
import type { ActivationName } from './activations.ts';
import type { LayerKind, TensorShape } from './architecture.ts';
import { Batch, predictedClass, type Examples } from './examples.ts';
import type { FloatArray } from './matrix.ts';
import type { Network } from './network.ts';

export interface Histogram {
  readonly min: number;
  readonly max: number;
  /** counts of values in equal-width bins from min to max */
  readonly counts: readonly number[];
}

export interface LayerInspection {
  /** 1-based, as in the notes: layer l maps a[l−1] to a[l] */
  readonly layer: number;
  readonly activation: ActivationName;
  readonly kind: LayerKind;
  /** the weight's shape: dense [n_l, n_(l−1)], convolution [filters, k, k, C] (OHWI), batch norm γ [C] */
  readonly weightShape: number[];
  /** one example's output, H × W × C (1 × 1 × n_l for dense) */
  readonly output: TensorShape;
  readonly units: number;
  readonly fanIn: number;
  readonly preActivations: Histogram;
  readonly activations: Histogram;
  readonly weightGradients: Histogram;
  /** ‖dJ/dW[l]‖ on the probe batch */
  readonly gradientNorm: number;
  /** ‖dJ/dW[l]‖/√(n_l·n_(l−1)): the gradient per weight, comparable across layers of any width */
  readonly gradientRms: number;
  /** √(mean of a[l]²) over the probe batch: how large the signal is after layer l */
  readonly activationRms: number;
  /** ReLU: the share of units whose z ≤ 0 for every probe example; null for other activations (leaky ReLU too) */
  readonly deadFraction: number | null;
  /** sigmoid and tanh: the share of units whose g'(z) is under 1% of its peak on most probe examples */
  readonly saturatedFraction: number | null;
  /** every unit has the same incoming weights and bias */
  readonly identicalUnits: boolean;
}

export const HISTOGRAM_BINS = 24;

export function histogram(values: ArrayLike<number>, bins = HISTOGRAM_BINS): Histogram {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const counts = new Array<number>(bins).fill(0);
  if (min === Infinity) return { min: 0, max: 0, counts };
  const width = max - min;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    const bin = width === 0 ? 0 : Math.min(bins - 1, Math.floor(((v - min) / width) * bins));
    counts[bin]! += 1;
  }
  return { min, max, counts };
}

/** A unit counts as saturated when it is saturated on at least this share of the probe examples. */
const SATURATED_ON = 0.9;

function isSaturated(activation: ActivationName, a: number): boolean {
  // σ'(z) = a(1−a) peaks at 1/4; tanh'(z) = 1−a² peaks at 1: both under 1% of the peak
  if (activation === 'sigmoid') return a * (1 - a) < 0.0025;
  if (activation === 'tanh') return 1 - a * a < 0.01;
  return false;
}

function unitShares(
  z: FloatArray,
  a: FloatArray,
  m: number,
  units: number,
  activation: ActivationName,
): { deadFraction: number | null; saturatedFraction: number | null } {
  // a leaky ReLU below zero still passes 1% of the gradient: it is not dead
  const relu = activation === 'relu';
  const squashing = activation === 'sigmoid' || activation === 'tanh';
  if (!relu && !squashing) return { deadFraction: null, saturatedFraction: null };
  let flagged = 0;
  for (let u = 0; u < units; u++) {
    let count = 0;
    for (let r = 0; r < m; r++) {
      const i = r * units + u;
      if (relu ? z[i]! > 0 : isSaturated(activation, a[i]!)) count++;
    }
    if (relu ? count === 0 : count >= SATURATED_ON * m) flagged++;
  }
  const share = flagged / units;
  return relu
    ? { deadFraction: share, saturatedFraction: null }
    : { deadFraction: null, saturatedFraction: share };
}

function weightShape(layer: Network['layers'][number]): number[] {
  if (layer.kind === 'conv2d') {
    const k = Math.round(Math.sqrt(layer.fanIn / layer.input.channels));
    return [layer.weightRows, k, k, layer.input.channels];
  }
  return layer.kind === 'dense' ? [layer.weightRows, layer.fanIn] : [layer.weight.length];
}

/** True when every row of W (units × fanIn) and every bias is the first one's. */
export function unitsIdentical(weight: FloatArray, bias: FloatArray, units: number, fanIn: number): boolean {
  if (units < 2) return false;
  for (let u = 1; u < units; u++) {
    if (bias[u] !== bias[0]) return false;
    for (let k = 0; k < fanIn; k++) if (weight[u * fanIn + k] !== weight[k]) return false;
  }
  return true;
}

function sumOfSquares(values: FloatArray): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]! * values[i]!;
  return sum;
}

/**
 * Forward and backward on the probe batch x (m rows) with targets y, without
 * updating anything, and what each layer looks like. Overwrites the network's
 * gradients, so call it between training steps, not inside one.
 */
export function inspectNetwork(network: Network, x: FloatArray, y: FloatArray, m: number): LayerInspection[] {
  network.forward(x, m);
  network.backward(x, y, m);
  return network.weighted.map((layer) => {
    const { z, a } = network.cached(layer.index, m);
    // a convolution's unit is a filter, the same at every position: its values are the columns of [m·H·W, F]
    const columns = layer.kind === 'conv2d' ? layer.output.channels : layer.units;
    const gradientSquares = sumOfSquares(layer.weightGrad);
    return {
      layer: layer.index + 1,
      activation: layer.activation.name,
      kind: layer.kind,
      weightShape: weightShape(layer),
      output: layer.output,
      units: layer.units,
      fanIn: layer.fanIn,
      preActivations: histogram(z),
      activations: histogram(a),
      weightGradients: histogram(layer.weightGrad),
      gradientNorm: Math.sqrt(gradientSquares),
      gradientRms: Math.sqrt(gradientSquares / layer.weightGrad.length),
      activationRms: Math.sqrt(sumOfSquares(a) / a.length),
      ...unitShares(z, a, (m * layer.units) / columns, columns, layer.activation.name),
      identicalUnits: unitsIdentical(layer.weight, layer.bias, layer.weightRows, layer.fanIn),
    };
  });
}

/** Pictures of weights: `units` RGB images of width × height, one after the other. */
export interface WeightPictures {
  readonly units: number;
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}

export const NO_PICTURES: WeightPictures = { units: 0, width: 0, height: 0, pixels: new Uint8Array(0) };

/**
 * The first layer's incoming weights as images: one RGB picture per hidden unit
 * of a dense layer (the size of the input image) or per filter of a convolution
 * (k × k), up to `limit`, each scaled on its own so that its largest |w| is full
 * brightness and 0 is mid-grey. Both are laid out height × width × 3. None when
 * the first layer has no weights or the input is not an RGB image.
 */
export function firstLayerImages(network: Network, limit: number): WeightPictures {
  const layer = network.layers[0]!;
  const input = network.inputShape;
  const side = layer.kind === 'conv2d' ? Math.round(Math.sqrt(layer.fanIn / input.channels)) : 0;
  const [width, height] = layer.kind === 'conv2d' ? [side, side] : [input.width, input.height];
  if (layer.weightRows === 0 || input.channels !== 3) return NO_PICTURES;
  const units = Math.min(limit, layer.weightRows);
  const pixels = new Uint8Array(units * layer.fanIn);
  for (let u = 0; u < units; u++) {
    const row = layer.weight.subarray(u * layer.fanIn, (u + 1) * layer.fanIn);
    let largest = 0;
    for (let k = 0; k < row.length; k++) largest = Math.max(largest, Math.abs(row[k]!));
    for (let k = 0; k < row.length; k++) pixels[u * layer.fanIn + k] = weightByte(row[k]!, largest);
  }
  return { units, width, height, pixels };
}

/** A weight as a byte of its picture: 0 mid-grey, ±largest black or white. */
export function weightByte(w: number, largest: number): number {
  return Math.round(127.5 + (largest === 0 ? 0 : (w * 127.5) / largest));
}

export interface ProbeReport {
  readonly layers: LayerInspection[];
  /** share of the probe examples predicted as each class, and labelled as each */
  readonly predictedShares: number[];
  readonly labelShares: number[];
}

/**
 * A fixed batch of up to `size` examples, spread evenly over the set, on which
 * the network is inspected again and again as it trains.
 */
export class Probe {
  private readonly batch: Batch;
  readonly size: number;

  constructor(
    private readonly network: Network,
    examples: Examples,
    private readonly classCount: number,
    size = 64,
  ) {
    this.size = Math.min(size, examples.count);
    const step = examples.count / this.size;
    const order = Array.from({ length: this.size }, (_, i) => Math.floor(i * step));
    this.batch = new Batch(examples.inputSize, network.outputSize, this.size, network.kernel);
    this.batch.gather(examples, order, 0, this.size);
  }

  report(): ProbeReport {
    const { batch, size: m, classCount } = this;
    const layers = inspectNetwork(this.network, batch.x, batch.y, m);
    const output = this.network.cached(this.network.layers.length - 1, m).a;
    const predictedShares = new Array<number>(classCount).fill(0);
    const labelShares = new Array<number>(classCount).fill(0);
    for (let r = 0; r < m; r++) {
      predictedShares[predictedClass(output, r, this.network.outputSize)]! += 1;
      labelShares[batch.labels[r]!]! += 1;
    }
    return {
      layers,
      predictedShares: predictedShares.map((count) => count / m),
      labelShares: labelShares.map((count) => count / m),
    };
  }

  dispose(): void {
    this.batch.dispose();
  }
}
