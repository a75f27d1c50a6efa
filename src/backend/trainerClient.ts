/**
 * The one owner of the trainer process: starts it when first needed, sends it
 * requests and pairs their replies, checks everything it sends back, and
 * notices when it goes away, saying why in a typed exit (crashed, out of
 * memory, killed, exited with a code). A new process starts on the next
 * request. Closing asks the process to end and kills it if it does not.
 */
import type { KernelInfo } from '../api/contract.ts';
import {
  describeIssues,
  fromTrainerSchema,
  type FromTrainer,
  type ToTrainer,
  type TrainerReplies,
  type TrainerRequest,
} from '../trainer/protocol.ts';

/** Why the trainer process ended. */
export type TrainerExit =
  | { readonly kind: 'crashed'; readonly reason: string }
  | { readonly kind: 'outOfMemory'; readonly reason: string }
  | { readonly kind: 'killed'; readonly reason: string }
  | { readonly kind: 'exited'; readonly code: number; readonly reason: string };

/** A running trainer process, however it was started (child_process here, utilityProcess in Electron). */
export interface TrainerProcess {
  send(message: ToTrainer): void;
  onMessage(listener: (message: unknown) => void): void;
  /** called once, when the process is gone, with why */
  onExit(listener: (exit: TrainerExit) => void): void;
  /** asks the process to end by itself (its channel closes) */
  end(): void;
  kill(): void;
}

export type TrainerEvent =
  | Extract<
      FromTrainer,
      {
        type: 'importProgress' | 'points' | 'inspection' | 'paused' | 'resumed' | 'runEnded' | 'error';
      }
    >
  | { type: 'exited'; exit: TrainerExit }
  | { type: 'ready'; kernel: KernelInfo };

/** How long a trainer asked to end may take before it is killed. */
const GRACE_MS = 2000;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class TrainerClient {
  private process: TrainerProcess | null = null;
  private ready: Promise<void> | null = null;
  private readonly listeners = new Set<(event: TrainerEvent) => void>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private kernelInfo: KernelInfo | null = null;

  /** `spawn` starts the process: a Node child (childTrainer.ts) or Electron's utility process (main/). */
  constructor(private readonly spawn: () => TrainerProcess) {}

  onEvent(listener: (event: TrainerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get running(): boolean {
    return this.process !== null;
  }

  /** What the running (or last) trainer said about its kernel. */
  get kernel(): KernelInfo | null {
    return this.kernelInfo;
  }

  /** Starts the process if it is not running, and waits until it is ready. */
  start(): Promise<void> {
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
        if (parsed.data.type === 'ready') {
          this.kernelInfo = parsed.data.kernel;
          this.emit(parsed.data);
          resolve();
        } else this.receive(parsed.data);
      });
      child.onExit((exit) => {
        reject(new Error(exit.reason));
        this.gone(child, exit);
      });
    });
    return this.ready;
  }

  /** One request, answered with its reply or refused with the trainer's reason. */
  async request<K extends TrainerRequest['kind']>(
    request: Extract<TrainerRequest, { kind: K }>,
  ): Promise<TrainerReplies[K]> {
    await this.start();
    const id = this.nextId++;
    return new Promise<TrainerReplies[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.process!.send({ type: 'request', id, request });
    });
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

  cancelImport(): void {
    this.process?.send({ type: 'cancelImport' });
  }

  /** Ends the process the way it should end: asked first, killed if it has not gone after a grace period. */
  async close(): Promise<void> {
    const child = this.process;
    if (child === null) return;
    let off = () => {};
    const gone = new Promise<void>((resolve) => {
      off = this.onEvent((event) => event.type === 'exited' && resolve());
    });
    child.end();
    const timer = setTimeout(() => child.kill(), GRACE_MS);
    await gone;
    clearTimeout(timer);
    off();
  }

  /** Ends the process at once (also the way to recover from a hung one). */
  kill(): void {
    this.process?.kill();
  }

  private receive(message: FromTrainer): void {
    if (message.type === 'ready') return;
    if (message.type === 'reply') {
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.ok) pending?.resolve(message.result);
      else pending?.reject(new Error(message.error ?? 'the trainer refused the request'));
      return;
    }
    this.emit(message);
  }

  private gone(child: TrainerProcess, exit: TrainerExit): void {
    if (this.process !== child) return;
    this.process = null;
    this.ready = null;
    const error = new Error(exit.reason);
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
    this.emit({ type: 'exited', exit });
  }

  private emit(event: TrainerEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
