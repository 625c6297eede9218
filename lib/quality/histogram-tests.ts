/**
 * Two-sample tests of binned histograms: is `observed` drawn from the same
 * shape as `reference`? Both are compared as shapes (each normalised to its
 * own entries), so a rate change alone does not fail them; the rate rules see that.
 */

const EPS = 1e-15;

/** ln Γ(x) (Lanczos, g = 7): accurate to ~1e-15 for x > 0. */
function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularised upper incomplete gamma Q(a, x): a series below a + 1, a continued fraction above (Numerical Recipes' gammq). */
function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const front = Math.exp(-x + a * Math.log(x) - logGamma(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 1000 && Math.abs(term) > Math.abs(sum) * EPS; n++) {
      term *= x / (a + n);
      sum += term;
    }
    return Math.max(0, 1 - sum * front);
  }
  let b = x + 1 - a;
  let c = 1 / 1e-300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return front * h;
}

/** P(χ² ≥ x) for `ndf` degrees of freedom. */
export const chiSquareSurvival = (x: number, ndf: number) => gammaQ(ndf / 2, x / 2);

export interface TestResult {
  pValue: number;
  statistic: number;
  ndf?: number;
}

/** Observed entries each merged bin must expect, for the χ² distribution to hold. */
const MIN_EXPECTED = 5;

/**
 * χ² test of two histograms with different totals (the standard
 * unweighted two-sample statistic, e.g. ROOT's TH1::Chi2Test "UU"):
 * χ² = Σ (√(M/N) n_i − √(N/M) m_i)² / (n_i + m_i), ndf = bins − 1.
 * Neighbouring bins are merged until each expects at least 5 observed
 * entries, so sparse tails do not inflate χ².
 */
export function chiSquareTest(observed: number[], reference: number[]): TestResult {
  const N = observed.reduce((a, b) => a + b, 0);
  const M = reference.reduce((a, b) => a + b, 0);
  if (N === 0 || M === 0) return { pValue: 1, statistic: 0, ndf: 0 };
  const merged: [number, number][] = [];
  let n = 0;
  let m = 0;
  for (let i = 0; i < observed.length; i++) {
    n += observed[i]!;
    m += reference[i] ?? 0;
    if ((N * m) / M >= MIN_EXPECTED) {
      merged.push([n, m]);
      n = 0;
      m = 0;
    }
  }
  if (merged.length === 0) return { pValue: 1, statistic: 0, ndf: 0 };
  const last = merged[merged.length - 1]!;
  last[0] += n;
  last[1] += m;
  const k1 = Math.sqrt(M / N);
  const k2 = Math.sqrt(N / M);
  let chi2 = 0;
  for (const [a, b] of merged) if (a + b > 0) chi2 += (k1 * a - k2 * b) ** 2 / (a + b);
  const ndf = merged.length - 1;
  return { pValue: ndf > 0 ? chiSquareSurvival(chi2, ndf) : 1, statistic: chi2, ndf };
}

/** Kolmogorov's Q(λ) = 2 Σ (−1)^(j−1) exp(−2 j² λ²). */
function kolmogorovQ(lambda: number): number {
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let j = 1; j <= 100; j++) {
    const term = 2 * (j % 2 === 1 ? 1 : -1) * Math.exp(-2 * j * j * lambda * lambda);
    sum += term;
    if (Math.abs(term) < 1e-12) break;
  }
  return Math.min(1, Math.max(0, sum));
}

/**
 * Kolmogorov-Smirnov test on the cumulative shapes of two binned histograms,
 * with the effective size N·M/(N+M) (Stephens' correction). On binned data it
 * is conservative: p-values come out large, never too small.
 */
export function ksTest(observed: number[], reference: number[]): TestResult {
  const N = observed.reduce((a, b) => a + b, 0);
  const M = reference.reduce((a, b) => a + b, 0);
  if (N === 0 || M === 0) return { pValue: 1, statistic: 0 };
  let a = 0;
  let b = 0;
  let d = 0;
  for (let i = 0; i < observed.length; i++) {
    a += observed[i]! / N;
    b += (reference[i] ?? 0) / M;
    d = Math.max(d, Math.abs(a - b));
  }
  const ne = Math.sqrt((N * M) / (N + M));
  return { pValue: kolmogorovQ((ne + 0.12 + 0.11 / ne) * d), statistic: d };
}
