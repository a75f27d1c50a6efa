import { describe, expect, it } from 'vitest';
import type { EpochPoint } from '../../src/api/contract.ts';
import { epochPoint } from '../helpers/points.ts';
import {
  activationCurve,
  gradientHeatmap,
  layerEquation,
  rampColour,
  weightImages,
} from '../../src/renderer/src/lib/inside.ts';

const point = (epoch: number, rms: number[]): EpochPoint =>
  epochPoint({ epoch, gradientNorms: rms.map((v) => v * 100), gradientRms: rms });

describe('what the Inside view draws', () => {
  it("maps each layer's gradient per parameter and epoch to colours on a log scale, grey where there is none", () => {
    const map = gradientHeatmap([point(1, [1e-6, 1]), point(2, [0, 1e-3])]);
    expect([map.width, map.height, map.low, map.high]).toEqual([2, 2, -6, 0]);
    const at = (x: number, y: number) => [...map.rgba.subarray((y * 2 + x) * 4, (y * 2 + x) * 4 + 3)];
    expect(at(0, 0)).toEqual(rampColour(0)); // 1e-6: the smallest
    expect(at(0, 1)).toEqual(rampColour(1)); // 1: the largest
    expect(at(1, 0)).toEqual([128, 128, 128]); // zero: no colour on a log scale
    expect(at(1, 1)).toEqual(rampColour(0.5)); // 1e-3: half way in log10
  });

  it('draws a long run in at most 640 columns, each named by its epoch, the first and the last among them', () => {
    const curve = Array.from({ length: 5000 }, (_, i) => point(i + 1, [1 / (i + 1), 1]));
    const map = gradientHeatmap(curve);
    expect(map.width).toBeLessThanOrEqual(640);
    expect(map.epochs).toHaveLength(map.width);
    expect([map.epochs[0], map.epochs.at(-1)]).toEqual([1, 5000]);
    expect(map.low).toBeCloseTo(Math.log10(1 / 5000), 12);
  });

  it("gives each activation and its derivative as the notes do, from the network's own code", () => {
    const at = (name: Parameters<typeof activationCurve>[0], z: number) => {
      const { g, slope } = activationCurve(name, [z]);
      return { g: g[0], slope: slope[0] };
    };
    expect(at('sigmoid', 0)).toEqual({ g: 0.5, slope: 0.25 });
    expect(at('tanh', 0)).toEqual({ g: 0, slope: 1 });
    expect(at('relu', -2)).toEqual({ g: 0, slope: 0 });
    expect(at('leakyRelu', -2)).toEqual({ g: -0.02, slope: 0.01 });
    expect(at('sigmoid', 10).slope).toBeLessThan(1e-4);
  });

  it('turns the first layer weights into one RGBA picture per unit', () => {
    const bytes = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]); // 2 units of 1×2 pixels
    const [first, second] = weightImages({
      units: 2,
      width: 2,
      height: 1,
      base64: btoa(String.fromCharCode(...bytes)),
    });
    expect([...first!]).toEqual([1, 2, 3, 255, 4, 5, 6, 255]);
    expect([...second!]).toEqual([7, 8, 9, 255, 10, 11, 12, 255]);
  });

  const dense = (layer: number, units: number, fanIn: number) => ({
    layer,
    units,
    fanIn,
    activation: 'relu' as const,
    kind: 'dense' as const,
    weightShape: [units, fanIn],
    output: { height: 1, width: 1, channels: units },
  });

  it('writes each layer as its equation with the shapes', () => {
    expect(layerEquation(dense(2, 7, 20))).toEqual({
      equation: 'z[2] = W[2]·a[1] + b[2],  a[2] = relu(z[2])',
      shapes: 'W[2]: 7×20,  a[1]: 20×m,  b[2]: 7×1,  z[2], a[2]: 7×m',
    });
    expect(layerEquation(dense(1, 20, 12288)).equation).toMatch(/^z\[1\] = W\[1\]·x \+ b\[1\]/);
  });

  it('writes a convolution with its filters and its maps per image, and batch norm with γ and β', () => {
    const conv = {
      ...dense(1, 64 * 64 * 16, 27),
      kind: 'conv2d' as const,
      weightShape: [16, 3, 3, 3],
      output: { height: 64, width: 64, channels: 16 },
    };
    expect(layerEquation(conv).shapes).toBe(
      'W[1]: 16 filters of 3×3×3,  b[1]: 16,  z[1], a[1]: 64×64×16 per image',
    );
    expect(layerEquation({ ...conv, layer: 2, kind: 'batchNorm', weightShape: [16] }).shapes).toBe(
      'γ[2], β[2]: 16,  z[2]: 64×64×16 per image',
    );
  });
});
