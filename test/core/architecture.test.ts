import { describe, expect, it } from 'vitest';
import {
  architectureProblems,
  convolvedSide,
  describeArchitecture,
  describeShape,
  paddingBefore,
  parameterCount,
  placeLayers,
  shapeSize,
} from '../../src/core/architecture.ts';

describe('architecture', () => {
  const course4 = {
    inputSize: 12288,
    layers: [
      { units: 20, activation: 'relu' },
      { units: 7, activation: 'relu' },
      { units: 5, activation: 'relu' },
      { units: 1, activation: 'sigmoid' },
    ],
    loss: 'binaryCrossEntropy',
  } as const;

  it("counts the course's 4-layer parameters: Σ n_l (n_(l−1) + 1)", () => {
    expect(parameterCount(course4)).toBe(20 * 12289 + 7 * 21 + 5 * 8 + 1 * 6);
    expect(describeArchitecture(course4)).toBe('12288 → 20 ReLU → 7 ReLU → 5 ReLU → 1 sigmoid');
  });

  it('accepts a valid architecture', () => {
    expect(architectureProblems(course4)).toEqual([]);
  });

  it.each([
    [null, /not an object/],
    [{ ...course4, inputSize: 0 }, /input size/],
    [{ ...course4, inputSize: 2.5 }, /input size/],
    [{ ...course4, loss: 'hinge' }, /unknown loss/],
    [{ ...course4, layers: [] }, /1 to 64 layers/],
    [{ ...course4, layers: [{ units: -3, activation: 'relu' }] }, /units/],
    [{ ...course4, layers: [{ units: 3, activation: 'eval' }] }, /unknown activation/],
    [
      {
        ...course4,
        loss: 'softmaxCrossEntropy',
        layers: [
          { units: 3, activation: 'softmax' },
          { units: 3, activation: 'softmax' },
        ],
      },
      /only available on the output layer/,
    ],
    [{ ...course4, layers: [{ units: 100000, activation: 'relu' }] }, /units/],
  ])('refuses %j', (value, reason) => {
    expect(architectureProblems(value).join('; ')).toMatch(reason);
  });
});

describe('an architecture of typed layers', () => {
  /** the bench's W5 network: three 3×3 same conv + 2×2 max-pool blocks of 16, 32, 64 filters, dense 64, sigmoid */
  const smallCnn = {
    inputSize: 64 * 64 * 3,
    inputShape: { height: 64, width: 64, channels: 3 },
    layers: [
      { type: 'conv2d', filters: 16, kernel: 3, stride: 1, padding: 'same', activation: 'relu' },
      { type: 'maxPool', size: 2, stride: 2 },
      { type: 'conv2d', filters: 32, kernel: 3, stride: 1, padding: 'same', activation: 'relu' },
      { type: 'maxPool', size: 2, stride: 2 },
      { type: 'conv2d', filters: 64, kernel: 3, stride: 1, padding: 'same', activation: 'relu' },
      { type: 'maxPool', size: 2, stride: 2 },
      { type: 'flatten' },
      { units: 64, activation: 'relu' },
      { units: 1, activation: 'sigmoid' },
    ],
    loss: 'binaryCrossEntropy',
  } as const;

  it('gives each layer the shape the one before it leaves, and stores OHWI weights', () => {
    const placed = placeLayers(smallCnn);
    expect(placed.map((l) => describeShape(l.output))).toEqual([
      '64×64×16',
      '32×32×16',
      '32×32×32',
      '16×16×32',
      '16×16×64',
      '8×8×64',
      '1×1×4096',
      '1×1×64',
      '1×1×1',
    ]);
    expect(placed[0]!.tensors).toEqual([
      { name: 'weight', shape: [16, 3, 3, 3], trainable: true },
      { name: 'bias', shape: [16], trainable: true },
    ]);
    expect(placed[2]!.fanIn).toBe(3 * 3 * 16);
    expect(parameterCount(smallCnn)).toBe(
      16 * 27 + 16 + (32 * 144 + 32) + (64 * 288 + 64) + (64 * 4096 + 64) + (64 + 1),
    );
    expect(describeArchitecture(smallCnn)).toBe(
      '64×64×3 → conv 3×3×16 same ReLU → max pool 2×2 → conv 3×3×32 same ReLU → max pool 2×2 → ' +
        'conv 3×3×64 same ReLU → max pool 2×2 → flatten → 64 ReLU → 1 sigmoid',
    );
  });

  it('pads "same" as TensorFlow does: out = ⌈in/stride⌉, the odd zero after', () => {
    expect(convolvedSide(7, 3, 2, 'same')).toBe(4);
    expect(paddingBefore(7, 3, 2, 'same')).toBe(1); // total (4−1)·2 + 3 − 7 = 2
    expect(paddingBefore(8, 3, 2, 'same')).toBe(0); // total 1, after
    expect(convolvedSide(7, 3, 2, 'valid')).toBe(3);
    expect(paddingBefore(7, 3, 1, 'valid')).toBe(0);
  });

  it('keeps batch normalisation’s running statistics after its trainable γ and β', () => {
    const placed = placeLayers({
      inputSize: 8,
      layers: [{ type: 'batchNorm' }, { units: 1, activation: 'sigmoid' }],
      loss: 'binaryCrossEntropy',
    });
    expect(placed[0]!.tensors.map((t) => [t.name, t.trainable])).toEqual([
      ['weight', true],
      ['bias', true],
      ['runningMean', false],
      ['runningVariance', false],
    ]);
    expect([placed[0]!.stored, placed[0]!.trainable]).toEqual([32, 16]);
  });

  const withLayers = (layers: readonly unknown[], inputShape = { height: 2, width: 2, channels: 3 }) => ({
    inputSize: shapeSize(inputShape),
    inputShape,
    layers: [...layers, { units: 1, activation: 'sigmoid' }],
    loss: 'binaryCrossEntropy',
  });

  it.each([
    [
      [{ type: 'conv2d', filters: 4, kernel: 3, stride: 1, padding: 'valid', activation: 'relu' }],
      'layer 1: a 3×3 valid convolution on 2×2 input leaves nothing',
    ],
    [[{ type: 'maxPool', size: 3, stride: 3 }], 'layer 1: a 3×3 pool on 2×2 input leaves nothing'],
    [
      [{ type: 'conv2d', filters: 4, kernel: 3, stride: 9, padding: 'same', activation: 'relu' }],
      'layer 1: the stride must be from 1 to 8',
    ],
    [[{ type: 'dropout', rate: 1 }], 'layer 1: the dropout rate must be from 0 to below 1'],
    [[{ type: 'pool' }], 'layer 1: unknown layer type "pool"'],
    [
      [{ type: 'conv2d', filters: 4, kernel: 1, stride: 1, padding: 'full', activation: 'relu' }],
      'layer 1: unknown padding "full"',
    ],
  ])('names what is wrong: %j', (layers, problem) => {
    expect(architectureProblems(withLayers(layers))).toContain(problem);
  });

  it('needs a dense output layer and an input shape that holds the input', () => {
    expect(architectureProblems({ ...withLayers([]), layers: [{ type: 'flatten' }] })).toContain(
      'layer 1: the output layer must be a dense layer',
    );
    expect(architectureProblems({ ...withLayers([]), inputSize: 13 })).toContain(
      'the input shape must be height × width × channels = 13',
    );
  });
});
