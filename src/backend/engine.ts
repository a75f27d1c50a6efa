/**
 * What the trainer process holds on the backend's behalf: the open data set
 * and the current model. The backend decides what is open and current; this
 * makes sure the trainer has it before a question that needs it, reading the
 * data set again and handing the model over again after the trainer was
 * restarted (a crash, or running out of memory, loses both).
 */
import type { Model } from '../core/modelFile.ts';
import type { SplitName } from '../data/dataSet.ts';
import type { ClassifiedPhoto, TrainerReplies, TrainerRequest } from '../trainer/protocol.ts';
import type { DataSource, OpenDataSet } from './openDataSet.ts';
import type { TrainerClient } from './trainerClient.ts';

export class Engine {
  private dataSetValue: OpenDataSet | null = null;
  private modelValue: Model | null = null;
  /** what the running trainer process holds */
  private trainerHas: { dataSet: OpenDataSet | null; model: Model | null } = { dataSet: null, model: null };

  constructor(readonly trainer: TrainerClient) {
    trainer.onEvent((event) => {
      if (event.type === 'exited') this.trainerHas = { dataSet: null, model: null };
    });
  }

  get dataSet(): OpenDataSet | null {
    return this.dataSetValue;
  }

  get model(): Model | null {
    return this.modelValue;
  }

  /** Reads a data set into the trainer; it becomes the open one once read. */
  async read(source: DataSource): Promise<TrainerReplies['openFolder']> {
    const index = await this.trainer.request(source);
    this.trainerHas.dataSet = null;
    return index;
  }

  /** The data set the backend now calls open, already in the trainer (it was just read). */
  opened(dataSet: OpenDataSet): void {
    this.dataSetValue = dataSet;
    this.trainerHas.dataSet = dataSet;
  }

  /** The same data, its classes in another order: nothing changes in the trainer. */
  reordered(dataSet: OpenDataSet): void {
    if (this.trainerHas.dataSet === this.dataSetValue) this.trainerHas.dataSet = dataSet;
    this.dataSetValue = dataSet;
  }

  /** The open data set, read again into a new trainer if the trainer was restarted. */
  async withData(): Promise<OpenDataSet> {
    const dataSet = this.dataSetValue;
    if (dataSet === null)
      throw new Error('no data set is open: open a folder, a .h5 file or the sample data first');
    if (this.trainerHas.dataSet !== dataSet || !this.trainer.running) {
      await this.trainer.request(dataSet.source);
      this.trainerHas.dataSet = dataSet;
    }
    return dataSet;
  }

  /** Makes `model` the current one; `inTrainer` when the trainer already holds it (a run's own). */
  setModel(model: Model, inTrainer: boolean): void {
    this.modelValue = model;
    if (inTrainer) this.trainerHas.model = model;
  }

  /** Hands a model to the trainer, which checks that it predicts; only then is it the current one. */
  async useModel(model: Model): Promise<void> {
    await this.trainer.request({ kind: 'useModel', model });
    this.modelValue = model;
    this.trainerHas.model = model;
  }

  /** The current model, handed to the trainer again if the trainer was restarted. */
  async withModel(): Promise<Model> {
    const model = this.modelValue;
    if (model === null) throw new Error('there is no model yet: train one or import a model file');
    if (this.trainerHas.model !== model || !this.trainer.running) await this.useModel(model);
    return model;
  }

  /** The current model's probabilities for a split's images (all, or the one at `index`). */
  async predictSplit(split: SplitName, index: number | null): Promise<TrainerReplies['predictSplit']> {
    await this.withData();
    await this.withModel();
    return this.trainer.request({ kind: 'predictSplit', split, index });
  }

  /** A network's filters and maps of one image: the run's if one is `running`, else the current model's. */
  async featureMaps(
    split: SplitName,
    index: number,
    running: boolean,
  ): Promise<TrainerReplies['featureMaps']> {
    await this.withData();
    if (!running) await this.withModel();
    return this.trainer.request({ kind: 'featureMaps', split, index });
  }

  /** The current model's answers about photos, by path or by their bytes. */
  async classify(
    photos: Extract<TrainerRequest, { kind: 'classify' }>['photos'],
  ): Promise<ClassifiedPhoto[]> {
    await this.withModel();
    return (await this.trainer.request({ kind: 'classify', photos })).photos;
  }
}
