/**
 * The run setup a model file stores, and the setups older files stored in
 * other shapes: format 1 files from the app kept the Train view's settings
 * with one seed; from the command line, the training loop's configuration.
 * Both are read back into a RunSetup; anything else reads as unknown (null).
 * Settings added since a file was written read as runs behaved before them
 * (early stopping off, no augmentation).
 */
import type { Architecture, DenseSpec } from './architecture.ts';
import { NO_AUGMENTATION } from './augmentation.ts';
import { FITS, setupProblems, type Fit, type HiddenActivation, type RunSetup } from './runSetup.ts';

type Stored = Record<string, unknown>;

const isObject = (value: unknown): value is Stored =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The settings added to the setup after files began to store it, as runs trained before them. */
const ADDED_LATER: Pick<RunSetup, 'earlyStopping' | 'augmentation'> = {
  earlyStopping: 0,
  augmentation: NO_AUGMENTATION,
};

/** A stored setup with every setting added since it was written (anything but an object unchanged). */
export function withLaterSettings(value: unknown): unknown {
  return isObject(value) ? { ...ADDED_LATER, ...value } : value;
}

/** The setup of a format 2 file: refused (null) unless every field is a usable setting. */
export function readSetup(value: unknown): RunSetup | null {
  if (!isObject(value)) return null;
  const setup = withLaterSettings(value) as RunSetup;
  return setupProblems(setup).length === 0 ? setup : null;
}

/** A format 1 file's `training`, with what the rest of the file says about the network and its input. */
export function migrateTraining(
  training: unknown,
  architecture: Architecture,
  input: { width: number; height: number },
  classes: readonly string[],
): RunSetup | null {
  if (!isObject(training) || typeof training['seed'] !== 'number') return null;
  const seed = training['seed'];
  const fit: Fit = FITS.includes(training['fit'] as Fit) ? (training['fit'] as Fit) : 'stretch';
  const optimizer = isObject(training['optimizer']) ? training['optimizer']['kind'] : training['optimizer'];
  const hidden = Array.isArray(training['hidden'])
    ? training['hidden']
    : architecture.layers.slice(0, -1).map((layer) => {
        const { units, activation } = layer as DenseSpec;
        return { units, activation: activation as HiddenActivation };
      });
  const setup = {
    hidden,
    loss: architecture.loss === 'meanSquaredError' ? 'meanSquaredError' : 'auto',
    initializer: training['initializer'],
    optimizer,
    learningRate: training['learningRate'],
    learningRateDecay: training['learningRateDecay'] ?? 0,
    batchSize: training['batchSize'],
    epochs: training['epochs'],
    l2: training['l2'] ?? 0,
    splitSeed: seed,
    trainingSeed: seed,
    validationFraction: 0,
    input: { width: input.width, height: input.height, fit },
    classOrder: [...classes],
    augmentation: NO_AUGMENTATION,
  };
  return readSetup(setup);
}
