/**
 * The backend's side of the trainer process: starts it, sends it requests,
 * checks everything it sends back, keeps the last good weights of each run,
 * and notices when the process dies (killed, out of memory, crashed), so that
 * the app stays usable and a new trainer can be started.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Architecture } from '../core/architecture.ts';
import type { InitializerName } from '../core/initializers.ts';
import type { TrainingConfig } from '../core/training.ts';
import {
  describeIssues,
  fromTrainerSchema,
  type FromTrainer,
  type ToTrainer,
  type TrainingData,
} from '../trainer/protocol.ts';

/** A running trainer process, however it was started (child_process here, utilityProcess in Electron). */
export interface TrainerProcess {
  send(message: ToTrainer): void;
  onMessage(listener: (message: unknown) => void): void;
  /** called once, when the process is gone, with why */
  onExit(listener: (reason: string) => void): void;
  kill(): void;
}

export type TrainerEvent =
  | Extract<FromTrainer, { type: 'progress' | 'epoch' | 'inspection' | 'paused' | 'resumed' | 'finished' }>
  | { type: 'crashed'; reason: string; runId: string | null }
  | { type: 'error'; message: string };

const here = path.dirname(fileURLToPath(import.meta.url));

/** The trainer as a Node child process (the web host, the tests, the CLI). */
export function forkTrainer(): TrainerProcess {
  const child = fork(path.join(here, '../trainer/main.ts'), [], {
    execArgv: ['--import', 'tsx', '--experimental-wasm-relaxed-simd'], // relaxed SIMD: the kernels' fused multiply-add
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    send: (message) => child.send(message),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) =>
      child.once('exit', (code, signal) =>
        listener(signal ? `the trainer was killed (${signal})` : `the trainer exited with code ${code}`),
      ),
    kill: () => child.kill('SIGKILL'),
  };
}

interface Pending<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

export class TrainerClient {
  private process: TrainerProcess | null = null;
  private ready: Promise<void> | null = null;
  private readonly listeners = new Set<(event: TrainerEvent) => void>();
  private loading: Pending<number> | null = null;
  /** requests the trainer answers: predictions and gradient checks */
  private readonly requests = new Map<string, Pending<never>>();
  private nextRequest = 0;
  private currentRun: string | null = null;
  /** the latest weights received for each run: kept whatever happens to the process */
  readonly lastGoodParams = new Map<string, Float32Array>();

  constructor(private readonly spawn: () => TrainerProcess = forkTrainer) {}

  onEvent(listener: (event: TrainerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get running(): boolean {
    return this.process !== null;
  }

  get runId(): string | null {
    return this.currentRun;
  }

  /** Starts the process if it is not running, and waits until it is ready. */
  async start(): Promise<void> {
    if (this.ready) return this.ready;
    const child = this.spawn();
    this.process = child;
    this.ready = new Promise<void>((resolve, reject) => {
      child.onMessage((raw) => {
        const parsed = fromTrainerSchema.safeParse(raw);
        if (!parsed.success) {
          this.emit({
            type: 'error',
            message: `ignored a malformed message from the trainer (${describeIssues(parsed.error)})`,
          });
          return;
        }
        if (parsed.data.type === 'ready') resolve();
        else this.receive(parsed.data);
      });
      child.onExit((reason) => {
        reject(new Error(reason));
        this.gone(child, reason);
      });
    });
    return this.ready;
  }

  async load(data: TrainingData): Promise<number> {
    await this.start();
    if (this.loading) throw new Error('a data set is already being loaded');
    return new Promise<number>((resolve, reject) => {
      this.loading = { resolve, reject };
      this.process!.send({ type: 'load', data });
    });
  }

  async startRun(runId: string, architecture: Architecture, config: TrainingConfig, params?: Float32Array) {
    await this.start();
    this.currentRun = runId;
    this.process!.send({ type: 'start', runId, architecture, config, ...(params ? { params } : {}) });
  }

  pause(): void {
    this.process?.send({ type: 'pause' });
  }

  resume(): void {
    this.process?.send({ type: 'resume' });
  }

  stop(): void {
    this.process?.send({ type: 'stop' });
  }

  /** Probabilities per class for `count` images of bytes, with the current weights. */
  predict(pixels: Uint8Array, count: number): Promise<Float32Array> {
    return this.ask((requestId) => ({ type: 'predict', requestId, pixels, count }));
  }

  /** Backpropagation against central differences for a freshly seeded network of this architecture. */
  checkGradients(
    architecture: Architecture,
    seed: number,
    initializer: InitializerName,
  ): Promise<Extract<FromTrainer, { type: 'gradientCheck' }>['layers']> {
    return this.ask((requestId) => ({ type: 'gradientCheck', requestId, architecture, seed, initializer }));
  }

  private async ask<T>(message: (requestId: string) => ToTrainer): Promise<T> {
    await this.start();
    const requestId = `r${++this.nextRequest}`;
    return new Promise<T>((resolve, reject) => {
      this.requests.set(requestId, { resolve: resolve as (value: never) => void, reject });
      this.process!.send(message(requestId));
    });
  }

  private answer(requestId: string, value: unknown): void {
    this.requests.get(requestId)?.resolve(value as never);
    this.requests.delete(requestId);
  }

  /** Ends the process (also the way to recover from a hung one). */
  kill(): void {
    this.process?.kill();
  }

  private receive(message: FromTrainer): void {
    switch (message.type) {
      case 'loaded':
        this.loading?.resolve(message.images);
        this.loading = null;
        return;
      case 'prediction':
        this.answer(message.requestId, message.probabilities);
        return;
      case 'gradientCheck':
        this.answer(message.requestId, message.layers);
        return;
      case 'error': {
        const pending = message.requestId ? this.requests.get(message.requestId) : null;
        if (pending) {
          pending.reject(new Error(message.message));
          this.requests.delete(message.requestId!);
        } else if (this.loading) {
          this.loading.reject(new Error(message.message));
          this.loading = null;
        } else {
          this.emit({ type: 'error', message: message.message });
        }
        return;
      }
      case 'epoch':
        if (message.params) this.lastGoodParams.set(message.runId, message.params);
        this.emit(message);
        return;
      case 'finished':
        this.lastGoodParams.set(message.runId, message.params);
        if (this.currentRun === message.runId) this.currentRun = null;
        this.emit(message);
        return;
      case 'progress':
      case 'inspection':
      case 'paused':
      case 'resumed':
        this.emit(message);
        return;
      case 'ready':
        return;
    }
  }

  private gone(child: TrainerProcess, reason: string): void {
    if (this.process !== child) return;
    this.process = null;
    this.ready = null;
    const error = new Error(reason);
    this.loading?.reject(error);
    this.loading = null;
    for (const pending of this.requests.values()) pending.reject(error);
    this.requests.clear();
    const runId = this.currentRun;
    this.currentRun = null;
    this.emit({ type: 'crashed', reason, runId });
  }

  private emit(event: TrainerEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
