/**
 * What the Inside view draws, as plain numbers: the heatmap of each layer's
 * gradient per parameter (layers × epochs, on a log scale), the activation functions and their
 * derivatives, and the first layer's weights as RGBA pixels.
 */
import type { EpochPoint, LayerInspection } from '../../../api/contract.ts';
import { ACTIVATIONS } from '../../../core/activations.ts';
import { drawnEpochs } from './chartData.ts';
import { layerGradients } from '../../../core/training.ts';

/** A perceptually even, colour-blind-safe ramp (viridis, sampled at five stops). */
const RAMP = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
] as const;

export function rampColour(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const a = RAMP[i]!;
  const b = RAMP[i + 1]!;
  return [0, 1, 2].map((c) => Math.round(a[c]! + (b[c]! - a[c]!) * f)) as [number, number, number];
}

export interface Heatmap {
  /** columns are epochs (at most `columns` of them, every k-th of a long run), rows are layers, layer 1 at the top */
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8ClampedArray;
  /** the epoch each column shows */
  readonly epochs: readonly number[];
  /** log10 of the smallest and largest finite gradient shown */
  readonly low: number;
  readonly high: number;
}

/** Each layer's gradient per parameter, per epoch; missing, zero or non-finite ones are drawn grey. */
export function gradientHeatmap(curve: readonly EpochPoint[], columns = 640): Heatmap {
  const epochs = drawnEpochs(curve.at(-1)?.epoch ?? 0, columns).filter((e) => curve[e - 1]?.epoch === e);
  const width = epochs.length;
  const height = curve[0]?.gradientNorms.length ?? 0;
  const logs = epochs.map((e) =>
    layerGradients(curve[e - 1]!).map((n) => (n > 0 && Number.isFinite(n) ? Math.log10(n) : null)),
  );
  let [low, high] = [Infinity, -Infinity];
  for (const column of logs)
    for (const v of column) if (v !== null) [low, high] = [Math.min(low, v), Math.max(high, v)];
  if (low > high) [low, high] = [0, 0];
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const v = logs[x]![y] ?? null;
      const [r, g, b] =
        v === null ? [128, 128, 128] : rampColour(high > low ? (v - low) / (high - low) : 0.5);
      rgba.set([r, g, b, 255], (y * width + x) * 4);
    }
  }
  return { width, height, rgba, epochs, low, high };
}

export type ActivationName = LayerInspection['activation'];

/**
 * g(z) and g'(z) at each of `zs`, computed by the network's own activation
 * (its forward pass, and its backward pass with dJ/da = 1).
 */
export function activationCurve(
  name: Exclude<ActivationName, 'softmax'>,
  zs: readonly number[],
): { g: Float64Array; slope: Float64Array } {
  const z = Float64Array.from(zs);
  const g = new Float64Array(z.length);
  const slope = new Float64Array(z.length);
  const activation = ACTIVATIONS[name];
  activation.forward(z, g, z.length, 1);
  activation.backward(z, g, new Float64Array(z.length).fill(1), slope, z.length, 1);
  return { g, slope };
}

/** The first layer's weights of each unit as RGBA pixels of the input's size. */
export function weightImages(firstLayer: {
  units: number;
  width: number;
  height: number;
  base64: string;
}): Uint8ClampedArray[] {
  // up to 32 units of 64×64×3 bytes arrive each second: plain loops, no array per pixel
  const binary = atob(firstLayer.base64);
  const pixels = firstLayer.width * firstLayer.height;
  return Array.from({ length: firstLayer.units }, (_, u) => {
    const rgba = new Uint8ClampedArray(pixels * 4);
    for (let p = 0, from = u * pixels * 3; p < pixels; p++, from += 3) {
      rgba[p * 4] = binary.charCodeAt(from);
      rgba[p * 4 + 1] = binary.charCodeAt(from + 1);
      rgba[p * 4 + 2] = binary.charCodeAt(from + 2);
      rgba[p * 4 + 3] = 255;
    }
    return rgba;
  });
}

/**
 * "z[2] = W[2]·a[1] + b[2]" with the shapes, for m examples; a convolution's W[l] ∗ a[l−1]
 * and batch normalisation's γ, β with shapes per image.
 */
export function layerEquation(
  layer: Pick<
    LayerInspection,
    'layer' | 'units' | 'fanIn' | 'activation' | 'kind' | 'weightShape' | 'output'
  >,
) {
  const l = layer.layer;
  const below = l === 1 ? 'x' : `a[${l - 1}]`;
  const { height, width, channels } = layer.output;
  if (layer.kind === 'conv2d') {
    const [filters, k, , inputChannels] = layer.weightShape;
    return {
      equation: `z[${l}] = W[${l}] ∗ ${below} + b[${l}],  a[${l}] = ${layer.activation}(z[${l}])   (∗: each filter slid over the image)`,
      shapes: `W[${l}]: ${filters} filters of ${k}×${k}×${inputChannels},  b[${l}]: ${filters},  z[${l}], a[${l}]: ${height}×${width}×${channels} per image`,
    };
  }
  if (layer.kind === 'batchNorm') {
    return {
      equation: `z[${l}] = γ[${l}]·(${below} − μ)/√(σ² + ε) + β[${l}]   (μ, σ²: each channel's over the batch)`,
      shapes: `γ[${l}], β[${l}]: ${channels},  z[${l}]: ${height}×${width}×${channels} per image`,
    };
  }
  return {
    equation: `z[${l}] = W[${l}]·${below} + b[${l}],  a[${l}] = ${layer.activation}(z[${l}])`,
    shapes: `W[${l}]: ${layer.units}×${layer.fanIn},  ${below}: ${layer.fanIn}×m,  b[${l}]: ${layer.units}×1,  z[${l}], a[${l}]: ${layer.units}×m`,
  };
}
