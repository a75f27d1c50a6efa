/**
 * One run in the trainer: the core's training loop driven one batch per turn
 * of the event loop, so that pause, stop and every other request are heard
 * within a batch. Every point goes to the backend, in order, coalesced into
 * one message at most every 50 ms (a full-batch epoch of the course's network
 * takes 4 ms: its batch and epoch points would be 500 messages a second), never
 * dropped; the weights go with an epoch's point about once a second; a look
 * inside the network, with what the diagnostics make of it, a few times a
 * second (less often when looking would take more than 2% of the run); and at
 * the end the final model with its metrics, from the same core function the
 * CLI uses. With early stopping on, the model holds the best epoch's weights
 * however the run ends (but a divergence), and the run's explanation says so.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { bestEpochOf, describeKeptEpoch, type KeptEpoch } from '../core/bestEpoch.ts';
import { diagnose, type Finding } from '../core/diagnosis.ts';
import { finishRun, type RunData } from '../core/finishRun.ts';
import { firstLayerImages, NO_PICTURES, Probe } from '../core/inspection.ts';
import { float32Copy } from '../core/matrix.ts';
import type { Model } from '../core/modelFile.ts';
import type { Network } from '../core/network.ts';
import type { RunSetup } from '../core/runSetup.ts';
import type { BatchPoint, EpochPoint, TrainingEvent } from '../core/training.ts';
import type { FromTrainer } from './protocol.ts';

const POINTS_INTERVAL_MS = 50;
const WEIGHTS_INTERVAL_MS = 1000;
const INSPECTION_INTERVAL_MS = 400;
/** a look inside takes time from training: at most about this share of it (a look at a large network on a busy machine can take 20 ms) */
const INSPECTION_SHARE = 0.02;
const FIRST_LAYER_UNITS = 32;
/** the first layer's pictures are the bulk of an inspection: at most this often */
const FIRST_LAYER_INTERVAL_MS = 1000;

export type RunStatus = Extract<FromTrainer, { type: 'runEnded' }>['status'];

export interface RunContext {
  readonly runId: string;
  readonly setup: RunSetup;
  readonly network: Network;
  readonly data: RunData;
  readonly datasetHash: string | null;
  readonly post: (message: FromTrainer) => void;
  /** the run's final model becomes the trainer's current one */
  readonly keep: (model: Model) => void;
}

export class RunDriver {
  private paused = false;
  private stopRequested = false;
  private wake: (() => void) | null = null;
  private readonly epochs: EpochPoint[] = [];
  /** points not sent yet */
  private pending: (BatchPoint | EpochPoint)[] = [];
  private lastPoints = -Infinity;
  private findings: Finding[] = [];
  private readonly probe: Probe;
  /** which epoch's weights early stopping put back at the end, if it did */
  private kept: KeptEpoch | null = null;

  constructor(private readonly context: RunContext) {
    this.probe = new Probe(context.network, context.data.train, context.data.classes.length);
  }

  get id(): string {
    return this.context.runId;
  }

  /** the network being trained: asked about between its batches */
  get network(): Network {
    return this.context.network;
  }

  /** the epoch whose weights the network holds: the last one, or the one early stopping put back */
  get weightsEpoch(): number {
    return this.kept?.keptEpoch ?? this.epochs.length;
  }

  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.sendPoints(false);
    this.context.post({ type: 'paused', runId: this.id });
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.wake?.();
    this.context.post({ type: 'resumed', runId: this.id });
  }

  stop(): void {
    this.stopRequested = true;
    this.wake?.();
  }

  /** Trains to the end (or a stop, or a divergence) and reports how it ended. */
  async drive(steps: Generator<TrainingEvent, unknown, void>): Promise<void> {
    try {
      await this.steps(steps);
    } finally {
      this.probe.dispose();
    }
  }

  private async steps(steps: Generator<TrainingEvent, unknown, void>): Promise<void> {
    let lastWeights = -Infinity;
    let lastInspection = -Infinity;
    let inspectionInterval = INSPECTION_INTERVAL_MS;
    let lastPictures = -Infinity;
    for (;;) {
      await nextTurn();
      while (this.paused && !this.stopRequested) await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
      if (this.stopRequested) {
        steps.return(undefined);
        return this.end('stopped', null);
      }
      const step = steps.next();
      if (step.done) return this.end(this.kept?.stoppedEarly ? 'stoppedEarly' : 'completed', null);
      const event = step.value;
      const now = performance.now();
      if (event.type === 'diverged') {
        steps.return(undefined);
        this.inspect(this.epochs.length, true, event.explanation);
        return this.end('diverged', event.explanation);
      }
      if (event.type === 'keptEpoch') {
        this.kept = event;
        // the network now holds the kept epoch's weights: the last look inside is at them
        this.inspect(event.keptEpoch, true, null);
        continue;
      }
      this.pending.push(event);
      if (event.type === 'batch') {
        if (now - this.lastPoints >= POINTS_INTERVAL_MS) this.sendPoints(false);
        continue;
      }
      this.epochs.push(event);
      const last = event.epoch === event.epochs;
      if (now - lastWeights >= WEIGHTS_INTERVAL_MS || last) {
        lastWeights = now;
        this.sendPoints(true);
      } else if (now - this.lastPoints >= POINTS_INTERVAL_MS) this.sendPoints(false);
      if (now - lastInspection >= inspectionInterval || last) {
        const pictures = now - lastPictures >= FIRST_LAYER_INTERVAL_MS || last;
        if (pictures) lastPictures = now;
        this.inspect(event.epoch, pictures, null);
        lastInspection = performance.now();
        inspectionInterval = Math.max(INSPECTION_INTERVAL_MS, (lastInspection - now) / INSPECTION_SHARE);
      }
    }
  }

  /** Ends a run that could not go on (a failure of the trainer itself). */
  fail(message: string): void {
    this.context.post({
      type: 'runEnded',
      runId: this.id,
      status: 'failed',
      explanation: message,
      keptEpoch: null,
      model: null,
      findings: this.findings,
    });
  }

  /** The points not sent yet, with the weights (which must be those at the end of the last point, an epoch's). */
  private sendPoints(withWeights: boolean): void {
    if (this.pending.length === 0) return;
    const params = withWeights ? float32Copy(this.context.network.params) : null;
    this.context.post({ type: 'points', runId: this.id, points: this.pending, params });
    this.pending = [];
    this.lastPoints = performance.now();
  }

  private inspect(epoch: number, pictures: boolean, diverged: string | null): void {
    const { network, setup, runId, post } = this.context;
    // the inspection follows the points it speaks of
    this.sendPoints(false);
    const report = this.probe.report();
    this.findings = diagnose({ setup, epochs: this.epochs, ...report, diverged });
    const firstLayer = pictures ? firstLayerImages(network, FIRST_LAYER_UNITS) : NO_PICTURES;
    post({ type: 'inspection', runId, epoch, layers: report.layers, firstLayer, findings: this.findings });
  }

  /**
   * A completed or stopped run's model becomes the current one if it predicts. A run that diverged
   * leaves none: its last good epoch's weights were one batch from overflowing, and the model the
   * user had is the last good one.
   */
  private end(status: Exclude<RunStatus, 'failed'>, explanation: string | null): void {
    const { network, data, setup, datasetHash, runId, post, keep } = this.context;
    this.sendPoints(false);
    let model: Model | null = null;
    const kept = status === 'diverged' ? null : this.keptEnd(status);
    let why = kept?.explanation ?? explanation;
    if (status === 'diverged') {
      // weights that were about to overflow one batch later serve nobody: the model the user had stays
      why = `${explanation ?? ''} The run left no model; the current one is unchanged.`.trim();
    } else if (this.epochs.length > 0) {
      model = finishRun(network, data, { setup, datasetHash, createdAt: new Date().toISOString() }).model;
      try {
        keep(model);
      } catch (error) {
        model = null;
        why =
          `${explanation ?? ''} Its last weights give no usable probabilities (${(error as Error).message}), so the run left no model and the current one is unchanged.`.trim();
      }
    }
    const keptEpoch = model && kept ? kept.epoch : null;
    post({ type: 'runEnded', runId, status, explanation: why, keptEpoch, model, findings: this.findings });
  }

  /**
   * The epoch whose weights early stopping left in the network, and how the run ended in words: what
   * the loop said it kept, or for a run stopped from here, the best epoch of its curve by the loop's rule.
   */
  private keptEnd(
    status: Exclude<RunStatus, 'failed' | 'diverged'>,
  ): { epoch: number; explanation: string } | null {
    const patience = this.context.setup.earlyStopping;
    if (this.kept !== null)
      return {
        epoch: this.kept.keptEpoch,
        explanation: describeKeptEpoch(this.kept, this.kept.stoppedEarly ? 'early' : 'completed'),
      };
    const best = status === 'stopped' && patience > 0 ? bestEpochOf(this.epochs) : null;
    if (best === null) return null;
    const ended = { epoch: this.epochs.length, keptEpoch: best, patience };
    return { epoch: best, explanation: describeKeptEpoch(ended, 'stopped') };
  }
}
