/**
 * The messages between the backend and the trainer process, each checked on
 * arrival: a message that does not match is refused with an error, never
 * acted on. The trainer is where the data set's pixels live and where every
 * computation with a network happens; the backend asks, the trainer answers
 * (`reply`) or reports (everything else). Typed arrays travel by structured
 * clone.
 */
import { LAYER_KINDS, type LayerKind } from '../core/architecture.ts';
import { z } from 'zod';
import { ACTIVATION_NAMES } from '../core/activations.ts';
import type { Finding } from '../core/diagnosis.ts';
import type { FeatureMaps } from '../core/featureMaps.ts';
import type { Model } from '../core/modelFile.ts';
import type { RunSetup } from '../core/runSetup.ts';
import type { BatchPoint, EpochPoint } from '../core/training.ts';
import type { ImageRef, NearDuplicate } from '../data/nearDuplicates.ts';

const count = z.number().int().min(0);
const text = z.string().min(1).max(4096);
const fraction = z.number().min(0).max(1);
const split = z.enum(['train', 'validation', 'test']);
// Typed arrays over any buffer (z.instanceof would narrow them to ArrayBuffer).
const bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, {
  message: 'expected a Uint8Array',
});
const floats = z.custom<Float32Array>((value) => value instanceof Float32Array, {
  message: 'expected a Float32Array',
});
const isObject = (value: unknown) => typeof value === 'object' && value !== null;
/** checked in full by core's setupProblems() where it is used: one check per run */
const setup = z.custom<RunSetup>(isObject, { message: 'expected a run setup' });
/** checked in full by core's model file rules (encode and decode) where it is used */
const model = z.custom<Model>((value) => isObject(value) && (value as Model).params instanceof Float32Array, {
  message: 'expected a model',
});

/** Photos to classify: by path (the trainer reads them) or by their bytes (sent from a page). */
const photo = z.union([z.object({ name: text, path: text }), z.object({ name: text, bytes })]);

/** how a folder's images are read, and split when the folder has no split folders of its own */
const folderReading = {
  input: z.object({ width: count, height: count, fit: z.enum(['stretch', 'crop', 'letterbox']) }),
  testFraction: z.number().min(0).max(0.9),
  seed: count,
};

export const trainerRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('openFolder'), path: text, ...folderReading }),
  /** class folders given one by one (dropped together): each a class named by its folder */
  z.object({ kind: z.literal('openClassFolders'), paths: z.array(text).min(2).max(1000), ...folderReading }),
  z.object({ kind: z.literal('openH5'), paths: z.array(text).min(1).max(3) }),
  z.object({ kind: z.literal('loadSample'), seed: count, perClass: count }),
  /** a small PNG of one image of the open data set, from its decoded pixels */
  z.object({ kind: z.literal('thumbnail'), split, index: count, size: z.number().int().min(8).max(1024) }),
  z.object({ kind: z.literal('startRun'), runId: text, setup, datasetHash: z.string().nullable() }),
  /** the current model's probabilities for every image of a split, or one of them */
  z.object({ kind: z.literal('predictSplit'), split, index: count.nullable() }),
  z.object({ kind: z.literal('classify'), photos: z.array(photo).min(1).max(10_000) }),
  /** makes a model the current one, after one inference shows it gives probabilities */
  z.object({ kind: z.literal('useModel'), model }),
  /** backpropagation against central differences for the setup's network, freshly initialised */
  z.object({ kind: z.literal('gradientCheck'), setup }),
  /** the filters and maps of the run's network (or else the current model's) for one image of the open data set */
  z.object({ kind: z.literal('featureMaps'), split, index: count }),
]);

export const toTrainerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('request'), id: count, request: trainerRequestSchema }),
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('stop') }),
  z.object({ type: z.literal('cancelImport') }),
]);

export type TrainerRequest = z.infer<typeof trainerRequestSchema>;
export type ToTrainer = z.infer<typeof toTrainerSchema>;

export interface ClassifiedPhoto {
  readonly file: string;
  readonly probabilities: number[] | null;
  readonly error: string | null;
}

/** What the backend keeps of an open data set: no pixels, only what names and counts them. */
export interface DataSetIndex {
  readonly classes: string[];
  readonly width: number;
  readonly height: number;
  readonly splitBy: 'folders' | 'random' | 'file';
  /** per split, each image's file and label; null for a split the data set lacks */
  readonly splits: Record<'train' | 'validation' | 'test', { files: string[]; labels: number[] } | null>;
  readonly counts: { name: string; train: number; validation: number; test: number }[];
  readonly warnings: string[];
  readonly skipped: { file: string; reason: string }[];
  /** images whose decoded pixels are identical, each group's copies named */
  readonly duplicates: (readonly ImageRef[])[];
  /** pairs of images that are one picture re-encoded or resized, closest first */
  readonly nearDuplicates: NearDuplicate[];
  /** of the training split's pixels and labels: which data a model was trained on */
  readonly hash: string;
  /** the real path of the folder the images were read from (originals are served only from inside it) */
  readonly folder: string | null;
}

/** The answers, by request kind. */
export interface TrainerReplies {
  openFolder: DataSetIndex;
  openClassFolders: DataSetIndex;
  openH5: DataSetIndex;
  loadSample: DataSetIndex;
  thumbnail: { png: Uint8Array };
  startRun: Record<string, never>;
  predictSplit: { classes: string[]; labels: number[]; probabilities: Float32Array };
  classify: { photos: ClassifiedPhoto[] };
  useModel: Record<string, never>;
  gradientCheck: { layers: { layer: number; relativeError: number; checked: number }[] };
  /** `epoch`: the epoch whose weights the run's network held when drawn; null when it was the current model */
  featureMaps: FeatureMaps<Uint8Array> & { epoch: number | null };
}

const histogram = z.object({ min: z.number(), max: z.number(), counts: z.array(count).readonly() });

export const layerInspectionSchema = z.object({
  layer: z.number().int().min(1),
  activation: z
    .enum(ACTIVATION_NAMES as [string, ...string[]])
    .transform((v) => v as (typeof ACTIVATION_NAMES)[number]),
  kind: z.enum(LAYER_KINDS as [LayerKind, ...LayerKind[]]),
  weightShape: z.array(count).max(4),
  output: z.object({ height: count, width: count, channels: count }),
  units: count,
  fanIn: count,
  preActivations: histogram,
  activations: histogram,
  weightGradients: histogram,
  gradientNorm: z.number(),
  gradientRms: z.number(),
  activationRms: z.number(),
  deadFraction: fraction.nullable(),
  saturatedFraction: fraction.nullable(),
  identicalUnits: z.boolean(),
});

/** the diagnostics' findings, made by core's diagnose() in this same program */
const findings = z.custom<Finding[]>(Array.isArray, { message: 'expected findings' });

/** a point of the training loop, core's own record: a batch's or an epoch's */
const point = z.custom<BatchPoint | EpochPoint>(
  (value) => isObject(value) && ['batch', 'epoch'].includes((value as { type?: unknown }).type as string),
  { message: 'expected a batch or an epoch point' },
);

export const fromTrainerSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    /** which kernel computes here: its name, threads, SIMD and relaxed SIMD, and why one thread if it fell back */
    kernel: z.object({
      name: z.string(),
      threads: count,
      simd: z.boolean(),
      relaxedSimd: z.boolean(),
      fallback: z.string().nullable(),
    }),
  }),
  /** the answer to request `id`: its result, or (ok false) the reason it was refused */
  z.object({
    type: z.literal('reply'),
    id: count,
    ok: z.boolean(),
    result: z.unknown(),
    error: z.string().optional(),
  }),
  z.object({
    type: z.literal('importProgress'),
    done: count,
    total: count,
    rate: z.number(),
    secondsLeft: z.number().nullable(),
  }),
  /**
   * the loop's points since the last message, in the order it made them: coalesced into a message
   * at most every 50 ms (and before anything else the run reports), never dropped
   */
  z.object({
    type: z.literal('points'),
    runId: z.string(),
    points: z.array(point),
    /** the weights at the end of the last point, an epoch's, about once a second: kept if the trainer dies */
    params: floats.nullable(),
  }),
  /** a look inside the network on the probe batch, at most a few times a second, and what it means */
  z.object({
    type: z.literal('inspection'),
    runId: z.string(),
    epoch: count,
    layers: z.array(layerInspectionSchema),
    /** the first layer's incoming weights of up to 32 units as 8-bit images laid out like the inputs (0 units: not this time) */
    firstLayer: z.object({ units: count, width: count, height: count, pixels: bytes }),
    findings,
  }),
  z.object({ type: z.literal('paused'), runId: z.string() }),
  z.object({ type: z.literal('resumed'), runId: z.string() }),
  z.object({
    type: z.literal('runEnded'),
    runId: z.string(),
    /** 'stoppedEarly': early stopping's patience ran out before the last epoch */
    status: z.enum(['completed', 'stoppedEarly', 'stopped', 'diverged', 'failed']),
    explanation: z.string().nullable(),
    /** the epoch whose weights the model holds when early stopping chose them (the best on validation) */
    keptEpoch: z.number().int().min(1).nullable(),
    /** the final model and its metrics; null when no epoch finished */
    model: model.nullable(),
    findings,
  }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);

export type FromTrainer = z.infer<typeof fromTrainerSchema>;

/** "what.path: problem" for the first few problems of a refused message. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'message'}: ${issue.message}`)
    .join('; ');
}
