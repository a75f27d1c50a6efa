import { describe, expect, it } from 'vitest';
import { INITIALIZER_NAMES, INITIALIZERS } from '../../src/core/initializers.ts';
import { Random } from '../../src/core/random.ts';

function standardDeviation(values: Float64Array): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
}

describe('initialisers', () => {
  const fanIn = 400;
  const fanOut = 250;
  const formulas = {
    he: Math.sqrt(2 / fanIn),
    xavierNormal: Math.sqrt(2 / (fanIn + fanOut)),
    xavierUniform: Math.sqrt(2 / (fanIn + fanOut)),
    lecun: Math.sqrt(1 / fanIn),
    smallRandom: 0.01,
    standardNormal: 1,
  } as const;

  it.each(Object.entries(formulas))(
    '%s draws weights whose standard deviation is within 5%% of its formula',
    (name, expected) => {
      const initializer = INITIALIZERS[name as keyof typeof formulas];
      const w = new Float64Array(fanIn * fanOut);
      initializer.fill(w, fanIn, fanOut, new Random(11));
      expect(initializer.std(fanIn, fanOut)).toBeCloseTo(expected, 12);
      expect(Math.abs(standardDeviation(w) / expected - 1)).toBeLessThan(0.05);
    },
  );

  it('Xavier uniform stays within ±√(6/(n_in+n_out))', () => {
    const w = new Float64Array(fanIn * fanOut);
    INITIALIZERS.xavierUniform.fill(w, fanIn, fanOut, new Random(2));
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(limit);
  });

  it('zeros gives zeros', () => {
    const w = new Float64Array(10).fill(3);
    INITIALIZERS.zeros.fill(w, 5, 2, new Random(1));
    expect([...w]).toEqual(new Array(10).fill(0));
  });

  it("LeCun with seed 1 draws the course's randn(n_l, n_prev)/√n_prev", () => {
    const w = new Float64Array(6);
    INITIALIZERS.lecun.fill(w, 3, 2, new Random(1));
    expect(w[0]).toBeCloseTo(1.6243453636632417 / Math.sqrt(3), 15);
    expect(w[1]).toBeCloseTo(-0.6117564136500754 / Math.sqrt(3), 15);
  });

  it('every initialiser has a label and a note for the interface', () => {
    for (const name of INITIALIZER_NAMES) {
      expect(INITIALIZERS[name].label.length).toBeGreaterThan(0);
      expect(INITIALIZERS[name].note.length).toBeGreaterThan(0);
    }
  });

  it("names each formula as papers do and as the lecture notes do, so that the notes' names mislead no one", () => {
    const words = (name: keyof typeof INITIALIZERS) => {
      const { standardName, formula, notesName } = INITIALIZERS[name];
      return [standardName, formula, notesName];
    };
    // the notes' "Simple" is He's, their "Xavier" is LeCun's, their "He" is Glorot's
    expect(words('he')).toEqual(['He normal', 'randn·√(2/n[l−1])', 'Simple']);
    expect(words('lecun')).toEqual(['LeCun normal', 'randn·√(1/n[l−1])', 'Xavier']);
    expect(words('xavierNormal')).toEqual(['Xavier/Glorot normal', 'randn·√(2/(n[l]+n[l−1]))', 'He']);
    expect(words('standardNormal')).toEqual(['Standard normal', 'randn·1', null]);
    expect(INITIALIZERS.lecun.label).toBe("LeCun normal: randn·√(1/n[l−1]) (the lecture notes' “Xavier”)");
    expect(INITIALIZERS.smallRandom.label).toBe('Small random: 0.01·randn');
  });
});
