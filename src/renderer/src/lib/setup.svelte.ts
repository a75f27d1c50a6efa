/**
 * The run setup being edited in the Train view (core/runSetup.ts's RunSetup):
 * the presets, layers added and removed, and a plain copy for the host, whose
 * input is the open data set's.
 */
import type { DataSetSummary, RunSetup } from '../../../api/contract.ts';
import { PRESETS } from '../../../core/presets.ts';
import type { AugmentationName } from '../../../core/augmentation.ts';
import type { HiddenActivation, HiddenLayerSetup } from '../../../core/runSetup.ts';

const isDense = (layer: HiddenLayerSetup): layer is { units: number; activation: HiddenActivation } =>
  layer.type === undefined || layer.type === 'dense';

type Editable = { -readonly [K in keyof RunSetup]: RunSetup[K] } & {
  hidden: HiddenLayerSetup[];
  augmentation: Record<AugmentationName, number>;
};

export class SetupEditor {
  setup = $state<Editable>(structuredClone(PRESETS[0]!.setup) as Editable);

  /** The preset the settings are (the data's input and class order aside), or null once changed from every one. */
  get presetName(): string | null {
    const current = settingsKey(this.setup);
    return PRESETS.find((p) => settingsKey(p.setup) === current)?.name ?? null;
  }

  usePreset(name: string): void {
    const preset = PRESETS.find((p) => p.name === name);
    if (preset) this.setup = structuredClone(preset.setup) as Editable;
  }

  /** Puts a run's own settings in the editor. */
  use(setup: RunSetup): void {
    this.setup = structuredClone(setup) as Editable;
  }

  /** Adds a dense layer like the last dense one (16 ReLU units without one). */
  addLayer(): void {
    const last = this.setup.hidden.findLast(isDense);
    this.setup.hidden.push({ units: last?.units ?? 16, activation: last?.activation ?? 'relu' });
  }

  removeLayer(index: number): void {
    this.setup.hidden.splice(index, 1);
  }

  /** A plain copy to send to the host: the input is how the data set was read; classes in its order. */
  snapshot(dataSet: DataSetSummary | null): RunSetup {
    const setup = $state.snapshot(this.setup) as RunSetup;
    return dataSet ? { ...setup, input: dataSet.input, classOrder: null } : setup;
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
