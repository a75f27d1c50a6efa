/**
 * What the Results view shows, computed from the model's probabilities for
 * every image: predictions (with a decision threshold for two classes), the
 * confusion matrix, precision and recall, and the filters.
 */
export interface ResultItem {
  readonly index: number;
  readonly file: string;
  readonly label: number;
  readonly probabilities: readonly number[];
}

export interface Scored extends ResultItem {
  readonly predicted: number;
  /** the probability of the predicted class */
  readonly confidence: number;
}

/** For two classes, class 1 is predicted when p(class 1) ≥ threshold; otherwise the most probable class. */
export function score(items: readonly ResultItem[], threshold = 0.5): Scored[] {
  return items.map((item) => {
    const p = item.probabilities;
    const predicted = p.length === 2 ? (p[1]! >= threshold ? 1 : 0) : p.indexOf(Math.max(...p));
    return { ...item, predicted, confidence: p[predicted]! };
  });
}

/** matrix[actual][predicted] */
export function confusion(scored: readonly Scored[], classCount: number): number[][] {
  const matrix = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
  for (const s of scored) matrix[s.label]![s.predicted]!++;
  return matrix;
}

export function precisionRecall(
  matrix: readonly (readonly number[])[],
): { precision: number | null; recall: number | null }[] {
  return matrix.map((row, c) => {
    const predicted = matrix.reduce((sum, r) => sum + r[c]!, 0);
    const actual = row.reduce((sum, v) => sum + v, 0);
    return { precision: predicted ? row[c]! / predicted : null, recall: actual ? row[c]! / actual : null };
  });
}

export type ResultFilter =
  | { kind: 'all' }
  | { kind: 'misclassified' }
  | { kind: 'leastConfident' }
  | { kind: 'cell'; actual: number; predicted: number };

/** The images the filter keeps: most confident first, or least confident first for that filter. */
export function filterResults(scored: readonly Scored[], filter: ResultFilter): Scored[] {
  const kept = scored.filter((s) => {
    switch (filter.kind) {
      case 'all':
      case 'leastConfident':
        return true;
      case 'misclassified':
        return s.predicted !== s.label;
      case 'cell':
        return s.label === filter.actual && s.predicted === filter.predicted;
    }
  });
  const sign = filter.kind === 'leastConfident' ? 1 : -1;
  return kept.sort((a, b) => sign * (a.confidence - b.confidence) || a.index - b.index);
}
