/**
 * The training loop: mini-batch gradient descent with a pluggable update rule.
 *
 * It is a generator that runs exactly one batch per `next()`, so whoever
 * drives it can pause (stop calling next), stop (call return) or yield to its
 * event loop between batches. It never touches time except through `now`.
 */
import { EarlyStopping, NEEDS_VALIDATION, type KeptEpoch } from './bestEpoch.ts';
import { batchAugmenter, type Augmentation } from './augmentation.ts';
import { assertExamples, Batch, predictedClass, type Examples } from './examples.ts';
import { INITIALIZERS, type InitializerName } from './initializers.ts';
import { evaluate } from './metrics.ts';
import type { Kernel } from './kernels/kernel.ts';
import { Network } from './network.ts';
import { createOptimizer, type OptimizerConfig } from './optimizers.ts';
import type { Architecture } from './architecture.ts';
import { Random } from './random.ts';
import { WeightsSnapshot } from './snapshot.ts';

export interface TrainingConfig {
  readonly epochs: number;
  /** examples per batch; 0 (or ≥ the training set) for full-batch gradient descent */
  readonly batchSize: number;
  readonly learningRate: number;
  /** α_epoch = α / (1 + decay·epoch); 0 keeps α constant */
  readonly learningRateDecay: number;
  readonly optimizer: OptimizerConfig;
  /** λ of the L2 penalty (λ/2m)·Σ‖W‖² */
  readonly l2: number;
  readonly initializer: InitializerName;
  /** the seed of the weights' initialisation and of the examples' order */
  readonly seed: number;
  /** early stopping's patience: epochs without a better validation loss before the run ends; 0 or absent: off */
  readonly earlyStopping?: number;
  /** changes each training batch on the fly, from a generator of its own seeded from `seed`; absent: off */
  readonly augmentation?: Augmentation;
}

/**
 * One batch: a point of the loss-per-batch curve, the saw-tooth of mini-batch
 * gradient descent. These points, and the epoch points below, are the records
 * the app draws, the run history keeps, the CLI prints and diagnosis reads.
 */
export interface BatchPoint {
  readonly type: 'batch';
  readonly epoch: number;
  /** 1 to batchesPerEpoch */
  readonly batch: number;
  readonly batchesPerEpoch: number;
  /** J on this batch before its update, L2 included */
  readonly loss: number;
}

/** One epoch. */
export interface EpochPoint {
  readonly type: 'epoch';
  readonly epoch: number;
  readonly epochs: number;
  /** updates per epoch, ⌈m/B⌉ */
  readonly batchesPerEpoch: number;
  readonly learningRate: number;
  /** the mean batch cost and accuracy during the epoch, each batch's before its update */
  readonly trainLoss: number;
  /** J on each of the epoch's batches before its update, in order: the saw-tooth, every tooth kept */
  readonly batchLosses: readonly number[];
  readonly trainAccuracy: number;
  /** on the validation split at the end of the epoch; null without one */
  readonly validationLoss: number | null;
  readonly validationAccuracy: number | null;
  /** per layer l with trainable values (Network.weighted): ‖dJ/dθ[l]‖ over W[l] and b[l], averaged over the epoch's batches */
  readonly gradientNorms: readonly number[];
  /** per layer: the same per parameter, ‖dJ/dθ[l]‖/√(size of θ[l]), comparable across layers of any width */
  readonly gradientRms: readonly number[];
  /** per layer: ‖θ[l]‖ at the end of the epoch */
  readonly weightNorms: readonly number[];
  /** over the time spent training this epoch's batches */
  readonly examplesPerSecond: number;
}

/**
 * Each layer's gradient per parameter in an epoch, ‖dJ/dθ[l]‖/√(size of θ[l]), which a wide
 * layer does not inflate; points from before it was kept give their norms.
 */
export function layerGradients(point: Pick<EpochPoint, 'gradientNorms' | 'gradientRms'>): readonly number[] {
  return point.gradientRms.length === point.gradientNorms.length ? point.gradientRms : point.gradientNorms;
}

/** The run stopped because a number stopped being finite; the weights of `restoredEpoch` were put back. */
export interface Divergence {
  readonly type: 'diverged';
  readonly epoch: number;
  readonly batch: number;
  readonly explanation: string;
  readonly restoredEpoch: number;
}

export type TrainingEvent = BatchPoint | EpochPoint | Divergence | KeptEpoch;

export interface TrainingResult {
  readonly completedEpochs: number;
  /** 'early': early stopping's patience ran out before the last epoch */
  readonly stoppedBy: 'completed' | 'early' | 'diverged';
}

export interface TrainingData {
  readonly train: Examples;
  readonly validation: Examples | null;
  readonly classCount: number;
}

/** A network built and initialised from the seed, with the generator that continues to shuffle. */
export function createSeededNetwork(
  architecture: Architecture,
  config: Pick<TrainingConfig, 'initializer' | 'seed'>,
  kernel?: Kernel,
): { network: Network; random: Random } {
  const random = new Random(config.seed);
  const network = new Network(architecture, kernel);
  network.initialize(INITIALIZERS[config.initializer], random);
  return { network, random };
}

export function* train(
  network: Network,
  random: Random,
  data: TrainingData,
  config: TrainingConfig,
  now: () => number = () => performance.now(),
): Generator<TrainingEvent, TrainingResult, void> {
  const { train: examples, validation, classCount } = data;
  assertExamples(examples, classCount, 'training set');
  if (validation) assertExamples(validation, classCount, 'validation set');
  if (config.earlyStopping && validation === null) throw new Error(NEEDS_VALIDATION);
  const m = examples.count;
  const batchSize = config.batchSize <= 0 || config.batchSize >= m ? m : config.batchSize;
  const fullBatch = batchSize === m;
  const batchesPerEpoch = Math.ceil(m / batchSize);
  assertBatchesNormalisable(network, m, batchSize);
  const outputs = network.outputSize;
  const augment = batchAugmenter(config.augmentation, config.seed, examples.inputSize);
  // A batch larger than one part goes through the network a part at a time, its pixels
  // turned into inputs part by part: the whole of it is never held as float32.
  const partRows = Math.min(batchSize, rowsPerPart(examples.inputSize));
  const batch = new Batch(examples.inputSize, outputs, partRows, network.kernel);
  // An augmented batch differs every time: the full batch is gathered again in each epoch.
  const gatheredOnce = fullBatch && partRows === m && augment === null;
  const optimizer = createOptimizer(config.optimizer, network.params.length, network.kernel);
  const order = new Int32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  const lastGood = new WeightsSnapshot(network.params);
  // with early stopping on, every way the run ends (its last epoch, patience run out, a stop from
  // outside with return()) leaves the best epoch's weights, but a divergence (the last good ones)
  const early = config.earlyStopping ? new EarlyStopping(config.earlyStopping, network.params) : null;
  let diverged = false;
  const weighted = network.weighted;
  const gradientNormSums = new Float64Array(weighted.length);
  const weightNorms = new Float64Array(weighted.length);
  network.useForMasks(random);
  const squares = new Float64Array(2);

  if (gatheredOnce) batch.gather(examples, order, 0, m);
  try {
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      // Time spent in this loop's own work: pauses between next() calls are not training.
      let busy = 0;
      const learningRate = config.learningRate / (1 + config.learningRateDecay * (epoch - 1));
      if (!fullBatch) random.shuffle(order);
      gradientNormSums.fill(0);
      let lossSum = 0;
      const batchLosses: number[] = [];
      let correct = 0;

      for (let b = 0; b < batchesPerEpoch; b++) {
        const batchStarted = now();
        const start = b * batchSize;
        const size = Math.min(batchSize, m - start);
        let loss = 0;
        for (let part = 0; part < size; part += partRows) {
          const rows = Math.min(partRows, size - part);
          if (!gatheredOnce) batch.gather(examples, order, start + part, rows);
          augment?.(batch.x, rows);
          const a = network.forward(batch.x, rows, 'train');
          if (rows === size) loss = network.cost(batch.y, size, config.l2, m);
          else loss += (network.cost(batch.y, rows) * rows) / size;
          for (let r = 0; r < rows; r++) if (predictedClass(a, r, outputs) === batch.labels[r]) correct++;
          network.backward(batch.x, batch.y, rows, config.l2, m, { batchSize: size, first: part === 0 });
        }
        if (partRows < size) loss += network.penalty(config.l2, m);

        let failure: NonFinite | null = Number.isFinite(loss) ? null : { what: 'loss', value: loss };
        for (const [w, layer] of weighted.entries()) {
          squares.fill(0);
          optimizer.step(
            network.params,
            network.grads,
            learningRate,
            layer.offset,
            layer.offset + layer.size,
            squares,
          );
          const [gradientNorm, weightNorm] = [Math.sqrt(squares[0]), Math.sqrt(squares[1])];
          failure ??= nonFinite(layer.index + 1, gradientNorm, weightNorm);
          gradientNormSums[w] += gradientNorm;
          weightNorms[w] = weightNorm;
        }
        if (failure !== null) {
          lastGood.restore(network.params);
          diverged = true;
          yield {
            type: 'diverged',
            epoch,
            batch: b + 1,
            restoredEpoch: epoch - 1,
            explanation: explainDivergence(failure, epoch, b + 1),
          };
          return { completedEpochs: epoch - 1, stoppedBy: 'diverged' };
        }
        lossSum += loss * size;
        batchLosses.push(loss);
        busy += now() - batchStarted;
        yield { type: 'batch', epoch, batch: b + 1, batchesPerEpoch, loss };
      }

      lastGood.take(network.params);
      const validationScore = validation === null ? null : evaluate(network, validation, classCount);
      if (validationScore) early?.endOfEpoch(epoch, validationScore.loss, network.params);
      const seconds = Math.max(1e-9, busy / 1000);
      const gradientNorms = weighted.map((_, w) => gradientNormSums[w] / batchesPerEpoch);
      yield {
        type: 'epoch',
        epoch,
        epochs: config.epochs,
        batchesPerEpoch,
        learningRate,
        trainLoss: lossSum / m,
        batchLosses,
        trainAccuracy: correct / m,
        validationLoss: validationScore?.loss ?? null,
        validationAccuracy: validationScore?.accuracy ?? null,
        gradientNorms,
        gradientRms: weighted.map((layer, w) => gradientNorms[w]! / Math.sqrt(layer.size)),
        weightNorms: Array.from(weightNorms),
        examplesPerSecond: m / seconds,
      };
      if (early?.exhausted(epoch) && epoch < config.epochs) {
        yield early.keep(network.params, epoch, true)!;
        return { completedEpochs: epoch, stoppedBy: 'early' };
      }
    }
    const kept = early?.keep(network.params, config.epochs, false);
    if (kept) yield kept;
  } finally {
    if (!diverged) early?.restore(network.params);
    batch.dispose();
    optimizer.dispose();
  }
  return { completedEpochs: config.epochs, stoppedBy: 'completed' };
}

/** The most float32 input one part of a batch holds: 32 MiB, 682 images of 64×64. */
const PART_BYTES = 32 * 2 ** 20;

/** How many examples of `inputSize` values a part of a batch holds. */
export function rowsPerPart(inputSize: number): number {
  return Math.max(1, Math.floor(PART_BYTES / (4 * inputSize)));
}

/**
 * Batch normalisation of one value per channel has no variance to divide by (PyTorch refuses it
 * too): after a dense layer, a batch of one example. Said before training rather than mid-epoch.
 */
function assertBatchesNormalisable(network: Network, m: number, batchSize: number): void {
  const alone = network.layers.find((l) => l.kind === 'batchNorm' && l.input.height * l.input.width === 1);
  if (alone === undefined || (m % batchSize !== 1 && m > 1)) return;
  throw new RangeError(
    `Batch normalisation (layer ${alone.index + 1}) needs at least 2 examples in every batch: ` +
      `${m} training examples in batches of ${batchSize} leave one alone; choose another batch size.`,
  );
}

/** What in layer l (1-based) stopped being a finite number, if anything. */
function nonFinite(layer: number, gradientNorm: number, weightNorm: number): NonFinite | null {
  if (!Number.isFinite(gradientNorm)) return { what: 'gradient', layer, value: gradientNorm };
  if (!Number.isFinite(weightNorm)) return { what: 'weights', layer, value: weightNorm };
  return null;
}

type NonFinite =
  { what: 'loss'; value: number } | { what: 'gradient' | 'weights'; layer: number; value: number };

function explainDivergence(problem: NonFinite, epoch: number, batch: number): string {
  const value = Number.isNaN(problem.value) ? 'NaN' : 'infinite';
  const subject =
    problem.what === 'loss'
      ? `The loss became ${value}`
      : `The ${problem.what === 'gradient' ? 'gradient' : 'weights'} of layer ${problem.layer} became ${value}`;
  return `${subject} in epoch ${epoch}, batch ${batch}: training stopped, and the weights from the end of epoch ${epoch - 1} were kept.`;
}
