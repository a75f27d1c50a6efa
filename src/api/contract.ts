/**
 * The one contract between the renderer and its host (Electron's main
 * process or the web host): one record per request method, holding the
 * schema its parameters are checked against before the backend sees them and
 * the type of its reply; and the events the backend sends. Fields that carry
 * a path on this machine are marked (readPath, writePath), and the hosts find
 * them from the schemas, so that none escapes their checks.
 */
import { z } from 'zod';
import { LIMITS, PADDINGS } from '../core/architecture.ts';
import {
  AUGMENTATION_NAMES,
  AUGMENTATIONS,
  NO_AUGMENTATION,
  type AugmentationName,
} from '../core/augmentation.ts';
import { MAX_CLASSES } from '../core/classNames.ts';
import type { BaselinePlan } from '../core/baseline.ts';
import type { Finding } from '../core/diagnosis.ts';
import { MAX_IMAGES } from '../core/examples.ts';
import type { FeatureMaps } from '../core/featureMaps.ts';
import { INITIALIZER_NAMES } from '../core/initializers.ts';
import type { LayerInspection } from '../core/inspection.ts';
import { OPTIMIZER_KINDS } from '../core/optimizers.ts';
import { FITS, HIDDEN_ACTIVATIONS, LOSS_CHOICES, SETUP_LIMITS, type RunSetup } from '../core/runSetup.ts';
import type { BatchPoint, EpochPoint } from '../core/training.ts';

export type { BaselinePlan, BatchPoint, EpochPoint, FeatureMaps, Finding, LayerInspection, RunSetup };

/** What a path field lets its host do with the path. */
export type PathUse = 'read' | 'write';

/** A path on this machine, to be read: granted (Electron) before the backend sees it. */
export const readPath = z
  .string()
  .min(1)
  .max(4096)
  .meta({ path: 'read' satisfies PathUse });
/** A path on this machine, to be written: only one chosen in a save dialog (Electron). */
export const writePath = z
  .string()
  .min(1)
  .max(4096)
  .meta({ path: 'write' satisfies PathUse });

const count = z.number().int().min(0);
const seed = z.number().int().min(0).max(SETUP_LIMITS.seed);
const split = z.enum(['train', 'validation', 'test']);
/** an image's place in its split */
const imageIndex = z
  .number()
  .int()
  .min(0)
  .max(MAX_IMAGES - 1);
const runId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);
const name = z.string().min(1).max(200);
const enumOf = <T extends string>(values: readonly T[]) => z.enum(values as [T, ...T[]]);
const whole = (min: number, max: number) => z.number().int().min(min).max(max);
/** whether networks are preceded by their baseline logistic regression (trained once per data set and setup) */
const withBaseline = z.boolean().default(true);

const activationName = enumOf(HIDDEN_ACTIVATIONS);
const side = whole(1, LIMITS.maxKernel);
const stride = whole(1, LIMITS.maxStride);
/** core/architecture.ts's LayerSpec, but the output layer's softmax */
const hiddenLayer = z.union([
  z.object({
    type: z.literal('dense').optional(),
    units: whole(1, SETUP_LIMITS.units),
    activation: activationName,
  }),
  z.object({
    type: z.literal('conv2d'),
    filters: whole(1, SETUP_LIMITS.units),
    kernel: side,
    stride,
    padding: enumOf(PADDINGS),
    activation: activationName,
  }),
  z.object({ type: enumOf(['maxPool', 'averagePool'] as const), size: side, stride }),
  z.object({ type: z.literal('flatten') }),
  z.object({ type: z.literal('dropout'), rate: z.number().min(0).lt(1) }),
  z.object({ type: z.literal('batchNorm') }),
]);
/** core/augmentation.ts's strengths, each within its bounds; a setup without them (from before augmentation) is off. */
const augmentationSchema = z.object(
  Object.fromEntries(
    AUGMENTATION_NAMES.map((name) => {
      const { max, whole } = AUGMENTATIONS[name];
      return [name, (whole ? z.number().int() : z.number()).min(0).max(max)];
    }),
  ) as Record<AugmentationName, z.ZodNumber>,
);

/** core/runSetup.ts's RunSetup, checked for its form here and for its sense by setupProblems() in the trainer. */
export const runSetupSchema = z.object({
  hidden: z.array(hiddenLayer).max(SETUP_LIMITS.hiddenLayers).readonly(),
  loss: enumOf(LOSS_CHOICES),
  initializer: enumOf(INITIALIZER_NAMES),
  optimizer: enumOf(OPTIMIZER_KINDS),
  learningRate: z.number().positive().max(SETUP_LIMITS.learningRate),
  learningRateDecay: z.number().min(0).max(SETUP_LIMITS.learningRateDecay),
  batchSize: whole(0, SETUP_LIMITS.batchSize),
  epochs: whole(1, SETUP_LIMITS.epochs),
  l2: z.number().min(0).max(SETUP_LIMITS.l2),
  splitSeed: seed,
  trainingSeed: seed,
  validationFraction: z.number().min(0).max(SETUP_LIMITS.validationFraction),
  /** early stopping's patience in epochs; absent (setups from before it) is 0, off */
  earlyStopping: whole(0, SETUP_LIMITS.earlyStopping).default(0),
  input: z.object({
    width: whole(1, SETUP_LIMITS.imageSide),
    height: whole(1, SETUP_LIMITS.imageSide),
    fit: enumOf(FITS),
  }),
  classOrder: z.array(name).min(2).max(1000).readonly().nullable(),
  augmentation: augmentationSchema.readonly().default(NO_AUGMENTATION),
}) satisfies z.ZodType<RunSetup>;

export interface ClassCount {
  name: string;
  train: number;
  validation: number;
  test: number;
}

/** One image of the open data set: its split and place in it (as listImages and thumbnails address it), class and file. */
export interface DataSetImage {
  split: 'train' | 'validation' | 'test';
  index: number;
  className: string;
  /** the file's path inside the data set's folder ("test/cat/017.png"), as the user knows it */
  name: string;
}

/** Two images that are one picture re-encoded, resized or slightly recoloured. */
export interface NearDuplicatePair {
  first: DataSetImage;
  second: DataSetImage;
  /** the mean absolute difference of their 8×8 thumbnails, in 0–255 levels (at most 5) */
  difference: number;
}

export interface DataSetSummary {
  /** a new number for every data set opened: what its images' addresses are made of */
  id: number;
  source: string;
  /** the classes in label order (the user's; for two, the negative one first) */
  classes: string[];
  width: number;
  height: number;
  /** how its images were read: the input of every run on it */
  input: RunSetup['input'];
  splitBy: 'folders' | 'random' | 'file';
  counts: ClassCount[];
  warnings: string[];
  skipped: { file: string; reason: string }[];
  /** the images whose decoded pixels are identical, a group each */
  duplicates: DataSetImage[][];
  /** within and across splits, closest first; the warnings name them too */
  nearDuplicates: NearDuplicatePair[];
}

export interface RunRecord {
  id: string;
  name: string;
  startedAt: string;
  /** 'stoppedEarly': early stopping's patience ran out before the last epoch */
  status: 'running' | 'completed' | 'stoppedEarly' | 'stopped' | 'diverged' | 'crashed';
  explanation: string | null;
  /**
   * the epoch whose weights the run's model holds, when early stopping chose it (the best on
   * validation); null when the model holds the weights the run ended with, or it has none
   */
  keptEpoch: number | null;
  /** with the class order resolved, as the run trained */
  setup: RunSetup;
  architecture: string;
  dataSet: string;
  /** of the training data it learned from (null in records from before it was kept) */
  dataSetHash: string | null;
  curve: EpochPoint[];
  metrics: Record<string, number>;
  findings: Finding[];
  /** the experiment it belongs to, if any */
  experiment: string | null;
  /** the logistic regression trained before networks, once per data set and setup: their reference line */
  baseline: boolean;
}

/** A record that could not be read back, listed so it can be deleted. */
export interface DamagedRun {
  id: string;
  reason: string;
}

export interface ModelSummary {
  architecture: string;
  classes: string[];
  width: number;
  height: number;
  metrics: Record<string, number> | null;
  /** the setup it was trained with, when that is known */
  setup: RunSetup | null;
  datasetHash: string | null;
  createdAt: string;
}

export interface Prediction {
  file: string;
  probabilities: number[] | null;
  error: string | null;
}

/** How the trainer computes: its kernel, threads, SIMD and relaxed SIMD. */
export interface KernelInfo {
  name: string;
  threads: number;
  /** the kernel runs WebAssembly SIMD */
  simd: boolean;
  /** the kernel runs its relaxed-SIMD build (fused multiply-add), where the runtime offers it */
  relaxedSimd: boolean;
  /** why it computes on one thread where it could use more (threads or shared memory unavailable); null if it did not fall back */
  fallback: string | null;
}

/** A network's pictures of one image, their bytes in base64. */
export type ImageMaps = FeatureMaps<string> & {
  /** the epoch whose weights the run's network held when drawn (0: as initialised); null: the current model was drawn */
  epoch: number | null;
};

export interface AppState {
  dataSet: DataSetSummary | null;
  model: ModelSummary | null;
  run: RunRecord | null;
  paused: boolean;
  /** runs queued behind the current one */
  waiting: number;
  /** null until the trainer has started */
  kernel: KernelInfo | null;
}

/** One request method: the schema of its parameters, and (as a type) its reply. */
export interface Method<P extends z.ZodType, R> {
  readonly params: P;
  readonly reply?: R;
}
/** method<Reply>()(schema): a method answering Reply to params of that schema. */
export const method =
  <R>() =>
  <P extends z.ZodType>(params: P): Method<P, R> => ({ params });
const none = z.object({});
type Nothing = Record<string, never>;

export const METHODS = {
  state: method<AppState>()(none),
  openFolder: method<DataSetSummary>()(
    z.object({
      path: readPath,
      testFraction: z.number().min(0).max(0.9).default(0.2),
      seed: seed.default(1),
    }),
  ),
  /** class folders dropped together, opened as one data set: each a class named by its folder */
  openClassFolders: method<DataSetSummary>()(
    z.object({
      paths: z.array(readPath).min(2).max(MAX_CLASSES),
      testFraction: z.number().min(0).max(0.9).default(0.2),
      seed: seed.default(1),
    }),
  ),
  openH5: method<DataSetSummary>()(z.object({ paths: z.array(readPath).min(1).max(3) })),
  loadSample: method<DataSetSummary>()(
    z.object({ seed: seed.default(1), perClass: z.number().int().min(5).max(5000).default(60) }),
  ),
  cancelImport: method<Nothing>()(none),
  /** the user's class order: for two classes, the negative one first */
  setClassOrder: method<DataSetSummary>()(z.object({ classes: z.array(name).min(2).max(1000) })),
  listImages: method<{ total: number; items: { index: number; file: string; label: number }[] }>()(
    z.object({
      split,
      offset: count,
      limit: z.number().int().min(1).max(1000),
      classIndex: count.nullable().default(null),
      search: z.string().max(200).default(''),
    }),
  ),
  /**
   * one run; with `baseline`, a logistic regression with its settings trains first unless one
   * was trained on this data with them (the reply says which)
   */
  startTraining: method<{ runId: string; baseline: BaselinePlan }>()(
    z.object({ name: name.optional(), setup: runSetupSchema, baseline: withBaseline }),
  ),
  /** runs that differ in some settings, trained one after another on the same data, after their baseline as above */
  startExperiment: method<{ queued: number; baseline: BaselinePlan }>()(
    z.object({
      name,
      baseline: withBaseline,
      // a run without a name is named after its architecture and optimiser
      runs: z
        .array(z.object({ name: name.optional(), setup: runSetupSchema }))
        .min(1)
        .max(12),
    }),
  ),
  /** drops the runs still waiting; the one in progress goes on */
  clearQueue: method<{ dropped: number }>()(none),
  pause: method<Nothing>()(none),
  resume: method<Nothing>()(none),
  /** stops the run in progress and drops those waiting */
  stop: method<Nothing>()(none),
  listRuns: method<{ runs: RunRecord[]; damaged: DamagedRun[] }>()(none),
  renameRun: method<{ run: RunRecord }>()(z.object({ id: runId, name })),
  deleteRun: method<Nothing>()(z.object({ id: runId })),
  /** makes a past run's model the current one */
  openRun: method<{ model: ModelSummary }>()(z.object({ id: runId })),
  /** backpropagation against numerical gradients for this setup's network, freshly initialised */
  gradientCheck: method<{ layers: { layer: number; relativeError: number; checked: number }[] }>()(
    z.object({ setup: runSetupSchema }),
  ),
  /** the current model's probabilities for every image of a split, with each image's label in the model's class order */
  results: method<{
    classes: string[];
    items: { index: number; file: string; label: number; probabilities: number[] }[];
  }>()(z.object({ split })),
  /** the current model's probabilities for one image of the data set */
  predictImage: method<{ classes: string[]; probabilities: number[] }>()(
    z.object({ split, index: imageIndex }),
  ),
  /** what the run's network (or else the current model) makes of one image: its filters and maps, as core/featureMaps.ts draws them */
  featureMaps: method<ImageMaps>()(z.object({ split, index: imageIndex })),
  classify: method<{ predictions: Prediction[] }>()(
    z.object({
      photos: z
        .array(z.object({ name: z.string().min(1).max(1024), path: readPath }))
        .min(1)
        .max(10_000),
    }),
  ),
  /** writes the current model to a file; an existing file other than a model of that format is replaced only when asked */
  exportModel: method<{ path: string }>()(
    z.object({
      path: writePath,
      format: z.enum(['safetensors', 'onnx']),
      replace: z.boolean().default(false),
    }),
  ),
  /** the current model's file, for a page to save as a download */
  modelFile: method<{ name: string; base64: string }>()(
    z.object({ format: z.enum(['safetensors', 'onnx']) }),
  ),
  importModel: method<{ model: ModelSummary; warnings: string[] }>()(z.object({ path: readPath })),
} as const;

export type MethodName = keyof typeof METHODS;
export type Params<M extends MethodName> = z.input<(typeof METHODS)[M]['params']>;
export type ParsedParams<M extends MethodName> = z.output<(typeof METHODS)[M]['params']>;
export type Reply<M extends MethodName> = NonNullable<(typeof METHODS)[M]['reply']>;
export const METHOD_NAMES = Object.keys(METHODS) as MethodName[];

export type AppEvent =
  | { type: 'dataSet'; dataSet: DataSetSummary }
  | { type: 'model'; model: ModelSummary }
  | { type: 'importProgress'; done: number; total: number; rate: number; secondsLeft: number | null }
  | { type: 'batches'; runId: string; points: BatchPoint[] }
  | { type: 'epoch'; runId: string; point: EpochPoint }
  | {
      type: 'inspection';
      runId: string;
      epoch: number;
      layers: LayerInspection[];
      /** the first layer's weights of up to 32 units as images the size of the inputs, base64 RGB bytes; null when not sent this time (at most once a second) */
      firstLayer: { units: number; width: number; height: number; base64: string } | null;
      findings: Finding[];
    }
  | { type: 'runStarted'; run: RunRecord; waiting: number }
  | { type: 'paused' | 'resumed'; runId: string }
  /** a run ended; `waiting` runs are queued behind it */
  | { type: 'runFinished'; run: RunRecord; waiting: number }
  | { type: 'runFailed'; run: RunRecord; waiting: number }
  | { type: 'kernel'; kernel: KernelInfo }
  | { type: 'error'; message: string };

/** A request as it crosses a process boundary, and its reply. */
export const requestEnvelope = z.object({
  id: z.number().int().min(0),
  method: z.enum(METHOD_NAMES as [MethodName, ...MethodName[]]),
  params: z.unknown(),
});

export type Outcome = { ok: true; result: unknown } | { ok: false; error: string };

/** "field: problem; …" for the first few problems of refused input. */
export function describeProblems(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'params'}: ${issue.message}`)
    .join('; ');
}

/** Checks a request's params; returns them parsed, or the reason they are refused. */
export function parseParams<M extends MethodName>(method: M, params: unknown): ParsedParams<M> | string {
  const parsed = METHODS[method].params.safeParse(params ?? {});
  return parsed.success ? (parsed.data as ParsedParams<M>) : describeProblems(parsed.error);
}
