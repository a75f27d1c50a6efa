/** Words for the numbers the page shows. */

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

/**
 * Seconds until the last of `total` epochs, from when the recent epochs ended
 * (performance.now() milliseconds, oldest first); null until two have.
 */
export function secondsLeft(epochEnds: readonly number[], done: number, total: number): number | null {
  if (epochEnds.length < 2 || done >= total) return null;
  const perEpoch = (epochEnds.at(-1)! - epochEnds[0]!) / (epochEnds.length - 1) / 1000;
  return perEpoch * (total - done);
}

/** 0.8123 → "81.2%"; null → "–" */
export function percent(value: number | null, digits = 1): string {
  return value === null ? '–' : `${(value * 100).toFixed(digits)}%`;
}

/** A model's training settings in a line: "adam, learning rate 0.001, batch 32, 30 epochs, seed 1, He". */
export function describeTraining(training: Record<string, unknown>): string {
  const parts: string[] = [];
  const { optimizer, learningRate, batchSize, epochs, l2, seed, initializer } = training;
  if (typeof optimizer === 'string') parts.push(optimizer);
  if (typeof learningRate === 'number') parts.push(`learning rate ${learningRate}`);
  if (typeof batchSize === 'number') parts.push(batchSize === 0 ? 'full batch' : `batch ${batchSize}`);
  if (typeof epochs === 'number') parts.push(`${epochs} epochs`);
  if (typeof l2 === 'number' && l2 > 0) parts.push(`L2 ${l2}`);
  if (typeof initializer === 'string') parts.push(`${initializer} initialisation`);
  if (typeof seed === 'number') parts.push(`seed ${seed}`);
  return parts.join(', ');
}

/** "testAccuracy" → "Test accuracy" */
export function metricLabel(name: string): string {
  const words = name.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
