/** Words for the numbers the page shows. */
import type { RunSetup } from '../../../api/contract.ts';
import { describeAugmentation, isAugmenting } from '../../../core/augmentation.ts';
import { INITIALIZER_LABELS, LOSS_LABELS, OPTIMIZER_LABELS } from '../../../core/runSetup.ts';

export function describeImportProgress(p: {
  done: number;
  total: number;
  rate: number;
  secondsLeft: number | null;
}): string {
  const parts = [`${p.done.toLocaleString('en')} of ${p.total.toLocaleString('en')} images`];
  if (p.rate > 0) parts.push(`${Math.round(p.rate).toLocaleString('en')} a second`);
  if (p.secondsLeft !== null && p.done < p.total) parts.push(timeLeft(p.secondsLeft));
  return parts.join(' · ');
}

/** 75.2 → "1 min 16 s left" */
export function timeLeft(seconds: number): string {
  const s = Math.ceil(seconds);
  return s < 60 ? `${s} s left` : `${Math.floor(s / 60)} min ${s % 60} s left`;
}

/** Seconds until the last of `total` epochs at a (smoothed) rate of seconds per epoch; null while unknown. */
export function secondsLeft(secondsPerEpoch: number | null, done: number, total: number): number | null {
  if (secondsPerEpoch === null || done >= total) return null;
  return secondsPerEpoch * (total - done);
}

/** 0.8123 → "81.2%"; null → "–" */
export function percent(value: number | null, digits = 1): string {
  return value === null ? '–' : `${(value * 100).toFixed(digits)}%`;
}

/** A run's setup in a line: "Adam at 0.001, batches of 32, 20 epochs, He normal …, seed 1". */
export function describeSetup(setup: RunSetup): string {
  const parts = [
    `${OPTIMIZER_LABELS[setup.optimizer]} at ${setup.learningRate}`,
    setup.batchSize === 0 ? 'full batch' : `batches of ${setup.batchSize}`,
    `${setup.epochs} epochs`,
  ];
  if (setup.learningRateDecay > 0) parts.push(`learning-rate decay ${setup.learningRateDecay}`);
  if (setup.l2 > 0) parts.push(`L2 λ = ${setup.l2}`);
  if (isAugmenting(setup.augmentation))
    parts.push(`augmented by ${describeAugmentation(setup.augmentation)}`);
  parts.push(INITIALIZER_LABELS[setup.initializer], LOSS_LABELS[setup.loss]);
  parts.push(
    setup.validationFraction > 0
      ? `${percent(setup.validationFraction, 0)} held out for validation`
      : 'no validation split',
  );
  if (setup.earlyStopping > 0)
    parts.push(`early stopping after ${setup.earlyStopping} epochs without a better validation loss`);
  parts.push(
    `seed ${setup.trainingSeed}${setup.splitSeed !== setup.trainingSeed ? `, split seed ${setup.splitSeed}` : ''}`,
  );
  return parts.join(', ');
}

/** "testAccuracy" → "Test accuracy" */
export function metricLabel(name: string): string {
  const words = name.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** (1, 'image') → "1 image"; (3, 'class', 'classes') → "3 classes" */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? singular : plural}`;
}
