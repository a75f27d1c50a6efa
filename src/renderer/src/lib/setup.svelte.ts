/**
 * The run setup being edited in the Train view (core/runSetup.ts's RunSetup):
 * the presets, layers of every type added, moved and removed, and a plain
 * copy for the host, whose input is the open data set's.
 */
import type { DataSetSummary, RunSetup } from '../../../api/contract.ts';
import type { LayerKind } from '../../../core/architecture.ts';
import { PRESETS } from '../../../core/presets.ts';
import type { AugmentationName } from '../../../core/augmentation.ts';
import { SETUP_LIMITS, type HiddenLayerSetup, type InputSetup } from '../../../core/runSetup.ts';

type Dense = Extract<HiddenLayerSetup, { units: number }>;
type Conv2d = Extract<HiddenLayerSetup, { type: 'conv2d' }>;
const isDense = (layer: HiddenLayerSetup): layer is Dense =>
  layer.type === undefined || layer.type === 'dense';
const isConv2d = (layer: HiddenLayerSetup): layer is Conv2d => layer.type === 'conv2d';

type Editable = { -readonly [K in keyof RunSetup]: RunSetup[K] } & {
  hidden: HiddenLayerSetup[];
  augmentation: Record<AugmentationName, number>;
};

/**
 * A new layer of this kind: a dense layer or a convolution like the last of its kind in the
 * network (16 ReLU units, or 16 3×3 'same' ReLU filters, without one), a 2×2 pool that halves
 * the image, dropout of half the values.
 */
export function newLayer(kind: LayerKind, hidden: readonly HiddenLayerSetup[]): HiddenLayerSetup {
  switch (kind) {
    case 'dense': {
      const last = hidden.findLast(isDense);
      return { units: last?.units ?? 16, activation: last?.activation ?? 'relu' };
    }
    case 'conv2d': {
      const last = hidden.findLast(isConv2d);
      return last
        ? { ...last }
        : { type: 'conv2d', filters: 16, kernel: 3, stride: 1, padding: 'same', activation: 'relu' };
    }
    case 'maxPool':
    case 'averagePool':
      return { type: kind, size: 2, stride: 2 };
    case 'dropout':
      return { type: 'dropout', rate: 0.5 };
    case 'flatten':
    case 'batchNorm':
      return { type: kind };
  }
}

export class SetupEditor {
  setup = $state<Editable>(structuredClone(PRESETS[0]!.setup) as Editable);

  /** The preset the settings are (the data's input and class order aside), or null once changed from every one. */
  get presetName(): string | null {
    const current = settingsKey(this.setup);
    return PRESETS.find((p) => settingsKey(p.setup) === current)?.name ?? null;
  }

  /** Whether another hidden layer fits within the setup's limit. */
  get canAddLayer(): boolean {
    return this.setup.hidden.length < SETUP_LIMITS.hiddenLayers;
  }

  usePreset(name: string): void {
    const preset = PRESETS.find((p) => p.name === name);
    if (preset) this.setup = structuredClone(preset.setup) as Editable;
  }

  /** Puts a run's own settings in the editor. */
  use(setup: RunSetup): void {
    this.setup = structuredClone(setup) as Editable;
  }

  /** Adds a layer of this kind as hidden layer at + 1 (after the first `at` layers; by default at the end). */
  addLayer(kind: LayerKind = 'dense', at: number = this.setup.hidden.length): void {
    if (!this.canAddLayer) return;
    this.setup.hidden.splice(at, 0, newLayer(kind, this.setup.hidden.slice(0, at)));
  }

  removeLayer(index: number): void {
    this.setup.hidden.splice(index, 1);
  }

  /** Moves hidden layer `index` one place up (−1) or down (+1), when there is a hidden layer there. */
  moveLayer(index: number, by: -1 | 1): void {
    const to = index + by;
    if (to < 0 || to >= this.setup.hidden.length) return;
    const [layer] = this.setup.hidden.splice(index, 1);
    this.setup.hidden.splice(to, 0, layer!);
  }

  /** The settings as a run on images read this way would have them (the data set's class order). */
  forInput(input: InputSetup): RunSetup {
    return { ...this.setup, input, classOrder: null };
  }

  /** A plain copy to send to the host: the input is how the data set was read; classes in its order. */
  snapshot(dataSet: DataSetSummary | null): RunSetup {
    return $state.snapshot(dataSet ? this.forInput(dataSet.input) : this.setup) as RunSetup;
  }
}

/** The settings a user chooses, as a string equal for equal settings whatever their keys' order. */
function settingsKey(setup: RunSetup): string {
  const { input: _input, classOrder: _classOrder, ...chosen } = setup;
  return JSON.stringify(chosen, (_, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)))
      : value,
  );
}

export const setupEditor = new SetupEditor();
