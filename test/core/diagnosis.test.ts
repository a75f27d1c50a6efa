import { describe, expect, it } from 'vitest';
import type { Architecture } from '../../src/core/architecture.ts';
import { diagnose, type RunState } from '../../src/core/diagnosis.ts';
import { firstLayerImages, histogram, Probe, unitsIdentical } from '../../src/core/inspection.ts';
import { DEFAULT_OPTIMIZERS } from '../../src/core/optimizers.ts';
import {
  createSeededNetwork,
  train,
  type TrainingConfig,
  type TrainingEvent,
} from '../../src/core/training.ts';
import { blobs } from '../helpers/blobs.ts';

// two classes, one twice the size of the other
const skewed = (examples: ReturnType<typeof blobs>) => ({
  ...examples,
  labels: examples.labels.map((label) => (label === 0 ? 0 : 1)),
});
const data = { train: skewed(blobs(120, 8, 3, 1)), validation: skewed(blobs(60, 8, 3, 2)), classCount: 2 };

const config: TrainingConfig = {
  epochs: 20,
  batchSize: 0,
  learningRate: 0.1,
  learningRateDecay: 0,
  optimizer: DEFAULT_OPTIMIZERS.gradientDescent,
  l2: 0,
  initializer: 'he',
  seed: 1,
};

function net(hidden: Architecture['layers'], initializer: TrainingConfig['initializer'] = 'he') {
  const architecture: Architecture = {
    inputSize: 8,
    layers: [...hidden, { units: 1, activation: 'sigmoid' }],
    loss: 'binaryCrossEntropy',
  };
  return createSeededNetwork(architecture, { initializer, seed: 1 });
}

function trainFor(
  hidden: Architecture['layers'],
  overrides: Partial<TrainingConfig>,
): { events: TrainingEvent[]; state: RunState; network: ReturnType<typeof net>['network'] } {
  const settings = { ...config, ...overrides };
  const { network, random } = net(hidden, settings.initializer);
  const events = [...train(network, random, data, settings, () => 0)];
  const probe = new Probe(network, data.train, 2);
  const report = probe.report();
  probe.dispose();
  const epochs = events.filter((e) => e.type === 'epoch');
  const diverged = events.find((e) => e.type === 'diverged');
  return {
    events,
    network,
    state: {
      setup: {
        learningRate: settings.learningRate,
        l2: settings.l2,
        initializer: settings.initializer,
        hidden: hidden.map((l) => ({ activation: l.activation as 'relu' })),
      },
      epochs,
      layers: report.layers,
      predictedShares: report.predictedShares,
      labelShares: report.labelShares,
      diverged: diverged?.type === 'diverged' ? diverged.explanation : null,
    },
  };
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

  it('sees a deep sigmoid net whose first-layer gradient is orders of magnitude below its last', () => {
    const hidden = Array.from({ length: 10 }, () => ({ units: 16, activation: 'sigmoid' as const }));
    const { state } = trainFor(hidden, { epochs: 1, initializer: 'xavierNormal' });
    const norms = state.layers!.map((l) => l.gradientNorm);
    expect(norms[0]! / norms.at(-1)!).toBeLessThan(1e-4);
    const vanishing = diagnose(state).find((f) => f.kind === 'vanishing');
    expect(vanishing?.fix?.change).toEqual({ activation: 'relu', initializer: 'he' });
    // the same depth with ReLU and He keeps the gradient within a few orders of magnitude
    const relu = trainFor(
      hidden.map((l) => ({ ...l, activation: 'relu' as const })),
      { epochs: 1 },
    );
    expect(diagnose(relu.state).some((f) => f.kind === 'vanishing')).toBe(false);
  });

  it('sees that a net initialised with zeros keeps identical hidden units, however long it trains', () => {
    const { state, network } = trainFor([{ units: 6, activation: 'sigmoid' }], {
      epochs: 50,
      initializer: 'zeros',
    });
    const hiddenLayer = network.layers[0]!;
    expect(hiddenLayer.weight.some((w) => w !== 0)).toBe(true);
    expect(unitsIdentical(hiddenLayer.weight, hiddenLayer.bias, 6, 8)).toBe(true);
    expect(state.layers![0]!.identicalUnits).toBe(true);
    const symmetric = diagnose(state).find((f) => f.kind === 'symmetric');
    expect(symmetric?.title).toBe('All 6 units of layer 1 are identical');
    expect(symmetric?.fix?.change).toEqual({ initializer: 'he' });
    // random initial weights break the symmetry
    expect(
      trainFor([{ units: 6, activation: 'sigmoid' }], { epochs: 5 }).state.layers![0]!.identicalUnits,
    ).toBe(false);
  });

  it('catches a learning rate that diverges and offers a smaller one', () => {
    const { events, state } = trainFor(
      [
        { units: 16, activation: 'relu' },
        { units: 16, activation: 'relu' },
      ],
      {
        learningRate: 1e6,
        epochs: 50,
      },
    );
    expect(events.at(-1)?.type).toBe('diverged');
    const diverged = diagnose(state).find((f) => f.kind === 'diverged');
    expect(diverged?.explanation).toMatch(/became (NaN|infinite)/);
    expect(diverged?.fix?.change).toEqual({ learningRate: 1e5 });
  });

  it('sees a network that collapsed to one class', () => {
    const { network } = net([{ units: 4, activation: 'relu' }]);
    network.layers[1]!.bias[0] = -50; // the output says "class 0" whatever comes in
    const probe = new Probe(network, data.train, 2);
    const report = probe.report();
    probe.dispose();
    expect(report.predictedShares).toEqual([1, 0]);
    expect(report.labelShares[0]).toBeCloseTo(1 / 3, 1); // 24 of the 64 examples spread over the set
    const state: RunState = {
      setup: { learningRate: 0.5, l2: 0, initializer: 'he', hidden: [{ activation: 'relu' }] },
      epochs: Array.from({ length: 5 }, () => ({
        trainLoss: 0.69,
        trainAccuracy: 0.5,
        validationAccuracy: 0.5,
        gradientNorms: [1, 1],
      })),
      ...report,
      diverged: null,
    };
    const collapsed = diagnose(state).find((f) => f.kind === 'collapsed');
    expect(collapsed?.title).toBe('It predicts one class for 100% of the examples');
    expect(collapsed?.fix?.change).toEqual({ learningRate: 0.05 });
  });

  it('sees dead ReLUs and saturated sigmoids on the probe batch', () => {
    const dead = net([{ units: 8, activation: 'relu' }]).network;
    dead.layers[0]!.bias.fill(-100);
    const saturated = net([{ units: 8, activation: 'sigmoid' }]).network;
    saturated.layers[0]!.weight.forEach((_, i, w) => (w[i] = 50 * (i % 2 ? 1 : -1)));
    for (const [network, field] of [
      [dead, 'deadFraction'],
      [saturated, 'saturatedFraction'],
    ] as const) {
      const probe = new Probe(network, data.train, 2);
      expect(probe.report().layers[0]![field]).toBe(1);
      probe.dispose();
    }
  });

  it('says when the loss stalls, and when training and validation accuracy part', () => {
    const flat = {
      setup: {
        learningRate: 1e-6,
        l2: 0,
        initializer: 'he' as const,
        hidden: [{ activation: 'relu' as const }],
      },
      epochs: Array.from({ length: 12 }, () => ({
        trainLoss: 0.69,
        trainAccuracy: 0.55,
        validationAccuracy: 0.5,
        gradientNorms: [0.1, 0.1],
      })),
      layers: null,
      predictedShares: null,
      labelShares: null,
      diverged: null,
    };
    expect(diagnose(flat).map((f) => [f.kind, f.fix?.change])).toEqual([['stalled', { learningRate: 1e-5 }]]);
    const apart = { ...flat, epochs: [{ ...flat.epochs[0]!, trainAccuracy: 1, validationAccuracy: 0.7 }] };
    expect(diagnose(apart).map((f) => [f.kind, f.fix?.change])).toEqual([['overfitting', { l2: 0.7 }]]);
  });

  it('draws each first-layer unit as an image, mid-grey at zero', () => {
    const { network } = net([{ units: 3, activation: 'relu' }]);
    network.layers[0]!.weight.set([1, -1, 0.5, 0, 0, 0, 0, 0], 0);
    const { units, pixels } = firstLayerImages(network, 2);
    expect(units).toBe(2);
    expect([...pixels.subarray(0, 4)]).toEqual([255, 0, 191, 128]);
    expect(pixels).toHaveLength(16);
  });
});
