/**
 * The trainer: the one place a network exists. It holds the open data set's
 * pixels and the current model, trains runs, and answers every question that
 * needs a network (results, classification, a model's smoke test, gradient
 * checks), one message at a time, between a run's batches.
 */
import { Batch } from '../core/examples.ts';
import { gradientCheck } from '../core/gradientCheck.ts';
import type { Kernel } from '../core/kernels/kernel.ts';
import type { Model } from '../core/modelFile.ts';
import { architectureFor, setupProblems, trainingConfigFor, type RunSetup } from '../core/runSetup.ts';
import { createSeededNetwork, train } from '../core/training.ts';
import { toExamples, type SplitName } from '../data/dataSet.ts';
import { runData, runSplits } from '../data/runSplits.ts';
import { CurrentModel } from './currentModel.ts';
import { imageMaps } from './imageMaps.ts';
import { OpenData, readDataSet, type OpenRequest } from './openData.ts';
import {
  describeIssues,
  toTrainerSchema,
  type FromTrainer,
  type TrainerReplies,
  type TrainerRequest,
} from './protocol.ts';
import { RunDriver } from './runDriver.ts';

/** How the program talks to its host: a Node child process's IPC, Electron's parentPort, or a test's pair. */
export interface TrainerPort {
  post(message: FromTrainer): void;
  onMessage(listener: (message: unknown) => void): void;
}

/** What the trainer says about how it computes, once, when it is ready. */
export type KernelInfo = Extract<FromTrainer, { type: 'ready' }>['kernel'];

const GRADIENT_CHECK_EXAMPLES = 8;
const GRADIENT_CHECK_PER_LAYER = 40;

export class TrainerProgram {
  private data: OpenData | null = null;
  private current: CurrentModel | null = null;
  private run: RunDriver | null = null;
  private importing: AbortController | null = null;

  constructor(
    private readonly port: TrainerPort,
    private readonly kernel: Kernel,
    kernelInfo: KernelInfo,
  ) {
    port.onMessage((message) => this.receive(message));
    port.post({ type: 'ready', kernel: kernelInfo });
  }

  private receive(raw: unknown): void {
    const parsed = toTrainerSchema.safeParse(raw);
    if (!parsed.success) {
      const id = (raw as { id?: unknown } | null)?.id;
      const message = `refused a malformed message (${describeIssues(parsed.error)})`;
      if (Number.isInteger(id) && (id as number) >= 0)
        this.port.post({ type: 'reply', id: id as number, ok: false, result: undefined, error: message });
      else this.port.post({ type: 'error', message });
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'request':
        this.answer(message.id, message.request);
        return;
      case 'pause':
        this.run?.pause();
        return;
      case 'resume':
        this.run?.resume();
        return;
      case 'stop':
        this.run?.stop();
        return;
      case 'cancelImport':
        this.importing?.abort();
        return;
    }
  }

  private answer(id: number, request: TrainerRequest): void {
    this.handle(request).then(
      (result) => this.port.post({ type: 'reply', id, ok: true, result }),
      (error: unknown) =>
        this.port.post({ type: 'reply', id, ok: false, result: undefined, error: (error as Error).message }),
    );
  }

  private async handle(request: TrainerRequest): Promise<TrainerReplies[TrainerRequest['kind']]> {
    switch (request.kind) {
      case 'openFolder':
      case 'openClassFolders':
      case 'openH5':
      case 'loadSample':
        return this.open(request);
      case 'thumbnail':
        return { png: await this.requireData().thumbnail(request.split, request.index, request.size) };
      case 'startRun':
        this.start(request.runId, request.setup, request.datasetHash);
        return {};
      case 'predictSplit':
        return this.requireModel().predictSplit(this.requireData().dataSet, request.split, request.index);
      case 'classify':
        return { photos: await this.requireModel().classify(request.photos) };
      case 'useModel':
        this.keep(request.model);
        return {};
      case 'gradientCheck':
        return { layers: this.checkGradients(request.setup) };
      case 'featureMaps':
        return this.featureMaps(request.split, request.index);
    }
  }

  private async open(request: OpenRequest) {
    if (this.run !== null) throw new Error('stop the run in progress before opening other data');
    this.importing?.abort();
    const controller = new AbortController();
    this.importing = controller;
    try {
      const dataSet = await readDataSet(request, controller.signal, (progress) =>
        this.port.post({ type: 'importProgress', ...progress }),
      );
      this.data = new OpenData(dataSet);
      return this.data.index();
    } finally {
      if (this.importing === controller) this.importing = null;
    }
  }

  private requireData(): OpenData {
    if (this.data === null)
      throw new Error('no data set is open: open a folder, a .h5 file or the sample data first');
    return this.data;
  }

  private requireModel(): CurrentModel {
    if (this.current === null) throw new Error('there is no model yet: train one or import a model file');
    return this.current;
  }

  /** Makes a model current, once it has shown it predicts. */
  private keep(model: Model): void {
    const checked = CurrentModel.check(model, this.kernel);
    this.current?.dispose();
    this.current = checked;
  }

  private start(runId: string, setup: RunSetup, datasetHash: string | null): void {
    const { dataSet } = this.requireData();
    if (this.run !== null) throw new Error(`run ${this.run.id} is still going; stop it first`);
    const shape = {
      inputSize: dataSet.width * dataSet.height * 3,
      classCount: dataSet.classes.length,
      validationFolder: dataSet.validation !== null,
    };
    const problems = setupProblems(setup, shape);
    if (problems.length > 0) throw new Error(`this run cannot start: ${problems.join('; ')}`);
    const data = runData(runSplits(dataSet, setup), dataSet.width, dataSet.height);
    const config = trainingConfigFor(setup);
    const { network, random } = createSeededNetwork(architectureFor(setup, shape), config, this.kernel);
    const run = new RunDriver({
      runId,
      setup,
      network,
      data,
      datasetHash,
      post: (message) => this.port.post(message),
      keep: (model) => this.keep(model),
    });
    this.run = run;
    const steps = train(
      network,
      random,
      { train: data.train, validation: data.validation, classCount: data.classes.length },
      config,
    );
    void run
      .drive(steps)
      .catch((error: unknown) => run.fail(`the run failed: ${(error as Error).message}`))
      .finally(() => {
        network.dispose();
        if (this.run === run) this.run = null;
      });
  }

  /** The pictures of the network being trained, between two of its batches; with no run, of the current model. */
  private featureMaps(split: SplitName, index: number): TrainerReplies['featureMaps'] {
    const { dataSet } = this.requireData();
    const run = this.run;
    const network = run === null ? this.requireModel().network : run.network;
    return { epoch: run === null ? null : run.weightsEpoch, ...imageMaps(network, dataSet, split, index) };
  }

  private checkGradients(setup: RunSetup) {
    const { dataSet } = this.requireData();
    const shape = { inputSize: dataSet.width * dataSet.height * 3, classCount: dataSet.classes.length };
    const problems = setupProblems(setup, shape);
    if (problems.length > 0) throw new Error(`cannot check this network: ${problems.join('; ')}`);
    const architecture = architectureFor(setup, shape);
    const splits = runSplits(dataSet, setup);
    const examples = toExamples(splits.train, dataSet.width, dataSet.height);
    const { network, random } = createSeededNetwork(architecture, trainingConfigFor(setup), this.kernel);
    const m = Math.min(GRADIENT_CHECK_EXAMPLES, examples.count);
    const batch = new Batch(examples.inputSize, network.outputSize, m, this.kernel);
    try {
      batch.gather(
        examples,
        Int32Array.from({ length: m }, (_, i) => i),
        0,
        m,
      );
      return gradientCheck(
        architecture,
        network.params,
        batch.x.subarray(0, m * examples.inputSize),
        batch.y.subarray(0, m * network.outputSize),
        m,
        random,
        { maxPerLayer: GRADIENT_CHECK_PER_LAYER },
      );
    } finally {
      batch.dispose();
      network.dispose();
    }
  }
}
