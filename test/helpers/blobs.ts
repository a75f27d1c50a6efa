import type { Examples } from '../../src/core/examples.ts';
import { Random } from '../../src/core/random.ts';

/** `count` points in `inputSize` dimensions around one centre per class: an easy, seeded problem. */
export function blobs(
  count: number,
  inputSize: number,
  classCount: number,
  seed = 1,
  spread = 0.5,
): Examples {
  const random = new Random(seed);
  const centres = Array.from({ length: classCount }, () =>
    Array.from({ length: inputSize }, () => random.normal() * 2),
  );
  const inputs = new Float32Array(count * inputSize);
  const labels = new Uint16Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % classCount;
    labels[i] = label;
    for (let d = 0; d < inputSize; d++)
      inputs[i * inputSize + d] = centres[label]![d]! + random.normal() * spread;
  }
  return { inputs, labels, count, inputSize, scale: 1 };
}
