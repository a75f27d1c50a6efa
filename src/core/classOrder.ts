/**
 * The order of a data set's classes, which is their labels' order. For two
 * classes the first is the negative one (label 0) and the second the positive
 * one the sigmoid output gives the probability of.
 */

const NEGATION = /^(?:non|not|no)[-_ ]?(.+)$/i;

/**
 * The order classes take until the user changes it: a pair named "X" and
 * "non-X" (or "not-X", "no-X", with or without the dash) puts the negative
 * first, as the course's cat / non-cat data did; otherwise alphabetical.
 */
export function defaultClassOrder(names: readonly string[]): string[] {
  const sorted = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (sorted.length !== 2) return sorted;
  const [first, second] = sorted as [string, string];
  const negates = (negative: string, positive: string) =>
    NEGATION.exec(negative)?.[1]?.toLowerCase() === positive.toLowerCase();
  if (negates(second, first)) return [second, first];
  return sorted;
}

/** Whether `order` names exactly the classes of `classes`, each once. */
export function isClassOrderOf(order: readonly string[], classes: readonly string[]): boolean {
  return (
    order.length === classes.length &&
    new Set(order).size === order.length &&
    order.every((name) => classes.includes(name))
  );
}

/** For each label of `from`, the label the same class has in `to` (which must name the same classes). */
export function labelMap(from: readonly string[], to: readonly string[]): Uint16Array {
  if (!isClassOrderOf(to, from)) {
    throw new Error(`the classes ${to.join(', ')} are not an order of ${from.join(', ')}`);
  }
  return Uint16Array.from(from, (name) => to.indexOf(name));
}
