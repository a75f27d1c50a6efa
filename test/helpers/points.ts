/** Training points for tests that draw or read them: every field filled, the ones that matter given. */
import type { BatchPoint, EpochPoint } from '../../src/core/training.ts';

export function epochPoint(fields: Partial<EpochPoint> & { epoch: number }): EpochPoint {
  const gradientNorms = fields.gradientNorms ?? [1];
  return {
    type: 'epoch',
    epochs: 100,
    batchesPerEpoch: 1,
    learningRate: 0.01,
    trainLoss: 1,
    trainAccuracy: 0.5,
    validationLoss: null,
    validationAccuracy: null,
    gradientNorms,
    gradientRms: gradientNorms.map((norm) => norm / 10),
    weightNorms: gradientNorms.map(() => 1),
    examplesPerSecond: 1000,
    ...fields,
  };
}

export function batchPoint(epoch: number, batch: number, batchesPerEpoch: number, loss: number): BatchPoint {
  return { type: 'batch', epoch, batch, batchesPerEpoch, loss };
}
