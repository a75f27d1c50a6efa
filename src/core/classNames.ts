/**
 * Class names: the labels of a classifier's outputs, shown to people and
 * written in model files. Each must be one a reader can tell from the others.
 */
export const MAX_CLASSES = 1000;
export const MAX_CLASS_NAME = 200;

/**
 * Why these names cannot label a classifier's outputs, or null. Names that differ only in Unicode
 * normalisation ("é" as one code point or as "e" and an accent) look the same, so they count as one.
 */
export function classNamesProblem(names: readonly unknown[]): string | null {
  if (names.length < 2 || names.length > MAX_CLASSES)
    return `expected 2 to ${MAX_CLASSES} classes, got ${names.length}`;
  const seen = new Set<string>();
  for (const name of names) {
    if (typeof name !== 'string' || name.length === 0 || name.length > MAX_CLASS_NAME)
      return `each class name must be text of 1 to ${MAX_CLASS_NAME} characters`;
    const normal = name.normalize('NFC');
    if (seen.has(normal)) return `"${normal}" appears twice; each class needs a name of its own`;
    seen.add(normal);
  }
  return null;
}
