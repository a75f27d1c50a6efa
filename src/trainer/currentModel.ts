/**
 * The current model inside the trainer, as a network ready to predict: what
 * it says about the open data set's images and about photos from elsewhere.
 * A model becomes current only after one inference shows it gives
 * probabilities that sum to 1.
 */
import { labelMap } from '../core/classOrder.ts';
import type { Kernel } from '../core/kernels/kernel.ts';
import { evaluate } from '../core/metrics.ts';
import { networkFromModel } from '../core/model.ts';
import { assertModel, type Model } from '../core/modelFile.ts';
import type { Network } from '../core/network.ts';
import { toExamples, type DataSet, type SplitName } from '../data/dataSet.ts';
import { decodeImage, decodeImageBytes } from '../data/decode.ts';
import { FileError } from '../data/fileError.ts';
import { imageLibrary } from '../data/imageLibrary.ts';
import type { ClassifiedPhoto, TrainerReplies, TrainerRequest } from './protocol.ts';

type Photo = Extract<TrainerRequest, { kind: 'classify' }>['photos'][number];

export class CurrentModel {
  private constructor(
    readonly model: Model,
    readonly network: Network,
  ) {}

  /** The model as a network, or the reason it cannot be used. */
  static check(model: Model, kernel: Kernel): CurrentModel {
    assertModel(model, 'the model cannot be used');
    const network = networkFromModel(model, kernel);
    const { inputSize } = model.architecture;
    const { probabilities } = evaluate(
      network,
      {
        inputs: new Uint8Array(inputSize).fill(128),
        labels: new Uint16Array(1),
        count: 1,
        inputSize,
        scale: model.info.input.scale,
      },
      model.info.classes.length,
    );
    const sum = probabilities.reduce((s, p) => s + p, 0);
    if (!probabilities.every(Number.isFinite) || Math.abs(sum - 1) > 1e-3) {
      network.dispose();
      throw new Error('the model does not give probabilities that sum to 1');
    }
    return new CurrentModel(model, network);
  }

  dispose(): void {
    this.network.dispose();
  }

  /**
   * Probabilities for the images of a split (all, or the one at `index`), per
   * the model's classes, with each image's label in the model's order too: a
   * model whose classes are the data set's in another order is mapped.
   */
  predictSplit(dataSet: DataSet, split: SplitName, index: number | null): TrainerReplies['predictSplit'] {
    const images = dataSet[split];
    if (images === null) throw new Error(`the data set has no ${split} split`);
    const { width, height } = this.model.info.input;
    if (width !== dataSet.width || height !== dataSet.height)
      throw new Error(
        `the model takes ${width}×${height} images; the open data set was read at ${dataSet.width}×${dataSet.height}`,
      );
    const classes = [...this.model.info.classes];
    let map: Uint16Array;
    try {
      map = labelMap(dataSet.classes, classes);
    } catch {
      throw new Error(
        `the model's classes (${classes.join(', ')}) are not the data set's (${dataSet.classes.join(', ')})`,
      );
    }
    let examples = toExamples(images, width, height);
    if (index !== null) {
      if (index >= examples.count) throw new Error(`the ${split} split has no image ${index}`);
      const size = examples.inputSize;
      examples = {
        ...examples,
        inputs: examples.inputs.subarray(index * size, (index + 1) * size),
        labels: examples.labels.subarray(index, index + 1),
        count: 1,
      };
    }
    const labels = Array.from(examples.labels, (label) => map[label]!);
    const { probabilities } = evaluate(
      this.network,
      { ...examples, labels: Uint16Array.from(labels) },
      classes.length,
    );
    return { classes, labels, probabilities };
  }

  /** Photos decoded as the model's inputs were; the ones that cannot be read say why. */
  async classify(photos: readonly Photo[]): Promise<ClassifiedPhoto[]> {
    const { width, height, scale, fit } = this.model.info.input;
    const classes = this.model.info.classes.length;
    // without the image library no photo can be read: one refusal, not one per photo
    imageLibrary();
    const out: ClassifiedPhoto[] = [];
    for (const photo of photos) {
      try {
        const pixels =
          'path' in photo
            ? await decodeImage(photo.path, { width, height, fit })
            : await decodeImageBytes(photo.name, photo.bytes, { width, height, fit });
        const { probabilities } = evaluate(
          this.network,
          { inputs: pixels, labels: new Uint16Array(1), count: 1, inputSize: width * height * 3, scale },
          classes,
        );
        out.push({ file: photo.name, probabilities: Array.from(probabilities), error: null });
      } catch (error) {
        const reason = error instanceof FileError ? error.reason : (error as Error).message;
        out.push({ file: photo.name, probabilities: null, error: reason });
      }
    }
    return out;
  }
}
