/**
 * The trainer: receives the data set once, trains runs with the core's loop,
 * posts progress at a bounded rate, answers pause, resume, stop and predict
 * between batches. It owns nothing the backend cannot rebuild: the weights
 * go back with every epoch (at most about once a second) and at the end.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Batch, type Examples } from '../core/examples.ts';
import { gradientCheck } from '../core/gradientCheck.ts';
import { firstLayerImages, Probe } from '../core/inspection.ts';
import type { Kernel } from '../core/kernels/kernel.ts';
import { evaluate } from '../core/metrics.ts';
import type { Network } from '../core/network.ts';
import { toExamples } from '../data/dataSet.ts';
import { createSeededNetwork, train, type TrainingEvent } from '../core/training.ts';
import {
  describeIssues,
  toTrainerSchema,
  type FromTrainer,
  type ToTrainer,
  type TrainingData,
} from './protocol.ts';

/** How the program talks to its host: a Node child process's IPC, Electron's parentPort, or a test's pair. */
export interface TrainerPort {
  post(message: FromTrainer): void;
  onMessage(listener: (message: unknown) => void): void;
}

const PROGRESS_INTERVAL_MS = 50;
const WEIGHTS_INTERVAL_MS = 1000;
const INSPECTION_INTERVAL_MS = 400;
const FIRST_LAYER_UNITS = 32;
/** the first layer's pictures are the bulk of an inspection: at most this often */
const FIRST_LAYER_INTERVAL_MS = 1000;
const GRADIENT_CHECK_EXAMPLES = 8;
const GRADIENT_CHECK_PER_LAYER = 40;

interface Run {
  readonly id: string;
  paused: boolean;
  stopRequested: boolean;
  resume: (() => void) | null;
}

export class TrainerProgram {
  private data: TrainingData | null = null;
  private network: Network | null = null;
  private run: Run | null = null;

  constructor(
    private readonly port: TrainerPort,
    private readonly kernel: Kernel,
  ) {
    port.onMessage((message) => this.receive(message));
    port.post({ type: 'ready' });
  }

  private receive(raw: unknown): void {
    const parsed = toTrainerSchema.safeParse(raw);
    if (!parsed.success) {
      this.port.post({
        type: 'error',
        requestId: null,
        message: `refused a malformed message (${describeIssues(parsed.error)})`,
      });
      return;
    }
    try {
      this.handle(parsed.data);
    } catch (error) {
      const requestId =
        parsed.data.type === 'predict' || parsed.data.type === 'gradientCheck' ? parsed.data.requestId : null;
      this.port.post({ type: 'error', requestId, message: (error as Error).message });
    }
  }

  private handle(message: ToTrainer): void {
    switch (message.type) {
      case 'load':
        if (this.run !== null) throw new Error('cannot load a data set during a run; stop it first');
        this.data = message.data;
        this.port.post({ type: 'loaded', images: message.data.train.labels.length });
        return;
      case 'start':
        this.start(message);
        return;
      case 'pause':
        if (this.run && !this.run.paused) {
          this.run.paused = true;
          this.port.post({ type: 'paused', runId: this.run.id });
        }
        return;
      case 'resume':
        if (this.run?.paused) {
          this.run.paused = false;
          this.run.resume?.();
          this.port.post({ type: 'resumed', runId: this.run.id });
        }
        return;
      case 'stop':
        if (this.run) {
          this.run.stopRequested = true;
          this.run.resume?.();
        }
        return;
      case 'predict':
        this.predict(message.requestId, message.pixels, message.count);
        return;
      case 'gradientCheck':
        this.checkGradients(message);
        return;
    }
  }

  private start(message: Extract<ToTrainer, { type: 'start' }>): void {
    if (this.data === null) throw new Error('no data set loaded');
    if (this.run !== null) throw new Error(`run ${this.run.id} is still going; stop it first`);
    const { architecture, config } = message;
    const { width, height, classCount } = this.data;
    if (architecture.inputSize !== width * height * 3) {
      throw new Error(
        `the network takes ${architecture.inputSize} inputs, the images have ${width * height * 3}`,
      );
    }
    this.network?.dispose();
    const { network, random } = createSeededNetwork(architecture, config, this.kernel);
    if (message.params) {
      if (message.params.length !== network.params.length)
        throw new Error('the given weights do not fit the architecture');
      network.params.set(message.params);
    }
    this.network = network;
    const run: Run = { id: message.runId, paused: false, stopRequested: false, resume: null };
    this.run = run;
    const data = {
      train: toExamples(this.data.train, width, height),
      validation: this.data.validation && toExamples(this.data.validation, width, height),
      classCount,
    };
    const probe = new Probe(network, data.train, classCount);
    void this.drive(run, network, probe, train(network, random, data, config)).catch((error: unknown) => {
      this.port.post({
        type: 'error',
        requestId: null,
        message: `run ${run.id} failed: ${(error as Error).message}`,
      });
      this.run = null;
    });
  }

  /** One batch per turn of the event loop, so that pause, stop and predict are heard within a batch. */
  private async drive(
    run: Run,
    network: Network,
    probe: Probe,
    steps: Generator<TrainingEvent, unknown, void>,
  ): Promise<void> {
    let lastProgress = -Infinity;
    let lastWeights = -Infinity;
    let lastInspection = -Infinity;
    let lastPictures = -Infinity;
    let completedEpochs = 0;
    const finish = (stoppedBy: 'completed' | 'stopped' | 'diverged', explanation: string | null) => {
      if (stoppedBy === 'diverged') this.inspect(run.id, network, probe, completedEpochs, true);
      probe.dispose();
      this.run = null;
      this.port.post({
        type: 'finished',
        runId: run.id,
        stoppedBy,
        completedEpochs,
        explanation,
        params: Float32Array.from(network.params),
      });
    };
    for (;;) {
      await nextTurn();
      while (run.paused && !run.stopRequested) await new Promise<void>((resolve) => (run.resume = resolve));
      run.resume = null;
      if (run.stopRequested) {
        steps.return(undefined);
        return finish('stopped', null);
      }
      const step = steps.next();
      if (step.done) return finish('completed', null);
      const event = step.value;
      const now = performance.now();
      if (event.type === 'batch') {
        if (now - lastProgress >= PROGRESS_INTERVAL_MS) {
          lastProgress = now;
          this.port.post({
            type: 'progress',
            runId: run.id,
            epoch: event.epoch,
            batch: event.batch,
            batchesPerEpoch: event.batchesPerEpoch,
            loss: event.loss,
          });
        }
      } else if (event.type === 'epoch') {
        completedEpochs = event.epoch;
        const sendWeights = now - lastWeights >= WEIGHTS_INTERVAL_MS || event.epoch === event.epochs;
        if (sendWeights) lastWeights = now;
        this.port.post({
          type: 'epoch',
          runId: run.id,
          event,
          params: sendWeights ? Float32Array.from(network.params) : null,
        });
        const last = event.epoch === event.epochs;
        if (now - lastInspection >= INSPECTION_INTERVAL_MS || last) {
          const pictures = now - lastPictures >= FIRST_LAYER_INTERVAL_MS || last;
          if (pictures) lastPictures = now;
          this.inspect(run.id, network, probe, event.epoch, pictures);
          lastInspection = performance.now();
        }
      } else {
        steps.return(undefined);
        return finish('diverged', event.explanation);
      }
    }
  }

  private inspect(runId: string, network: Network, probe: Probe, epoch: number, pictures: boolean): void {
    const { layers, predictedShares, labelShares } = probe.report();
    const firstLayer = pictures
      ? firstLayerImages(network, FIRST_LAYER_UNITS)
      : { units: 0, pixels: new Uint8Array(0) };
    this.port.post({ type: 'inspection', runId, epoch, layers, predictedShares, labelShares, firstLayer });
  }

  private checkGradients(message: Extract<ToTrainer, { type: 'gradientCheck' }>): void {
    if (this.data === null) throw new Error('no data set loaded');
    const { architecture, seed, initializer, requestId } = message;
    const { width, height } = this.data;
    const examples = toExamples(this.data.train, width, height);
    if (architecture.inputSize !== examples.inputSize)
      throw new Error(
        `the network takes ${architecture.inputSize} inputs, the images have ${examples.inputSize}`,
      );
    const { network, random } = createSeededNetwork(architecture, { seed, initializer }, this.kernel);
    const m = Math.min(GRADIENT_CHECK_EXAMPLES, examples.count);
    const batch = new Batch(examples.inputSize, network.outputSize, m, this.kernel, false);
    try {
      batch.gather(
        examples,
        Array.from({ length: m }, (_, i) => i),
        0,
        m,
      );
      const layers = gradientCheck(
        architecture,
        network.params,
        batch.x.subarray(0, m * examples.inputSize),
        batch.y.subarray(0, m * network.outputSize),
        m,
        random,
        {
          maxPerLayer: GRADIENT_CHECK_PER_LAYER,
        },
      );
      this.port.post({ type: 'gradientCheck', requestId, layers });
    } finally {
      batch.dispose();
      network.dispose();
    }
  }

  private predict(requestId: string, pixels: Uint8Array, count: number): void {
    if (this.network === null || this.data === null) throw new Error('no trained network yet');
    const network = this.network;
    const inputSize = network.inputSize;
    if (pixels.length !== count * inputSize)
      throw new Error(`${pixels.length} bytes are not ${count} images of ${inputSize}`);
    // labels are not known here: evaluate's loss and accuracy go unused
    const examples: Examples = {
      inputs: pixels,
      labels: new Uint16Array(count),
      count,
      inputSize,
      scale: 1 / 255,
    };
    const { probabilities } = evaluate(network, examples, this.data.classCount);
    this.port.post({ type: 'prediction', requestId, probabilities });
  }
}
