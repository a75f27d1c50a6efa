/**
 * What the Inside view draws, as plain numbers: the gradient-norm heatmap
 * (layers × epochs, on a log scale), the activation functions and their
 * derivatives, and the first layer's weights as RGBA pixels.
 */
import type { EpochPoint, LayerInspection } from '../../../api/contract.ts';

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
  /** columns are epochs, rows are layers, layer 1 at the top */
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8ClampedArray;
  /** log10 of the smallest and largest finite norm shown */
  readonly low: number;
  readonly high: number;
}

/** Gradient norms per layer and epoch; missing, zero or non-finite norms are drawn grey. */
export function gradientHeatmap(curve: readonly EpochPoint[]): Heatmap {
  const width = curve.length;
  const height = curve[0]?.gradientNorms.length ?? 0;
  const logs = curve.map((p) =>
    p.gradientNorms.map((n) => (n > 0 && Number.isFinite(n) ? Math.log10(n) : null)),
  );
  const finite = logs.flat().filter((v): v is number => v !== null);
  const low = finite.length ? Math.min(...finite) : 0;
  const high = finite.length ? Math.max(...finite) : 0;
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const v = logs[x]![y] ?? null;
      const [r, g, b] =
        v === null ? [128, 128, 128] : rampColour(high > low ? (v - low) / (high - low) : 0.5);
      rgba.set([r, g, b, 255], (y * width + x) * 4);
    }
  }
  return { width, height, rgba, low, high };
}

export type ActivationName = LayerInspection['activation'];

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** g(z) and g'(z), as the notes define them. */
export function activationAt(name: ActivationName, z: number): { g: number; slope: number } {
  switch (name) {
    case 'relu':
      return { g: Math.max(0, z), slope: z > 0 ? 1 : 0 };
    case 'leakyRelu':
      return { g: z > 0 ? z : 0.01 * z, slope: z > 0 ? 1 : 0.01 };
    case 'sigmoid': {
      const s = sigmoid(z);
      return { g: s, slope: s * (1 - s) };
    }
    case 'tanh': {
      const t = Math.tanh(z);
      return { g: t, slope: 1 - t * t };
    }
    default:
      return { g: z, slope: 1 };
  }
}

/** The first layer's weights of each unit as RGBA pixels of the input's size. */
export function weightImages(firstLayer: {
  units: number;
  width: number;
  height: number;
  base64: string;
}): Uint8ClampedArray[] {
  const bytes = Uint8Array.from(atob(firstLayer.base64), (c) => c.charCodeAt(0));
  const pixels = firstLayer.width * firstLayer.height;
  return Array.from({ length: firstLayer.units }, (_, u) => {
    const rgba = new Uint8ClampedArray(pixels * 4);
    for (let p = 0; p < pixels; p++) {
      const from = (u * pixels + p) * 3;
      rgba.set([bytes[from]!, bytes[from + 1]!, bytes[from + 2]!, 255], p * 4);
    }
    return rgba;
  });
}

/** "z[2] = W[2]·a[1] + b[2]" with the shapes, for m examples. */
export function layerEquation(layer: Pick<LayerInspection, 'layer' | 'units' | 'fanIn' | 'activation'>) {
  const l = layer.layer;
  const below = l === 1 ? 'x' : `a[${l - 1}]`;
  return {
    equation: `z[${l}] = W[${l}]·${below} + b[${l}],  a[${l}] = ${layer.activation}(z[${l}])`,
    shapes: `W[${l}]: ${layer.units}×${layer.fanIn},  ${below}: ${layer.fanIn}×m,  b[${l}]: ${layer.units}×1,  z[${l}], a[${l}]: ${layer.units}×m`,
  };
}
