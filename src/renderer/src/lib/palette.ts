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

export const colourOf = (index: number): string => PALETTE[index % PALETTE.length]!;
