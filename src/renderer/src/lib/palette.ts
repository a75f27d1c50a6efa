/** Okabe and Ito's colour-blind-safe palette: one colour per class and per curve. */
export const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
];

/** The i-th curve's colour. */
export const seriesColour = (index: number): string => PALETTE[index % PALETTE.length]!;

/**
 * A class's colour, by its name among all the classes: the same class keeps its
 * colour whatever order a data set or a model lists the classes in.
 */
export function classColour(name: string, classes: readonly string[]): string {
  const alphabetical = [...classes].sort();
  return seriesColour(Math.max(0, alphabetical.indexOf(name)));
}
