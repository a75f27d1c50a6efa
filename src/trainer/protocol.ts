/**
 * The messages between the backend and the trainer process, each checked on
 * arrival: a message that does not match is refused with an error, never
 * acted on. Typed arrays travel by structured clone (the data set once per
 * load, weights at a bounded rate).
 */
import { z } from 'zod';
import { architectureProblems, type Architecture } from '../core/architecture.ts';
import { ACTIVATION_NAMES } from '../core/activations.ts';
import { INITIALIZER_NAMES } from '../core/initializers.ts';

const count = z.number().int().min(0);
// Typed arrays over any buffer (z.instanceof would narrow them to ArrayBuffer).
const bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, {
  message: 'expected a Uint8Array',
});
const labels = z.custom<Uint16Array>((value) => value instanceof Uint16Array, {
  message: 'expected a Uint16Array',
});
const floats = z.custom<Float32Array>((value) => value instanceof Float32Array, {
  message: 'expected a Float32Array',
});
const positive = z.number().positive().finite();
const fraction = z.number().min(0).max(1);

export const architectureSchema = z.custom<Architecture>(
  (value) => architectureProblems(value).length === 0,
  {
    message: 'not a valid architecture',
  },
);

export const optimizerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('gradientDescent') }),
  z.object({ kind: z.literal('momentum'), beta: fraction }),
  z.object({ kind: z.literal('adam'), beta1: fraction, beta2: fraction, epsilon: positive }),
]);

export const trainingConfigSchema = z.object({
  epochs: z.number().int().min(1).max(1_000_000),
  batchSize: count,
  learningRate: positive,
  learningRateDecay: z.number().min(0).finite(),
  optimizer: optimizerSchema,
  l2: z.number().min(0).finite(),
  initializer: z
    .enum(INITIALIZER_NAMES as [string, ...string[]])
    .transform((v) => v as (typeof INITIALIZER_NAMES)[number]),
  seed: z.number().int().min(0).max(0xffffffff),
  validateEvery: z.number().int().min(1),
});

const imagesSchema = z.object({ pixels: bytes, labels });

export const trainingDataSchema = z
  .object({
    classCount: z.number().int().min(2).max(1000),
    width: z.number().int().min(1).max(1024),
    height: z.number().int().min(1).max(1024),
    train: imagesSchema,
    validation: imagesSchema.nullable(),
  })
  .refine(
    ({ width, height, train, validation }) =>
      [train, validation].every(
        (images) => images === null || images.pixels.length === images.labels.length * width * height * 3,
      ),
    { message: 'pixels do not match the number of labels and the image size' },
  )
  .refine(
    ({ classCount, train, validation }) =>
      [train, validation].every((i) => i === null || i.labels.every((l) => l < classCount)),
    {
      message: 'a label is not one of the classes',
    },
  );

export type TrainingData = z.infer<typeof trainingDataSchema>;

export const toTrainerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('load'), data: trainingDataSchema }),
  z.object({
    type: z.literal('start'),
    runId: z.string().min(1).max(100),
    architecture: architectureSchema,
    config: trainingConfigSchema,
    /** weights to continue from instead of a fresh initialisation */
    params: floats.optional(),
  }),
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('stop') }),
  z.object({
    type: z.literal('predict'),
    requestId: z.string().min(1).max(100),
    pixels: bytes,
    count: z.number().int().min(1).max(100_000),
  }),
  /** backpropagation against central differences, on a few training images, for a freshly seeded network */
  z.object({
    type: z.literal('gradientCheck'),
    requestId: z.string().min(1).max(100),
    architecture: architectureSchema,
    seed: z.number().int().min(0).max(0xffffffff),
    initializer: trainingConfigSchema.shape.initializer,
  }),
]);

export type ToTrainer = z.infer<typeof toTrainerSchema>;

const scoreSchema = z.object({ loss: z.number(), accuracy: fraction });

const epochSchema = z.object({
  type: z.literal('epoch'),
  epoch: count,
  epochs: count,
  learningRate: z.number(),
  train: scoreSchema,
  validation: scoreSchema.nullable(),
  layers: z.array(z.object({ gradientNorm: z.number(), weightNorm: z.number() })).readonly(),
  examplesPerSecond: z.number(),
});

const histogramSchema = z.object({ min: z.number(), max: z.number(), counts: z.array(count).readonly() });

export const layerInspectionSchema = z.object({
  layer: z.number().int().min(1),
  activation: z
    .enum(ACTIVATION_NAMES as [string, ...string[]])
    .transform((v) => v as (typeof ACTIVATION_NAMES)[number]),
  units: count,
  fanIn: count,
  preActivations: histogramSchema,
  activations: histogramSchema,
  weightGradients: histogramSchema,
  gradientNorm: z.number(),
  deadFraction: fraction.nullable(),
  saturatedFraction: fraction.nullable(),
  identicalUnits: z.boolean(),
});

export const fromTrainerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('loaded'), images: count }),
  z.object({
    type: z.literal('progress'),
    runId: z.string(),
    epoch: count,
    batch: count,
    batchesPerEpoch: count,
    loss: z.number(),
  }),
  z.object({
    type: z.literal('epoch'),
    runId: z.string(),
    event: epochSchema,
    /** the weights at the end of this epoch, sent at most about once a second */
    params: floats.nullable(),
  }),
  /** a look inside the network on the probe batch, at most a few times a second */
  z.object({
    type: z.literal('inspection'),
    runId: z.string(),
    epoch: count,
    layers: z.array(layerInspectionSchema),
    predictedShares: z.array(fraction),
    labelShares: z.array(fraction),
    /** the first layer's incoming weights of up to 32 units as 8-bit images laid out like the inputs (0 units: not this time) */
    firstLayer: z.object({ units: count, pixels: bytes }),
  }),
  z.object({
    type: z.literal('gradientCheck'),
    requestId: z.string(),
    layers: z.array(z.object({ layer: z.number().int(), relativeError: z.number(), checked: count })),
  }),
  z.object({ type: z.literal('paused'), runId: z.string() }),
  z.object({ type: z.literal('resumed'), runId: z.string() }),
  z.object({
    type: z.literal('finished'),
    runId: z.string(),
    stoppedBy: z.enum(['completed', 'stopped', 'diverged']),
    completedEpochs: count,
    explanation: z.string().nullable(),
    params: floats,
  }),
  z.object({
    type: z.literal('prediction'),
    requestId: z.string(),
    probabilities: floats,
  }),
  z.object({ type: z.literal('error'), requestId: z.string().nullable(), message: z.string() }),
]);

export type FromTrainer = z.infer<typeof fromTrainerSchema>;

/** "what.path: problem" for the first few problems of a refused message. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'message'}: ${issue.message}`)
    .join('; ');
}
