/**
 * Weight initialisers for W[l] of shape [n_l, n_(l-1)], filled row-major from
 * the one seeded generator (the order numpy's randn(n_l, n_(l-1)) fills).
 * Biases always start at zero.
 */
import type { FloatArray } from './matrix.ts';
import type { Random } from './random.ts';

export type InitializerName = 'he' | 'xavierNormal' | 'xavierUniform' | 'lecun' | 'smallRandom' | 'zeros';

export interface Initializer {
  readonly name: InitializerName;
  readonly label: string;
  /** Where the name is used differently elsewhere, what a learner should know. */
  readonly note: string;
  /** The standard deviation of the distribution drawn from. */
  std(fanIn: number, fanOut: number): number;
  fill(w: FloatArray, fanIn: number, fanOut: number, random: Random): void;
}

function normal(
  name: InitializerName,
  label: string,
  note: string,
  std: (fanIn: number, fanOut: number) => number,
): Initializer {
  return {
    name,
    label,
    note,
    std,
    fill(w, fanIn, fanOut, random) {
      const s = std(fanIn, fanOut);
      for (let i = 0; i < w.length; i++) w[i] = random.normal() * s;
    },
  };
}

export const INITIALIZERS: Readonly<Record<InitializerName, Initializer>> = {
  he: normal(
    'he',
    'He normal: randn·√(2/n[l−1])',
    'He et al. 2015, for ReLU layers: keeps the variance of activations near constant from layer to layer.',
    (fanIn) => Math.sqrt(2 / fanIn),
  ),
  xavierNormal: normal(
    'xavierNormal',
    'Xavier/Glorot normal: randn·√(2/(n[l−1]+n[l]))',
    'Glorot & Bengio 2010. The lecture videos also call randn·√(1/n[l−1]) "Xavier"; that one is LeCun here.',
    (fanIn, fanOut) => Math.sqrt(2 / (fanIn + fanOut)),
  ),
  xavierUniform: {
    name: 'xavierUniform',
    label: 'Xavier/Glorot uniform: U(±√(6/(n[l−1]+n[l])))',
    note: 'Glorot & Bengio 2010, the uniform form with the same variance as Xavier normal.',
    std: (fanIn, fanOut) => Math.sqrt(2 / (fanIn + fanOut)),
    fill(w, fanIn, fanOut, random) {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < w.length; i++) w[i] = (2 * random.uniform() - 1) * limit;
    },
  },
  lecun: normal(
    'lecun',
    'LeCun normal: randn·√(1/n[l−1])',
    'LeCun et al. 1998. The course\'s 4-layer network draws randn/√n[l−1], which the lecture calls "Xavier" for tanh layers: by its formula it is LeCun.',
    (fanIn) => Math.sqrt(1 / fanIn),
  ),
  smallRandom: normal(
    'smallRandom',
    'Small random: 0.01·randn',
    "The course's 2-layer network. Fine for shallow nets; in deep nets the signal shrinks layer by layer and gradients vanish.",
    () => 0.01,
  ),
  zeros: {
    name: 'zeros',
    label: 'Zeros',
    note: 'Every unit of a layer computes the same thing and gets the same gradient, so hidden units never become different (fine for logistic regression).',
    std: () => 0,
    fill(w) {
      w.fill(0);
    },
  },
};

export const INITIALIZER_NAMES = Object.keys(INITIALIZERS) as InitializerName[];
