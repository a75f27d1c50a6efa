/** Words for the numbers the page shows. */

export function describeImportProgress(p: {
  done: number;
  total: number;
  rate: number;
  secondsLeft: number | null;
}): string {
  const parts = [`${p.done.toLocaleString('en')} of ${p.total.toLocaleString('en')} images`];
  if (p.rate > 0) parts.push(`${Math.round(p.rate).toLocaleString('en')} a second`);
  if (p.secondsLeft !== null && p.done < p.total) {
    const s = Math.ceil(p.secondsLeft);
    parts.push(s < 60 ? `${s} s left` : `${Math.floor(s / 60)} min ${s % 60} s left`);
  }
  return parts.join(' · ');
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
