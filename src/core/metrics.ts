/**
 * What a trained network says about a set of examples: probabilities per
 * class, cost, accuracy, confusion matrix, per-class precision and recall.
 */
import { Batch, predictedClass, type Examples } from './examples.ts';
import type { Network } from './network.ts';

const CHUNK = 256;

function identityOrder(count: number): Int32Array {
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  return order;
}

export interface Evaluation {
  /** J without the L2 term */
  readonly loss: number;
  readonly accuracy: number;
  /** [count, classCount] probabilities, each row summing to 1 */
  readonly probabilities: Float32Array;
  /** predicted class per example */
  readonly predictions: Int32Array;
}

/** Runs the network over every example, in chunks that bound memory. */
export function evaluate(network: Network, examples: Examples, classCount: number): Evaluation {
  const outputs = network.outputSize;
  const batch = new Batch(examples.inputSize, outputs, Math.min(CHUNK, examples.count), network.kernel);
  const order = identityOrder(examples.count);
  const probabilities = new Float32Array(examples.count * classCount);
  const predictions = new Int32Array(examples.count);
  let lossSum = 0;
  let correct = 0;
  try {
    for (let start = 0; start < examples.count; start += batch.capacity) {
      const m = Math.min(batch.capacity, examples.count - start);
      batch.gather(examples, order, start, m);
      const a = network.forward(batch.x, m);
      lossSum += network.cost(batch.y, m) * m;
      for (let r = 0; r < m; r++) {
        const e = start + r;
        const predicted = predictedClass(a, r, outputs);
        predictions[e] = predicted;
        if (predicted === batch.labels[r]) correct++;
        if (outputs === 1) {
          probabilities[e * 2] = 1 - a[r];
          probabilities[e * 2 + 1] = a[r];
        } else {
          probabilities.set(a.subarray(r * outputs, (r + 1) * outputs), e * classCount);
        }
      }
    }
  } finally {
    batch.dispose();
  }
  return {
    loss: lossSum / examples.count,
    accuracy: correct / examples.count,
    probabilities,
    predictions,
  };
}

/** matrix[actual][predicted] = number of examples */
export function confusionMatrix(
  labels: ArrayLike<number>,
  predictions: ArrayLike<number>,
  classCount: number,
): number[][] {
  const matrix = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
  for (let i = 0; i < labels.length; i++) matrix[labels[i]][predictions[i]]++;
  return matrix;
}

export interface ClassScores {
  /** of the examples predicted as this class, the fraction that are; NaN when none was predicted */
  readonly precision: number;
  /** of the examples of this class, the fraction predicted as it; NaN when the class has none */
  readonly recall: number;
  readonly support: number;
}

export function precisionRecall(confusion: readonly (readonly number[])[]): ClassScores[] {
  return confusion.map((row, c) => {
    const truePositives = row[c];
    const actual = row.reduce((s, v) => s + v, 0);
    const predicted = confusion.reduce((s, r) => s + r[c], 0);
    return {
      precision: predicted === 0 ? NaN : truePositives / predicted,
      recall: actual === 0 ? NaN : truePositives / actual,
      support: actual,
    };
  });
}
