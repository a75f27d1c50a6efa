/**
 * Gradient checks of one layer alone: J = Σ r ⊙ out for a fixed random r, so that
 * dJ/d out = r is what backward is given, and dJ/dθ by central differences.
 */
import type { Random } from '../../src/core/random.ts';

export function randomValues(length: number, random: Random, scale = 1): Float64Array {
  return Float64Array.from({ length }, () => random.normal() * scale);
}

/** Σ a ⊙ b */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** dJ/dθ by (J(θ + ε) − J(θ − ε)) / 2ε for every entry of θ, each restored afterwards. */
export function numericGradient(theta: Float64Array, cost: () => number, epsilon = 1e-6): Float64Array {
  return Float64Array.from(theta, (saved, i) => {
    theta[i] = saved + epsilon;
    const plus = cost();
    theta[i] = saved - epsilon;
    const minus = cost();
    theta[i] = saved;
    return (plus - minus) / (2 * epsilon);
  });
}

/**
 * ‖numeric − analytic‖ / (‖numeric‖ + ‖analytic‖), as src/core/gradientCheck.ts reports it;
 * NaN (failing any bound) when both are zero, a comparison that proves nothing.
 */
export function relativeError(numeric: ArrayLike<number>, analytic: ArrayLike<number>): number {
  let difference = 0;
  let numericNorm = 0;
  let analyticNorm = 0;
  for (let i = 0; i < numeric.length; i++) {
    difference += (numeric[i]! - analytic[i]!) ** 2;
    numericNorm += numeric[i]! ** 2;
    analyticNorm += analytic[i]! ** 2;
  }
  const denominator = Math.sqrt(numericNorm) + Math.sqrt(analyticNorm);
  return denominator === 0 ? NaN : Math.sqrt(difference) / denominator;
}
