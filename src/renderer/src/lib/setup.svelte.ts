/**
 * The training setup being edited in the Train view: hidden layers, settings,
 * the course's presets, and the parameter count that follows from them.
 */
import type { TrainingSetup } from '../../../api/contract.ts';

export type HiddenActivation = TrainingSetup['hidden'][number]['activation'];

export const PRESETS: readonly { name: string; setup: TrainingSetup }[] = [
  {
    name: 'Quick: one hidden layer, Adam',
    setup: {
      hidden: [{ units: 32, activation: 'relu' }],
      loss: 'auto',
      initializer: 'he',
      optimizer: 'adam',
      learningRate: 0.001,
      learningRateDecay: 0,
      batchSize: 32,
      epochs: 20,
      l2: 0,
      seed: 1,
    },
  },
  {
    name: 'Course: logistic regression',
    setup: {
      hidden: [],
      loss: 'auto',
      initializer: 'zeros',
      optimizer: 'gradientDescent',
      learningRate: 0.005,
      learningRateDecay: 0,
      batchSize: 0,
      epochs: 2000,
      l2: 0,
      seed: 1,
    },
  },
  {
    name: 'Course: 2-layer',
    setup: {
      hidden: [{ units: 7, activation: 'relu' }],
      loss: 'auto',
      initializer: 'smallRandom',
      optimizer: 'gradientDescent',
      learningRate: 0.0075,
      learningRateDecay: 0,
      batchSize: 0,
      epochs: 2500,
      l2: 0,
      seed: 1,
    },
  },
  {
    name: 'Course: 4-layer',
    setup: {
      hidden: [
        { units: 20, activation: 'relu' },
        { units: 7, activation: 'relu' },
        { units: 5, activation: 'relu' },
      ],
      loss: 'auto',
      initializer: 'lecun',
      optimizer: 'gradientDescent',
      learningRate: 0.0075,
      learningRateDecay: 0,
      batchSize: 0,
      epochs: 2500,
      l2: 0,
      seed: 1,
    },
  },
];

/** Σ n_l (n_(l−1) + 1) for the hidden layers and an output of `outputs` units. */
export function parameterCount(
  inputSize: number,
  hidden: readonly { units: number }[],
  outputs: number,
): number {
  let count = 0;
  let fanIn = inputSize;
  for (const units of [...hidden.map((l) => l.units), outputs]) {
    count += units * (fanIn + 1);
    fanIn = units;
  }
  return count;
}

export class SetupEditor {
  setup = $state<TrainingSetup>(structuredClone(PRESETS[0]!.setup));

  usePreset(name: string): void {
    const preset = PRESETS.find((p) => p.name === name);
    if (preset) this.setup = structuredClone(preset.setup);
  }

  addLayer(): void {
    const last = this.setup.hidden.at(-1);
    this.setup.hidden.push({ units: last?.units ?? 16, activation: last?.activation ?? 'relu' });
  }

  removeLayer(index: number): void {
    this.setup.hidden.splice(index, 1);
  }

  /** A plain copy to send to the host. */
  snapshot(): TrainingSetup {
    return $state.snapshot(this.setup) as TrainingSetup;
  }
}

export const setupEditor = new SetupEditor();
