import { describe, expect, it } from 'vitest';
import { preset } from '../../src/core/presets.ts';
import type { RunSetup } from '../../src/core/runSetup.ts';
import { layerFlow, shapeText } from '../../src/renderer/src/lib/layerFlow.ts';

const cats = { inputSize: 64 * 64 * 3, classCount: 2 };
const withLayers = (hidden: RunSetup['hidden'], changes: Partial<RunSetup> = {}): RunSetup => ({
  ...preset('Quick: one hidden layer, Adam'),
  hidden,
  ...changes,
});

describe('the layers as the editor shows them', () => {
  it('places every layer with core: the shape it gives and the values it stores', () => {
    const flow = layerFlow(preset('Small CNN'), cats);
    expect(shapeText(flow.input, flow.vector)).toBe('64×64×3');
    expect(flow.layers.map((l) => shapeText(l.output!, l.vector))).toEqual([
      '64×64×16',
      '32×32×16',
      '32×32×32',
      '16×16×32',
      '16×16×64',
      '8×8×64',
      '4,096',
      '64',
      '1',
    ]);
    expect(flow.layers.map((l) => l.problem)).toEqual(Array(9).fill(null));
    // an image until flatten makes a row of its values; a pool that leaves one pixel leaves an image
    const pooledToOnePixel = layerFlow(
      withLayers([
        { type: 'maxPool', size: 8, stride: 8 },
        { type: 'maxPool', size: 8, stride: 8 },
        { type: 'batchNorm' },
        { type: 'flatten' },
        { type: 'dropout', rate: 0.5 },
      ]),
      cats,
    );
    expect(pooledToOnePixel.layers.map((l) => shapeText(l.output!, l.vector))).toEqual([
      '8×8×3',
      '1×1×3',
      '1×1×3',
      '3',
      '3',
      '1',
    ]);
    expect(flow.stored).toBe(flow.layers.reduce((sum, l) => sum + l.stored!, 0));
  });

  it('puts a problem of the setup’s own check at the hidden layer it names', () => {
    const flow = layerFlow(withLayers([{ type: 'flatten' }, { units: 5000, activation: 'relu' }]), cats);
    expect(flow.layers.map((l) => l.problem)).toEqual([null, '1 to 4096 units', null]);
    expect(flow.layers.map((l) => l.output && shapeText(l.output, l.vector))).toEqual(['12,288', null, null]);
    expect(flow.stored).toBeNull();
  });

  it('finds where the shapes run out even while another setting is wrong', () => {
    const conv = { type: 'conv2d', filters: 4, stride: 1, activation: 'relu' } as const;
    const hidden = [
      { ...conv, kernel: 3, padding: 'same' as const },
      { type: 'maxPool' as const, size: 8, stride: 8 },
      { ...conv, kernel: 9, padding: 'valid' as const },
    ];
    const flow = layerFlow(withLayers(hidden, { epochs: Number.NaN }), cats);
    expect(flow.layers.map((l) => l.problem)).toEqual([
      null,
      null,
      'a 9×9 valid convolution on 8×8 input leaves nothing',
      null,
    ]);
    expect(flow.layers.map((l) => l.output && shapeText(l.output, l.vector))).toEqual([
      '64×64×4',
      '8×8×4',
      null,
      null,
    ]);
  });
});
