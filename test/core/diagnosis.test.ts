import { beforeAll, describe, expect, it } from 'vitest';
import type { Architecture } from '../../src/core/architecture.ts';
import { diagnose, type Finding, type RunState } from '../../src/core/diagnosis.ts';
import { firstLayerImages, histogram, Probe, unitsIdentical } from '../../src/core/inspection.ts';
import { preset } from '../../src/core/presets.ts';
import type { HiddenActivation, RunSetup } from '../../src/core/runSetup.ts';
import { createSeededNetwork } from '../../src/core/training.ts';
import type { DataSet } from '../../src/data/dataSet.ts';
import { generateSampleData } from '../../src/data/sample.ts';
import { blobs } from '../helpers/blobs.ts';
import { diagnosedRun } from '../helpers/diagnosedRun.ts';
import { epochPoint } from '../helpers/points.ts';

const probeData = blobs(120, 8, 2, 1);

function net(hidden: Architecture['layers'], inputSize = 8, inputShape?: Architecture['inputShape']) {
  const architecture: Architecture = {
    inputSize,
    ...(inputShape ? { inputShape } : {}),
    layers: [...hidden, { units: 1, activation: 'sigmoid' }],
    loss: 'binaryCrossEntropy',
  };
  return createSeededNetwork(architecture, { initializer: 'he', seed: 1 }).network;
}

describe('looking inside a network', () => {
  it('counts values into equal bins between the smallest and the largest', () => {
    expect(histogram([0, 1, 2, 3, 4, 5, 6, 7, 8, 10], 5)).toEqual({
      min: 0,
      max: 10,
      counts: [2, 2, 2, 2, 2],
    });
    expect(histogram([3, 3, 3], 4)).toEqual({ min: 3, max: 3, counts: [3, 0, 0, 0] });
    expect(histogram([NaN, Infinity], 2)).toEqual({ min: 0, max: 0, counts: [0, 0] });
  });

  it('gives each layer its gradient per weight, ‖dJ/dW[l]‖/√(n_l·n_(l−1)), and the size of its signal', () => {
    const network = net([{ units: 4, activation: 'relu' }]);
    const probe = new Probe(network, probeData, 2);
    const [hidden, output] = probe.report().layers;
    probe.dispose();
    expect(hidden!.gradientRms).toBeCloseTo(hidden!.gradientNorm / Math.sqrt(4 * 8), 12);
    expect(output!.gradientRms).toBeCloseTo(output!.gradientNorm / Math.sqrt(4), 12);
    const a = Array.from(network.cached(0, 64).a);
    expect(hidden!.activationRms).toBeCloseTo(Math.sqrt(a.reduce((s, v) => s + v * v, 0) / a.length), 6);
  });

  it('sees identical units, dead ReLUs and saturated sigmoids on the probe batch', () => {
    const dead = net([{ units: 8, activation: 'relu' }]);
    dead.layers[0]!.bias.fill(-100);
    const saturated = net([{ units: 8, activation: 'sigmoid' }]);
    saturated.layers[0]!.weight.forEach((_, i, w) => (w[i] = 50 * (i % 2 ? 1 : -1)));
    for (const [network, field] of [
      [dead, 'deadFraction'],
      [saturated, 'saturatedFraction'],
    ] as const) {
      const probe = new Probe(network, probeData, 2);
      expect(probe.report().layers[0]![field]).toBe(1);
      probe.dispose();
    }
    const same = net([{ units: 3, activation: 'relu' }]).layers[0]!;
    expect(unitsIdentical(same.weight, same.bias, 3, 8)).toBe(false);
    same.weight.fill(0.5);
    expect(unitsIdentical(same.weight, same.bias, 3, 8)).toBe(true);
  });

  it('draws each first-layer unit as an image of the input, mid-grey at zero', () => {
    const network = net([{ units: 3, activation: 'relu' }], 12, { height: 2, width: 2, channels: 3 });
    network.layers[0]!.weight.set([1, -1, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0);
    const { units, width, height, pixels } = firstLayerImages(network, 2);
    expect([units, width, height]).toEqual([2, 2, 2]);
    expect([...pixels.subarray(0, 4)]).toEqual([255, 0, 191, 128]);
    expect(pixels).toHaveLength(24);
  });

  it('draws none for an input that is not an RGB image', () => {
    expect(firstLayerImages(net([{ units: 3, activation: 'relu' }]), 2).units).toBe(0);
  });
});

/** A run's state from its losses and accuracies alone, planned for `planned` epochs. */
function curveState(
  points: { loss: number; accuracy: number; validation?: number }[],
  planned: number,
  overrides: Partial<RunState> = {},
): RunState {
  return {
    setup: { ...preset('Course: 2-layer'), learningRate: 0.0075 },
    epochs: points.map((p, i) =>
      epochPoint({
        epoch: i + 1,
        epochs: planned,
        trainLoss: p.loss,
        trainAccuracy: p.accuracy,
        validationAccuracy: p.validation ?? null,
        weightNorms: [5, 1],
      }),
    ),
    layers: null,
    predictedShares: [1, 0],
    labelShares: [0.66, 0.34],
    diverged: null,
    ...overrides,
  };
}

/** The course's 2-layer plateau: one class predicted, the loss falling slowly but surely. */
const plateau = Array.from({ length: 300 }, (_, i) => ({ loss: 0.69 - 0.0001 * i, accuracy: 0.66 }));

describe('what the diagnostics say from the curve', () => {
  it('stays silent through a plateau the rest of the run will leave, however long it lasts', () => {
    expect(diagnose(curveState(plateau, 2500))).toEqual([]);
  });

  it('sees a collapse to one class once the loss would not fall enough in the rest of the run', () => {
    const [finding] = diagnose(curveState(plateau, 300));
    expect(finding).toMatchObject({ symptom: 'collapsed', since: 201 });
    expect(finding!.explanation).toMatch(
      /^Since epoch 201 it has given 100% of the training examples the same class/,
    );
  });

  it('judges nothing in the first tenth of a run: a moment is not a finding', () => {
    const flat = Array.from({ length: 200 }, () => ({ loss: 0.69, accuracy: 0.66 }));
    expect(diagnose(curveState(flat, 2500))).toEqual([]);
    expect(diagnose(curveState(flat, 2000))).toHaveLength(1);
  });

  it('stays silent about a run that learns well, dead ReLUs or not', () => {
    const learned = Array.from({ length: 100 }, () => ({ loss: 0.01, accuracy: 1, validation: 1 }));
    const layers = [{ deadFraction: 0.59 }, { deadFraction: null }].map(
      (l, i) =>
        ({
          layer: i + 1,
          activation: i === 0 ? 'relu' : 'sigmoid',
          units: 8,
          fanIn: 8,
          gradientNorm: 1,
          gradientRms: 0.1,
          activationRms: 1,
          saturatedFraction: null,
          identicalUnits: false,
          ...l,
        }) as NonNullable<RunState['layers']>[number],
    );
    expect(diagnose(curveState(learned, 100, { layers, predictedShares: [0.66, 0.34] }))).toEqual([]);
  });

  it('sees overfitting only when training and validation accuracy stay apart', () => {
    const apart = Array.from({ length: 40 }, () => ({ loss: 0.05, accuracy: 1, validation: 0.7 }));
    expect(diagnose(curveState(apart, 40))[0]).toMatchObject({
      kind: 'overfitting',
      fix: { change: { l2: 0.7 } },
    });
    const close = apart.map((p, i) => ({ ...p, validation: i < 30 ? 0.7 : 0.92 }));
    expect(diagnose(curveState(close, 40))).toEqual([]);
  });
});

describe('what the diagnostics say about runs that fail, on the sample data', () => {
  let sample: DataSet;
  beforeAll(async () => {
    sample = await generateSampleData();
  });

  const layers = (count: number, units: number, activation: HiddenActivation) =>
    Array.from({ length: count }, () => ({ units, activation }));
  /** full-batch gradient descent as the course runs it, for `epochs` */
  const setup = (overrides: Partial<RunSetup>): RunSetup => ({
    ...preset('Course: 2-layer'),
    epochs: 100,
    ...overrides,
  });

  /** The one finding at the end, after checking that every diagnosis during the run agreed with it. */
  function onlyFinding(overrides: Partial<RunSetup>): Finding {
    const run = diagnosedRun(sample, setup(overrides));
    expect(run.final).toHaveLength(1);
    const [finding] = run.final;
    for (const { findings } of run.seen) expect(findings.map((f) => f.kind)).toEqual([finding!.kind]);
    return finding!;
  }

  it('blames a run that diverges on a learning rate far above the usual, and offers the usual one', () => {
    const finding = onlyFinding({ hidden: layers(2, 16, 'relu'), initializer: 'he', learningRate: 1e6 });
    expect(finding).toMatchObject({
      symptom: 'diverged',
      kind: 'learningRateTooLarge',
      fix: { change: { learningRate: 0.0075 } },
    });
    expect(finding.explanation).toMatch(/became (NaN|infinite) in epoch 2, batch 1/);
  });

  it('blames dead ReLUs killed by a learning rate of 50 on the learning rate', () => {
    const finding = onlyFinding({
      hidden: layers(2, 16, 'relu'),
      initializer: 'he',
      learningRate: 50,
      epochs: 200,
    });
    expect(finding).toMatchObject({
      kind: 'learningRateTooLarge',
      fix: { change: { learningRate: 0.0075 } },
    });
    expect(finding.explanation).toMatch(/6,667 times the usual 0\.0075/);
    expect(finding.explanation).toMatch(
      /ReLUs with z ≤ 0 for every example: dead units .* a consequence, not the cause/,
    );
  });

  it('sees gradients vanish in a deep sigmoid network, and offers ReLU with He', () => {
    const finding = onlyFinding({
      hidden: layers(10, 16, 'sigmoid'),
      initializer: 'xavierNormal',
      learningRate: 0.1,
      epochs: 300,
    });
    expect(finding).toMatchObject({
      symptom: 'stalled',
      kind: 'vanishing',
      fix: { change: { activation: 'relu', initializer: 'he' } },
    });
    expect(finding.explanation).toMatch(
      /Per weight, the first layer's gradient (is|was) \d\.\de-\d times the last layer's/,
    );
  });

  it('sees randn·1 weights explode in a deep ReLU network, and offers He', () => {
    const finding = onlyFinding({
      hidden: layers(5, 16, 'relu'),
      initializer: 'standardNormal',
      learningRate: 0.01,
    });
    expect(finding).toMatchObject({
      symptom: 'diverged',
      kind: 'exploding',
      fix: { change: { initializer: 'he' } },
    });
  });

  it('sees 0.01·randn weights shrink the signal of a deep ReLU network until nothing learns', () => {
    const finding = onlyFinding({
      hidden: layers(5, 16, 'relu'),
      initializer: 'smallRandom',
      learningRate: 0.01,
    });
    expect(finding).toMatchObject({ kind: 'vanishing', title: 'The initial weights are too small' });
  });

  it('sees the identical units zeros leave, and offers random weights fit for the activation', () => {
    for (const [activation, initializer] of [
      ['relu', 'he'],
      ['sigmoid', 'xavierNormal'],
    ] as const) {
      const finding = onlyFinding({ hidden: layers(1, 16, activation), initializer: 'zeros' });
      expect(finding).toMatchObject({
        kind: 'symmetric',
        title: 'All 16 units of layer 1 are identical',
        fix: { change: { initializer } },
      });
    }
  });

  it('sees a deep narrow ReLU network whose units died, and offers leaky ReLU', () => {
    const finding = onlyFinding({ hidden: layers(10, 3, 'relu'), initializer: 'he' });
    expect(finding).toMatchObject({
      symptom: 'collapsed',
      kind: 'deadUnits',
      fix: { change: { activation: 'leakyRelu' } },
    });
    expect(finding.title).toMatch(/^100% of layer \d+'s ReLUs are dead$/);
  });

  it('sees a network collapse to one class under an L2 penalty that shrank its weights', () => {
    const finding = onlyFinding({
      hidden: layers(1, 16, 'relu'),
      initializer: 'he',
      learningRate: 0.01,
      l2: 1000,
      epochs: 300,
    });
    expect(finding).toMatchObject({
      symptom: 'collapsed',
      kind: 'l2TooStrong',
      fix: { change: { l2: 100 } },
    });
  });

  it('sees a stall with nothing blocking the gradient, and offers a larger learning rate', () => {
    const finding = onlyFinding({ hidden: layers(1, 16, 'relu'), initializer: 'he', learningRate: 1e-7 });
    expect(finding).toMatchObject({
      symptom: 'stalled',
      kind: 'learningRateTooSmall',
      fix: { change: { learningRate: 1e-6 } },
    });
  });

  it('sees overfitting on a validation split, and offers L2', () => {
    const finding = onlyFinding({
      hidden: layers(1, 64, 'relu'),
      initializer: 'he',
      learningRate: 0.01,
      validationFraction: 0.5,
    });
    expect(finding).toMatchObject({
      symptom: 'overfitting',
      kind: 'overfitting',
      fix: { change: { l2: 0.7 } },
    });
  });

  it('finds nothing, during or after, in the quick preset', () => {
    const run = diagnosedRun(sample, preset('Quick: one hidden layer, Adam'), 1);
    expect(run.seen).toEqual([]);
  });
});
