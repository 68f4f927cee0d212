// Weighting panel answers to the population by raking (iterative
// proportional fitting): weights are scaled category by category until the
// weighted shares of every feature match the population's margins. Pure.
//
// The rule (see README.md): start with weight 1 per respondent; repeat, for
// each category with margins in turn, multiply the weight of everyone with
// feature f by (population share of f) / (current weighted share of f);
// stop when no weighted share differs from its margin by more than 1e-9, or
// after 1,000 sweeps (then `converged` is false). Weights are normalised to
// average 1. A category is left out (and named in `skipped`) when a feature
// with population has no respondent, or a respondent's feature has no margin:
// no weighting can fix an empty cell.

export type Margins = Readonly<Record<string, Readonly<Record<string, number>>>>;

export interface RakingResult {
  readonly weights: number[];
  readonly converged: boolean;
  readonly sweeps: number;
  readonly used: string[];
  readonly skipped: { category: string; reason: "emptyCell" | "unknownFeature" }[];
  /** Kish's effective sample size (Σw)² / Σw². */
  readonly effectiveSize: number;
  /** 95 % margin of error for a proportion of 50 %, from the effective size. */
  readonly marginOfError: number;
}

export function rake(
  profiles: readonly Readonly<Record<string, string>>[],
  margins: Margins,
  opts: { tolerance?: number; maxSweeps?: number } = {},
): RakingResult {
  const n = profiles.length;
  const tol = opts.tolerance ?? 1e-9;
  const maxSweeps = opts.maxSweeps ?? 1000;
  const used: string[] = [];
  const skipped: RakingResult["skipped"] = [];
  const targets: { category: string; shares: Map<string, number> }[] = [];
  for (const [category, counts] of Object.entries(margins)) {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    if (total <= 0) continue;
    if (profiles.some((p) => !(p[category]! in counts))) {
      skipped.push({ category, reason: "unknownFeature" });
      continue;
    }
    if (Object.entries(counts).some(([f, c]) => c > 0 && !profiles.some((p) => p[category] === f))) {
      skipped.push({ category, reason: "emptyCell" });
      continue;
    }
    used.push(category);
    targets.push({ category, shares: new Map(Object.entries(counts).map(([f, c]) => [f, c / total])) });
  }
  const w = new Array<number>(n).fill(1);
  let converged = targets.length === 0 || n === 0;
  let sweeps = 0;
  while (!converged && sweeps < maxSweeps) {
    sweeps++;
    for (const { category, shares } of targets) {
      const sum = new Map<string, number>();
      let total = 0;
      for (let i = 0; i < n; i++) {
        const f = profiles[i]![category]!;
        sum.set(f, (sum.get(f) ?? 0) + w[i]!);
        total += w[i]!;
      }
      for (let i = 0; i < n; i++) {
        const f = profiles[i]![category]!;
        w[i] = (w[i]! * shares.get(f)! * total) / sum.get(f)!;
      }
    }
    converged = maxDeviation(profiles, w, targets) <= tol;
  }
  const total = w.reduce((a, b) => a + b, 0);
  const weights = n ? w.map((x) => (x * n) / total) : [];
  const effectiveSize = effectiveSampleSize(weights);
  return { weights, converged, sweeps, used, skipped, effectiveSize, marginOfError: marginOfError(0.5, effectiveSize) };
}

function maxDeviation(
  profiles: readonly Readonly<Record<string, string>>[],
  w: readonly number[],
  targets: readonly { category: string; shares: Map<string, number> }[],
): number {
  const total = w.reduce((a, b) => a + b, 0);
  let worst = 0;
  for (const { category, shares } of targets) {
    for (const [f, share] of shares) {
      let s = 0;
      profiles.forEach((p, i) => {
        if (p[category] === f) s += w[i]!;
      });
      worst = Math.max(worst, Math.abs(s / total - share));
    }
  }
  return worst;
}

export function effectiveSampleSize(weights: readonly number[]): number {
  const s = weights.reduce((a, b) => a + b, 0);
  const s2 = weights.reduce((a, b) => a + b * b, 0);
  return s2 > 0 ? (s * s) / s2 : 0;
}

/** 95 % margin of error of a proportion p with effective sample size n (0 when n is 0). */
export function marginOfError(p: number, n: number): number {
  return n > 0 ? 1.96 * Math.sqrt((p * (1 - p)) / n) : 0;
}

/** Weighted share of each value among answers (one value per respondent; null answers left out). */
export function weightedShares(
  values: readonly (string | null)[],
  weights: readonly number[],
): Map<string, { raw: number; weighted: number; count: number }> {
  const out = new Map<string, { raw: number; weighted: number; count: number }>();
  let n = 0;
  let wsum = 0;
  values.forEach((v, i) => {
    if (v === null) return;
    n++;
    wsum += weights[i]!;
    const e = out.get(v) ?? { raw: 0, weighted: 0, count: 0 };
    e.count++;
    e.weighted += weights[i]!;
    out.set(v, e);
  });
  for (const e of out.values()) {
    e.raw = n ? e.count / n : 0;
    e.weighted = wsum ? e.weighted / wsum : 0;
  }
  return out;
}
