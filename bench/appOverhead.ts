/**
 * Where W7's time beyond W1 × iterations goes: what the trainer does beside
 * training (send the loop's points, copies of the weights, inspections with the
 * first layer's pictures; evaluate and build the model at the end) and what the
 * backend does with each message (read it, check it), each measured alone in
 * this process, the median of a few repetitions, to be multiplied by how often
 * the run did it. On a machine shared with other work these costs are steadier
 * than the difference of two long runs.
 */
import { deserialize, serialize } from 'node:v8';
import { diagnose } from '../src/core/diagnosis.ts';
import { finishRun, type RunData } from '../src/core/finishRun.ts';
import { float32Copy } from '../src/core/matrix.ts';
import { firstLayerImages, NO_PICTURES, Probe } from '../src/core/inspection.ts';
import type { Kernel } from '../src/core/kernels/kernel.ts';
import { encodeModel } from '../src/core/modelFile.ts';
import { architectureFor, trainingConfigFor, type RunSetup } from '../src/core/runSetup.ts';
import { createSeededNetwork, train, type BatchPoint, type EpochPoint } from '../src/core/training.ts';
import { fromTrainerSchema, type FromTrainer } from '../src/trainer/protocol.ts';

const REPEATS = 9;

/** Milliseconds each thing takes once. */
export interface OverheadCosts {
  /** a message of `pointsPerMessage` points, sent and read */
  readonly pointsMessage: number;
  readonly weightSnapshot: number;
  readonly inspection: number;
  /** what the first layer's pictures add to an inspection */
  readonly pictures: number;
  /** the end of a run: every split evaluated, the model built and encoded */
  readonly finish: number;
}

function median(action: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const started = performance.now();
    action();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[REPEATS >> 1]!;
}

/** A message across the process boundary: serialised, read back and checked, as the trainer client does. */
function crossing(message: FromTrainer): void {
  fromTrainerSchema.parse(deserialize(serialize(message)));
}

/**
 * The costs for a run of `setup` on `data` whose messages carried `pointsPerMessage`
 * points each, its diagnosis reading `epochs` epoch points (as halfway through).
 */
export function overheadCosts(
  kernel: Kernel,
  data: RunData,
  setup: RunSetup,
  pointsPerMessage: number,
  epochs: number,
): OverheadCosts {
  const classCount = data.classes.length;
  const architecture = architectureFor(setup, { inputSize: data.train.inputSize, classCount });
  const config = { ...trainingConfigFor(setup), epochs: 3 };
  const { network, random } = createSeededNetwork(architecture, config, kernel);
  const events = [...train(network, random, { ...data, classCount }, config)];
  const batch = events.find((e): e is BatchPoint => e.type === 'batch')!;
  const epoch = events.find((e): e is EpochPoint => e.type === 'epoch')!;
  const points = Array.from({ length: pointsPerMessage }, (_, i) => (i % 2 === 0 ? batch : epoch));
  const runId = '2026-01-01T00-00-00-000Z-00000000';
  const history = Array.from({ length: epochs }, (_, i) => ({ ...epoch, epoch: i + 1, epochs: 2 * epochs }));
  const probe = new Probe(network, data.train, classCount);
  const inspect = (pictures: boolean) => {
    const report = probe.report();
    const findings = diagnose({ setup, epochs: history, ...report, diverged: null });
    const firstLayer = pictures ? firstLayerImages(network, 32) : NO_PICTURES;
    crossing({ type: 'inspection', runId, epoch: epochs, layers: report.layers, firstLayer, findings });
    // the backend sends the pictures on as base64
    if (pictures) Buffer.from(firstLayer.pixels).toString('base64');
  };
  const inspection = median(() => inspect(false));
  const costs = {
    pointsMessage: median(() => crossing({ type: 'points', runId, points, params: null })),
    weightSnapshot: median(() =>
      crossing({ type: 'points', runId, points: [], params: float32Copy(network.params) }),
    ),
    inspection,
    pictures: Math.max(0, median(() => inspect(true)) - inspection),
    finish: median(() => {
      const { model } = finishRun(network, data, { setup, datasetHash: null, createdAt: '' });
      encodeModel(model);
    }),
  };
  probe.dispose();
  network.dispose();
  return costs;
}
