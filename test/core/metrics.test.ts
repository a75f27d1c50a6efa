import { describe, expect, it } from 'vitest';
import { confusionMatrix, evaluate, precisionRecall } from '../../src/core/metrics.ts';

const accuracyOf = (labels: ArrayLike<number>, predictions: ArrayLike<number>) =>
  Array.from(labels).filter((l, i) => l === predictions[i]).length / labels.length;
import { createSeededNetwork } from '../../src/core/training.ts';
import { blobs } from '../helpers/blobs.ts';

describe('metrics', () => {
  it('builds the confusion matrix as [actual][predicted]', () => {
    const labels = [0, 0, 1, 1, 2, 2];
    const predictions = [0, 1, 1, 1, 0, 2];
    expect(confusionMatrix(labels, predictions, 3)).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 1],
    ]);
    expect(accuracyOf(labels, predictions)).toBeCloseTo(4 / 6, 15);
  });

  it('computes precision and recall per class, NaN where undefined', () => {
    const scores = precisionRecall([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 0],
    ]);
    expect(scores[0]).toEqual({ precision: 0.5, recall: 0.5, support: 2 });
    expect(scores[1]).toEqual({ precision: 2 / 3, recall: 1, support: 2 });
    expect(scores[2]!.precision).toBeNaN();
    expect(scores[2]!.recall).toBe(0);
  });

  it('gives per-class probabilities summing to 1, for a sigmoid and a softmax output', () => {
    for (const classCount of [2, 4]) {
      const examples = blobs(300, 5, classCount);
      const { network } = createSeededNetwork(
        {
          inputSize: 5,
          layers: [
            { units: 4, activation: 'tanh' },
            classCount === 2
              ? { units: 1, activation: 'sigmoid' }
              : { units: classCount, activation: 'softmax' },
          ],
          loss: classCount === 2 ? 'binaryCrossEntropy' : 'softmaxCrossEntropy',
        },
        { initializer: 'xavierNormal', seed: 2 },
      );
      const { probabilities, predictions, accuracy } = evaluate(network, examples, classCount);
      expect(probabilities).toHaveLength(300 * classCount);
      for (let i = 0; i < 300; i++) {
        const row = probabilities.subarray(i * classCount, (i + 1) * classCount);
        expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
        expect(predictions[i]).toBe(row.indexOf(Math.max(...row)));
      }
      expect(accuracy).toBeCloseTo(accuracyOf(examples.labels, predictions), 15);
    }
  });
});
