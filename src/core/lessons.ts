/**
 * The Lab's lessons: each a few runs on the open data set that differ in one
 * thing the lecture teaches, with complete settings of their own (never the
 * Train view's): plain gradient descent, θ := θ − α·∂J/∂θ, at the course's
 * learning rate, from seed 1. Each says what it compares, what to watch, how
 * long it takes, and after its runs what happened and why, in sentences
 * computed from the runs' results, so that they never contradict them.
 */
import { INITIALIZERS, type InitializerName } from './initializers.ts';
import { describeOutcome, firstGradients, outcomeOf, type Outcome, type RunResult } from './outcomes.ts';
import {
  aboutSeconds,
  estimateSeconds,
  runCost,
  type RunCost,
  type TrainingCounts,
  type TrainingSpeed,
} from './runCost.ts';
import { ACTIVATION_LABELS } from './activations.ts';
import { activationOf } from './architecture.ts';
import { NO_AUGMENTATION } from './augmentation.ts';
import type { HiddenActivation, InputSetup, RunSetup } from './runSetup.ts';

/** What a lesson needs of the open data set (the contract's DataSetSummary is one). */
export interface LessonData extends TrainingCounts {
  /** its name, as the user is shown it */
  readonly source: string;
  /** how its images were read: every run's input */
  readonly input: InputSetup;
  /** in the user's order */
  readonly classes: readonly string[];
}

export interface LessonRun {
  readonly name: string;
  readonly setup: RunSetup;
}

export interface Lesson {
  readonly id: 'initialisation' | 'activations' | 'depth' | 'batchSize';
  readonly name: string;
  /** what it compares, in the lecture's terms */
  readonly about: string;
  /** what to look at while it runs */
  readonly watch: string;
  /** how its runs compare best: epoch by epoch, or update by update */
  readonly overlayBy: 'epoch' | 'update';
  runs(data: LessonData): LessonRun[];
  /** After its runs: what happened and why, from their results. */
  explain(runs: readonly RunResult[]): string[];
}

/** The course's learning rate: every lesson's runs learn at it, or show why they do not. */
export const LESSON_LEARNING_RATE = 0.0075;

/** Plain gradient descent on the whole training set at the course's rate, seed 1, nothing held out. */
function lessonSetup(data: LessonData, changes: Partial<RunSetup>): RunSetup {
  return {
    hidden: [],
    loss: 'auto',
    initializer: 'he',
    optimizer: 'gradientDescent',
    learningRate: LESSON_LEARNING_RATE,
    learningRateDecay: 0,
    batchSize: 0,
    epochs: 600,
    l2: 0,
    splitSeed: 1,
    trainingSeed: 1,
    validationFraction: 0,
    earlyStopping: 0,
    input: { ...data.input },
    classOrder: [...data.classes],
    augmentation: NO_AUGMENTATION,
    ...changes,
  };
}

const layers = (count: number, activation: HiddenActivation, units = 16) =>
  Array.from({ length: count }, () => ({ units, activation }));

const sci = (value: number) => value.toExponential(1);
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const list = (items: readonly string[]) =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
/** "He normal (the lecture notes' “Simple”)" */
const initializerName = (name: InitializerName) => {
  const { standardName, notesName } = INITIALIZERS[name];
  return notesName ? `${standardName} (the lecture notes' “${notesName}”)` : standardName;
};

/** Each run's outcome with the variant it tried, in the order the lesson lists its variants. */
function outcomesBy<K>(
  runs: readonly RunResult[],
  variants: readonly K[],
  variantOf: (setup: RunSetup) => K,
): { variant: K; outcome: Outcome }[] {
  return variants.flatMap((variant) => {
    const run = runs.find((r) => variantOf(r.setup) === variant);
    const outcome = run && outcomeOf(run);
    return outcome ? [{ variant, outcome }] : [];
  });
}

const SHORT_NAMES = {
  he: 'He',
  lecun: 'LeCun',
  xavierNormal: 'Xavier/Glorot',
  smallRandom: '0.01·randn',
  standardNormal: 'randn·1',
} as const;
const INITIALISERS = Object.keys(SHORT_NAMES) as (keyof typeof SHORT_NAMES)[];
const DEEP_RELU = 5;

const initialisation: Lesson = {
  id: 'initialisation',
  name: 'Initialisation',
  about:
    `Five ways to draw the first weights of a network of ${DEEP_RELU} ReLU layers of 16 units: He, LeCun and Xavier/Glorot ` +
    "scale randn to the layer's width, so that the signal keeps its size from layer to layer; 0.01·randn and randn·1 do not. " +
    'The lecture notes name these formulas differently: the table gives both names.',
  watch:
    'Watch where each training loss starts and how fast it falls; in the Inside view, the heatmap of each layer’s gradient ' +
    'per weight shows whether the gradient keeps its size on the way back to layer 1.',
  overlayBy: 'epoch',
  runs: (data) =>
    INITIALISERS.map((initializer) => ({
      name: SHORT_NAMES[initializer],
      setup: lessonSetup(data, { hidden: layers(DEEP_RELU, 'relu'), initializer }),
    })),
  explain(runs) {
    const results = outcomesBy(
      runs,
      INITIALISERS,
      (setup) => setup.initializer as (typeof INITIALISERS)[number],
    );
    const of = (name: InitializerName) => results.find((r) => r.variant === name)?.outcome;
    const sentences: string[] = [];
    const scaled = results.filter((r) => ['he', 'lecun', 'xavierNormal'].includes(r.variant));
    if (scaled.length > 0)
      sentences.push(
        `${list(scaled.map((r) => `${initializerName(r.variant)} ${describeOutcome(r.outcome)}`))}.`,
      );
    const learned = scaled.filter((r) => r.outcome.learned);
    const lowest = learned.reduce<(typeof learned)[number] | null>(
      (best, r) => (best === null || r.outcome.last < best.outcome.last ? r : best),
      null,
    );
    if (learned.length > 1 && lowest?.variant === 'he')
      sentences.push(
        "He ended lowest: its √(2/n[l−1]) makes up for the half of each layer's z that ReLU sets to 0, " +
          'so the signal, and the gradient on its way back, keep their size through the layers.',
      );
    const he = of('he');
    const small = of('smallRandom');
    if (small) sentences.push(smallWeights(small, he));
    const large = of('standardNormal');
    if (large) sentences.push(largeWeights(large, he, runs));
    return sentences;
  },
};

function smallWeights(small: Outcome, he: Outcome | undefined): string {
  const [first, last] = [small.gradients[0], small.gradients.at(-1)];
  if (first === undefined || last === undefined) return `0.01·randn ${describeOutcome(small)}.`;
  const against = he ? `, against He's ${sci(he.gradients[0]!)} and ${sci(he.gradients.at(-1)!)}` : '';
  if (!small.learned)
    return (
      `0.01·randn ${describeOutcome(small)}. At the first epoch its gradient per weight was ${sci(first)} in layer 1 ` +
      `and ${sci(last)} in the output layer${against}: each layer multiplies the signal on its way forward, and the gradient ` +
      `on its way back, by about 0.01·√n[l−1] (${0.01 * 4} for 16 units), so both vanish.`
    );
  return `0.01·randn ${describeOutcome(small)}, its first layer's gradient per weight starting at ${sci(first)}${against}.`;
}

function largeWeights(large: Outcome, he: Outcome | undefined, runs: readonly RunResult[]): string {
  const sizes = large.gradients.filter((g) => Number.isFinite(g) && g > 0);
  if (sizes.length === 0) return `randn·1 ${describeOutcome(large)}.`;
  const range = `${sci(Math.min(...sizes))} to ${sci(Math.max(...sizes))}`;
  const heRange = he ? ` (He's: ${sci(Math.min(...he.gradients))} to ${sci(Math.max(...he.gradients))})` : '';
  const inputs = runs[0] ? runs[0].setup.input.width * runs[0].setup.input.height * 3 : 0;
  const growth =
    `each ReLU layer multiplies the signal and the gradient by about √(n[l−1]/2): ${Math.sqrt(8).toFixed(1)} for 16 units` +
    (inputs > 0
      ? `, ${Math.round(Math.sqrt(inputs / 2))} for the ${inputs.toLocaleString('en')} inputs`
      : '');
  return large.diverged
    ? `randn·1 started at a training loss of ${formatLoss(large.first)} with gradients per weight from ${range}${heRange}, ` +
        `and ${describeOutcome(large)}: ${growth}, so z, the loss and the gradients explode.`
    : `randn·1 started at a training loss of ${formatLoss(large.first)} with gradients per weight from ${range}${heRange}, ` +
        `and ${describeOutcome(large)}: ${growth}.`;
}

function formatLoss(value: number): string {
  return value >= 1000 ? Math.round(value).toLocaleString('en') : value.toPrecision(2);
}

const ACTIVATIONS: readonly { activation: HiddenActivation; initializer: InitializerName }[] = [
  { activation: 'relu', initializer: 'he' },
  { activation: 'tanh', initializer: 'xavierNormal' },
  { activation: 'sigmoid', initializer: 'xavierNormal' },
];

const SLOPES: Partial<Record<HiddenActivation, { small: string; passes: string }>> = {
  relu: {
    small: 'ReLU′(z) is 0 wherever z < 0',
    passes: 'ReLU′(z) = 1 wherever z > 0, so it does not shrink the gradient on the way back',
  },
  tanh: {
    small: 'tanh′(z) = 1 − tanh²(z) is near 0 wherever tanh saturates',
    passes: 'tanh′(z) = 1 − tanh²(z) is near 1 around z = 0, where Xavier initialisation keeps z',
  },
  sigmoid: {
    small: 'σ′(z) = σ(z)(1 − σ(z)) is at most 1/4',
    passes: 'σ′(z) = σ(z)(1 − σ(z)) is at most 1/4, a shrinking this network withstood',
  },
};

const activations: Lesson = {
  id: 'activations',
  name: 'Activations',
  about:
    `The same ${DEEP_RELU} layers of 16 units with ReLU (He initialisation), tanh and sigmoid (Xavier/Glorot). ` +
    "Backpropagation multiplies dJ/dz by each layer's g′(z) on the way back: where g′ is small, the first layers' gradients shrink.",
  watch:
    'Watch each training loss; in the Inside view, compare the gradient per weight of layer 1 with that of the output layer, ' +
    'and the histograms of z against each activation’s flat regions.',
  overlayBy: 'epoch',
  runs: (data) =>
    ACTIVATIONS.map(({ activation, initializer }) => ({
      name: ACTIVATION_LABELS[activation],
      setup: lessonSetup(data, { hidden: layers(DEEP_RELU, activation), initializer }),
    })),
  explain(runs) {
    const results = outcomesBy(
      runs,
      ACTIVATIONS.map((a) => a.activation),
      (setup) => activationOf(setup.hidden[0]!) as HiddenActivation,
    );
    const sentences: string[] = [];
    if (results.length > 0)
      sentences.push(
        `${list(results.map((r) => `${ACTIVATION_LABELS[r.variant]} ${describeOutcome(r.outcome)}`))}.`,
      );
    for (const { variant, outcome } of results) {
      const ratio = firstGradients(outcome);
      const slope = SLOPES[variant];
      if (ratio === null || !slope) continue;
      const measured = `${ACTIVATION_LABELS[variant]}'s first layer started with a gradient per weight ${sci(ratio)} times its output layer's`;
      if (!outcome.learned && !outcome.diverged && ratio < 1e-2)
        sentences.push(
          `${measured}: backpropagation multiplies dJ/dz by g′(z) at every layer, and ${slope.small}, ` +
            `so through ${DEEP_RELU} layers the gradient vanishes and the first layers hardly learn.`,
        );
      else if (outcome.learned) sentences.push(`${measured}: ${slope.passes}.`);
    }
    return sentences;
  },
};

const DEPTHS = [1, 3, 5] as const;

const depth: Lesson = {
  id: 'depth',
  name: 'Depth',
  about:
    'Networks of 1, 3 and 5 sigmoid layers of 16 units (Xavier/Glorot initialisation). On the way back, each layer multiplies ' +
    "dJ/dz by W[l]ᵀ and by σ′(z) ≤ 1/4: the deeper the network, the smaller its first layer's gradient.",
  watch:
    'Watch each training loss, and in the Inside view the gradient per weight of layer 1 against the output layer’s, as the network deepens.',
  overlayBy: 'epoch',
  runs: (data) =>
    DEPTHS.map((count) => ({
      name: `${count} sigmoid layer${count > 1 ? 's' : ''}`,
      setup: lessonSetup(data, { hidden: layers(count, 'sigmoid'), initializer: 'xavierNormal' }),
    })),
  explain(runs) {
    const results = outcomesBy(runs, DEPTHS, (setup) => setup.hidden.length as (typeof DEPTHS)[number]);
    const named = (count: number) => `${count} layer${count > 1 ? 's' : ''}`;
    const sentences: string[] = [];
    const measured = results.filter((r) => r.outcome.gradients.length > 0 && r.outcome.gradients[0]! > 0);
    if (measured.length > 0)
      sentences.push(
        `At the first epoch, the first layer's gradient per weight was ${list(
          measured.map((r) => `${sci(r.outcome.gradients[0]!)} with ${named(r.variant)}`),
        )}.`,
      );
    if (measured.length >= 2) {
      const [shallow, deep] = [measured[0]!, measured.at(-1)!];
      const perLayer =
        (deep.outcome.gradients[0]! / shallow.outcome.gradients[0]!) **
        (1 / (deep.variant - shallow.variant));
      sentences.push(
        perLayer < 1
          ? `Each extra layer multiplied it by about ${perLayer.toPrecision(1)}: on the way back, dJ/dz is multiplied by W[l]ᵀ and by σ′(z) ≤ 1/4 at every layer.`
          : 'Here the extra layers did not shrink it.',
      );
    }
    if (results.length > 0)
      sentences.push(
        capitalised(
          `${list(results.map((r) => `with ${named(r.variant)} it ${describeOutcome(r.outcome)}`))}.`,
        ),
      );
    const [first, last] = [results[0], results.at(-1)];
    if (results.length >= 2 && first!.outcome.learned && !last!.outcome.learned && !last!.outcome.diverged)
      sentences.push(
        'The deeper the network, the less its first layers learned: vanishing gradients, which ReLU and He initialisation avoid.',
      );
    return sentences;
  },
};

const BATCH_SIZES = [1, 32, 0] as const;
const BATCH_EPOCHS = 30;

const batchSize: Lesson = {
  id: 'batchSize',
  name: 'Batch size',
  about:
    `One ReLU layer of 16 units (He initialisation) trained for ${BATCH_EPOCHS} epochs on batches of 1, of 32, and on the whole ` +
    'training set. Each batch makes one update, so a run makes epochs × ⌈m/B⌉ updates; a mini-batch estimates the gradient ' +
    'from B examples, the whole set gives the true gradient.',
  watch:
    'Watch the loss per batch in the Train view: it saw-tooths around its trend with small batches, and is smooth with the ' +
    'whole set. Here, compare the runs update by update as well as epoch by epoch.',
  overlayBy: 'update',
  runs: (data) =>
    BATCH_SIZES.map((batch) => ({
      name: batch === 0 ? 'full batch' : `batch ${batch}`,
      setup: lessonSetup(data, {
        hidden: layers(1, 'relu'),
        initializer: 'he',
        batchSize: batch,
        epochs: BATCH_EPOCHS,
      }),
    })),
  explain(runs) {
    const results = outcomesBy(runs, BATCH_SIZES, (setup) => setup.batchSize as (typeof BATCH_SIZES)[number]);
    const named = (batch: number) =>
      batch === 0 ? 'the full batch' : batch === 1 ? 'batch 1' : `batches of ${batch}`;
    if (results.length === 0) return [];
    const sentences = [
      `In ${BATCH_EPOCHS} epochs, ${list(results.map((r) => `${named(r.variant)} made ${r.outcome.updates.toLocaleString('en')} updates`))} ` +
        `(updates = epochs × ⌈m/B⌉); the training loss ended at ${list(results.map((r) => formatLoss(r.outcome.last)))}.`,
      `The loss per epoch went up in ${list(results.map((r) => `${r.outcome.rises}`))} of their epochs. ` +
        "A mini-batch's gradient is estimated from B examples, so each update is noisy and the loss per batch saw-tooths " +
        "around its trend; the whole set's gradient is the true one, but it updates once per epoch.",
    ];
    const byUpdates = [...results].sort((a, b) => b.outcome.updates - a.outcome.updates);
    if (byUpdates.every((r, i) => i === 0 || r.outcome.last >= byUpdates[i - 1]!.outcome.last))
      sentences.push('In as many epochs, the runs that made more updates went further.');
    const one = results.find((r) => r.variant === 1);
    const full = results.find((r) => r.variant === 0);
    if (one && full && one.outcome.examplesPerSecond < full.outcome.examplesPerSecond)
      sentences.push(
        `Batch 1 trained ${Math.round(one.outcome.examplesPerSecond).toLocaleString('en')} examples a second, the full batch ` +
          `${Math.round(full.outcome.examplesPerSecond).toLocaleString('en')}: one example at a time, every update ` +
          'passes over all the weights for a single example.',
      );
    return sentences;
  },
};

export const LESSONS: readonly Lesson[] = [initialisation, activations, depth, batchSize];

export interface LessonPlan {
  readonly runs: readonly (LessonRun & { readonly cost: RunCost; readonly seconds: number })[];
  readonly updates: number;
  /** about, before any baseline */
  readonly seconds: number;
}

/** The lesson's runs on this data, with their updates and an estimate of how long they take. */
export function planLesson(lesson: Lesson, data: LessonData, speed?: TrainingSpeed): LessonPlan {
  const runs = lesson.runs(data).map((run) => {
    const cost = runCost(run.setup, data);
    return { ...run, cost, seconds: estimateSeconds(cost, speed) };
  });
  return {
    runs,
    updates: runs.reduce((sum, r) => sum + r.cost.updates, 0),
    seconds: runs.reduce((sum, r) => sum + r.seconds, 0),
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-11-27 14:05", in local time: when an experiment started, to the minute. */
export function minuteOf(when: Date): string {
  return `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())} ${pad(when.getHours())}:${pad(when.getMinutes())}`;
}

/** A data set's name, shortened to fit in an experiment's. */
export function shortSource(source: string): string {
  return source.length > 80 ? `${source.slice(0, 79)}…` : source;
}

/** "Initialisation · sample data · 2026-11-27 14:05": the lesson, the data set and when it started. */
export function experimentName(lesson: Lesson, data: Pick<LessonData, 'source'>, when: Date): string {
  return `${lesson.name} · ${shortSource(data.source)} · ${minuteOf(when)}`;
}

/** The lesson an experiment ran, from its name. */
export function lessonOf(experiment: string): Lesson | undefined {
  return LESSONS.find((lesson) => experiment.startsWith(`${lesson.name} · `));
}

/** "5 runs, 3,000 updates in all (epochs × ⌈m/B⌉ each), about 15 s" */
export function describeDuration(plan: LessonPlan): string {
  return (
    `${plan.runs.length} runs, ${plan.updates.toLocaleString('en')} updates in all (epochs × ⌈m/B⌉ each), ` +
    aboutSeconds(plan.seconds)
  );
}
