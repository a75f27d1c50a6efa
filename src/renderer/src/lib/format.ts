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
