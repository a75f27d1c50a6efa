/**
 * The one contract between the renderer and its host (Electron's main
 * process or the web host): requests with replies, and events. Every request
 * is checked against its schema before the backend sees it.
 */
import { z } from 'zod';
import type { Finding } from '../core/diagnosis.ts';
import type { LayerInspection } from '../core/inspection.ts';

export type { Finding, LayerInspection };

const text = z.string().min(1).max(4096);
const count = z.number().int().min(0);
const split = z.enum(['train', 'validation', 'test']);

export const optimizerKind = z.enum(['gradientDescent', 'momentum', 'adam']);
export const activationName = z.enum(['relu', 'leakyRelu', 'sigmoid', 'tanh', 'linear']);

/** What the user sets up in the Train view; the input and output layers follow the data set. */
export const trainingSetup = z.object({
  hidden: z.array(z.object({ units: z.number().int().min(1).max(4096), activation: activationName })).max(32),
  loss: z.enum(['auto', 'meanSquaredError']).default('auto'),
  initializer: z.enum(['he', 'xavierNormal', 'xavierUniform', 'lecun', 'smallRandom', 'zeros']),
  optimizer: optimizerKind,
  learningRate: z.number().positive().max(100),
  learningRateDecay: z.number().min(0).max(100).default(0),
  batchSize: count.max(1_000_000),
  epochs: z.number().int().min(1).max(1_000_000),
  l2: z.number().min(0).max(1000).default(0),
  seed: z.number().int().min(0).max(0xffffffff),
});
export type TrainingSetup = z.infer<typeof trainingSetup>;

export const requestSchemas = {
  openFolder: z.object({
    path: text,
    testFraction: z.number().min(0).max(0.9).default(0.2),
    seed: z.number().int().min(0).default(1),
  }),
  openH5: z.object({ paths: z.array(text).min(1).max(3) }),
  loadSample: z.object({
    seed: z.number().int().min(0).max(0xffffffff).default(1),
    perClass: z.number().int().min(5).max(5000).default(60),
  }),
  cancelImport: z.object({}),
  /** the folders inside a folder, for the web host's picker (Electron uses its own dialogs) */
  browse: z.object({ path: z.string().max(4096).default('') }),
  /** a folder dropped into a browser page, sent file by file (web host) */
  uploadBegin: z.object({}),
  uploadFile: z.object({
    uploadId: z.string().regex(/^[0-9a-f]{24}$/),
    path: z.string().min(1).max(1024),
    base64: z.string().max(90_000_000),
  }),
  uploadOpen: z.object({
    uploadId: z.string().regex(/^[0-9a-f]{24}$/),
    top: z.string().min(1).max(255).nullable(),
  }),
  listImages: z.object({
    split,
    offset: count,
    limit: z.number().int().min(1).max(1000),
    classIndex: count.nullable().default(null),
    search: z.string().max(200).default(''),
  }),
  startTraining: trainingSetup,
  /** runs that differ in some settings, trained one after another on the same data */
  startExperiment: z.object({
    name: z.string().min(1).max(200),
    runs: z
      // a run without a name is named after its architecture and optimiser
      .array(z.object({ name: z.string().min(1).max(200).optional(), setup: trainingSetup }))
      .min(1)
      .max(12),
  }),
  /** drops the runs still waiting; the one in progress goes on */
  clearQueue: z.object({}),
  renameRun: z.object({ id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/), name: z.string().min(1).max(200) }),
  deleteRun: z.object({ id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/) }),
  /** makes a past run's model the current one */
  openRun: z.object({ id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/) }),
  /** backpropagation against numerical gradients for this setup's network, freshly initialised */
  gradientCheck: trainingSetup,
  /** the current model's probabilities for every image of a split */
  results: z.object({ split }),
  /** the current model's probabilities for one image of the data set */
  predictImage: z.object({ split, index: count }),
  pause: z.object({}),
  resume: z.object({}),
  stop: z.object({}),
  classify: z.object({ paths: z.array(text).min(1).max(10_000) }),
  /** photos sent by the page itself (dropped or chosen in a browser), base64 */
  classifyUploads: z.object({
    files: z
      .array(z.object({ name: z.string().min(1).max(255), base64: z.string().max(40_000_000) }))
      .min(1)
      .max(100),
  }),
  /** `replace`: write over an existing file that is not a model of this format (the page asks first) */
  exportModel: z.object({
    path: text,
    format: z.enum(['safetensors', 'onnx']),
    replace: z.boolean().optional(),
  }),
  importModel: z.object({ path: text }),
  listRuns: z.object({}),
  state: z.object({}),
} as const;

export type Method = keyof typeof requestSchemas;
export type RequestParams<M extends Method> = z.input<(typeof requestSchemas)[M]>;

export interface ClassCount {
  name: string;
  train: number;
  validation: number;
  test: number;
}

export interface DataSetSummary {
  source: string;
  classes: string[];
  width: number;
  height: number;
  counts: ClassCount[];
  warnings: string[];
  skipped: { file: string; reason: string }[];
  duplicates: number;
}

export interface EpochPoint {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  validationLoss: number | null;
  validationAccuracy: number | null;
  gradientNorms: number[];
}

export interface RunRecord {
  id: string;
  name: string;
  startedAt: string;
  status: 'running' | 'completed' | 'stopped' | 'diverged' | 'crashed';
  explanation: string | null;
  setup: TrainingSetup;
  architecture: string;
  dataSet: string;
  curve: EpochPoint[];
  metrics: Record<string, number>;
  /** what went wrong, by the diagnostics, with a fix each (absent in records from before the lab) */
  findings?: Finding[];
  /** the experiment it belongs to, if any */
  experiment?: string | null;
  /** the logistic regression trained first as every network's reference line */
  baseline?: boolean;
}

export interface ModelSummary {
  architecture: string;
  classes: string[];
  width: number;
  height: number;
  metrics: Record<string, number> | null;
  /** the settings it was trained with, when Whisker trained it */
  training: Record<string, unknown> | null;
  datasetHash: string | null;
  createdAt: string;
}

export interface Prediction {
  file: string;
  probabilities: number[] | null;
  error: string | null;
}

export interface AppState {
  dataSet: DataSetSummary | null;
  model: ModelSummary | null;
  run: RunRecord | null;
  paused: boolean;
}

export interface Replies {
  openFolder: DataSetSummary;
  openH5: DataSetSummary;
  loadSample: DataSetSummary;
  cancelImport: Record<string, never>;
  browse: { path: string; parent: string | null; folders: { name: string; path: string }[] };
  uploadBegin: { uploadId: string };
  uploadFile: Record<string, never>;
  uploadOpen: DataSetSummary;
  listImages: { total: number; items: { index: number; file: string; label: number }[] };
  startTraining: { runId: string };
  startExperiment: { queued: number };
  clearQueue: { dropped: number };
  renameRun: { run: RunRecord };
  deleteRun: Record<string, never>;
  openRun: { model: ModelSummary };
  gradientCheck: { layers: { layer: number; relativeError: number; checked: number }[] };
  results: {
    classes: string[];
    items: { index: number; file: string; label: number; probabilities: number[] }[];
  };
  predictImage: { probabilities: number[] };
  pause: Record<string, never>;
  resume: Record<string, never>;
  stop: Record<string, never>;
  classify: { predictions: Prediction[] };
  classifyUploads: { predictions: Prediction[] };
  exportModel: { path: string };
  importModel: { model: ModelSummary; warnings: string[] };
  listRuns: { runs: RunRecord[]; damaged: { id: string; reason: string }[] };
  state: AppState;
}

export type AppEvent =
  | { type: 'dataSet'; dataSet: DataSetSummary }
  | { type: 'model'; model: ModelSummary }
  | { type: 'importProgress'; done: number; total: number; rate: number; secondsLeft: number | null }
  | { type: 'batch'; runId: string; epoch: number; batch: number; batchesPerEpoch: number; loss: number }
  | { type: 'epoch'; runId: string; point: EpochPoint; epochs: number; examplesPerSecond: number }
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
  | { type: 'runFinished'; run: RunRecord }
  | { type: 'runFailed'; run: RunRecord }
  | { type: 'error'; message: string };

/** A request as it crosses a process boundary, and its reply. */
export const requestEnvelope = z.object({
  id: z.number().int().min(0),
  method: z.enum(Object.keys(requestSchemas) as [Method, ...Method[]]),
  params: z.unknown(),
});

export type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

/** Checks a request's params; returns them parsed, or the reason they are refused. */
export function parseParams<M extends Method>(
  method: M,
  params: unknown,
): z.output<(typeof requestSchemas)[M]> | string {
  const parsed = requestSchemas[method].safeParse(params ?? {});
  if (parsed.success) return parsed.data as z.output<(typeof requestSchemas)[M]>;
  return parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'params'}: ${issue.message}`)
    .join('; ');
}
