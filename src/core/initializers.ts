/**
 * Weight initialisers for W[l] of shape [n_l, n_(l-1)], filled row-major from
 * the one seeded generator (the order numpy's randn(n_l, n_(l-1)) fills).
 * Biases always start at zero.
 *
 * Names differ between sources: the lecture notes call He's √(2/n[l−1])
 * "Simple", LeCun's √(1/n[l−1]) "Xavier" and Glorot's √(2/(n[l]+n[l−1]))
 * "He". Each initialiser here carries its standard name, its formula and the
 * notes' name, so that a student reading the notes is not misled.
 */
import type { FloatArray } from './matrix.ts';
import type { Random } from './random.ts';

export type InitializerName =
  'he' | 'xavierNormal' | 'xavierUniform' | 'lecun' | 'smallRandom' | 'standardNormal' | 'zeros';

export interface Initializer {
  readonly name: InitializerName;
  /** as papers and libraries name it: "He normal" */
  readonly standardName: string;
  /** how each entry of W[l] is drawn: "randn·√(2/n[l−1])" */
  readonly formula: string;
  /** what the lecture notes call this formula; null where they do not name it */
  readonly notesName: string | null;
  /** the standard name, the formula and the notes' name, in one line for the interface */
  readonly label: string;
  /** where it comes from, what it is for, and what a learner should know */
  readonly note: string;
  /** The standard deviation of the distribution drawn from. */
  std(fanIn: number, fanOut: number): number;
  fill(w: FloatArray, fanIn: number, fanOut: number, random: Random): void;
}

type Words = Pick<Initializer, 'name' | 'standardName' | 'formula' | 'notesName' | 'note'>;

function described(words: Words, draw: Pick<Initializer, 'std' | 'fill'>): Initializer {
  const notes = words.notesName === null ? '' : ` (the lecture notes' “${words.notesName}”)`;
  return { ...words, label: `${words.standardName}: ${words.formula}${notes}`, ...draw };
}

function normal(words: Words, std: (fanIn: number, fanOut: number) => number): Initializer {
  return described(words, {
    std,
    fill(w, fanIn, fanOut, random) {
      const s = std(fanIn, fanOut);
      for (let i = 0; i < w.length; i++) w[i] = random.normal() * s;
    },
  });
}

export const INITIALIZERS: Readonly<Record<InitializerName, Initializer>> = {
  he: normal(
    {
      name: 'he',
      standardName: 'He normal',
      formula: 'randn·√(2/n[l−1])',
      notesName: 'Simple',
      note:
        'He et al. 2015, for ReLU layers: keeps the variance of a[l] near constant from layer to layer. ' +
        'The lecture notes call it "Simple", and give the name "He" to Glorot\'s formula.',
    },
    (fanIn) => Math.sqrt(2 / fanIn),
  ),
  xavierNormal: normal(
    {
      name: 'xavierNormal',
      standardName: 'Xavier/Glorot normal',
      formula: 'randn·√(2/(n[l]+n[l−1]))',
      notesName: 'He',
      note:
        'Glorot & Bengio 2010, for tanh and sigmoid layers: balances the variance of the forward and the backward signal. ' +
        'The lecture notes call this formula "He", and give the name "Xavier" to LeCun\'s.',
    },
    (fanIn, fanOut) => Math.sqrt(2 / (fanIn + fanOut)),
  ),
  xavierUniform: described(
    {
      name: 'xavierUniform',
      standardName: 'Xavier/Glorot uniform',
      formula: 'U(±√(6/(n[l]+n[l−1])))',
      notesName: null,
      note: 'Glorot & Bengio 2010, the uniform form with the same variance as Xavier/Glorot normal.',
    },
    {
      std: (fanIn, fanOut) => Math.sqrt(2 / (fanIn + fanOut)),
      fill(w, fanIn, fanOut, random) {
        const limit = Math.sqrt(6 / (fanIn + fanOut));
        for (let i = 0; i < w.length; i++) w[i] = (2 * random.uniform() - 1) * limit;
      },
    },
  ),
  lecun: normal(
    {
      name: 'lecun',
      standardName: 'LeCun normal',
      formula: 'randn·√(1/n[l−1])',
      notesName: 'Xavier',
      note:
        "LeCun et al. 1998. The course's 4-layer network draws randn/√n[l−1], which the lecture notes call " +
        '"Xavier" (a name that elsewhere means Glorot\'s formula).',
    },
    (fanIn) => Math.sqrt(1 / fanIn),
  ),
  smallRandom: normal(
    {
      name: 'smallRandom',
      standardName: 'Small random',
      formula: '0.01·randn',
      notesName: null,
      note: "The course's 2-layer network. Fine for shallow nets; in deep nets the signal shrinks layer by layer and gradients vanish.",
    },
    () => 0.01,
  ),
  standardNormal: normal(
    {
      name: 'standardNormal',
      standardName: 'Standard normal',
      formula: 'randn·1',
      notesName: null,
      note:
        "Weights of size 1 whatever the layer's width: each layer multiplies the signal by about √n[l−1], " +
        'so in a deep network activations and gradients explode. For seeing it happen, not for training.',
    },
    () => 1,
  ),
  zeros: described(
    {
      name: 'zeros',
      standardName: 'Zeros',
      formula: '0',
      notesName: null,
      note: 'Every unit of a layer computes the same thing and gets the same gradient, so hidden units never become different (fine for logistic regression).',
    },
    {
      std: () => 0,
      fill(w) {
        w.fill(0);
      },
    },
  ),
};

export const INITIALIZER_NAMES = Object.keys(INITIALIZERS) as InitializerName[];
