// LEGACY: the greedy stratified draw that practitioners used before LEXIMIN
// (the Sortition Foundation's original algorithm, the baseline "LEGACY" of
// Flanigan et al., Nature 2021). One attempt:
//
//   repeat k times:
//     for every quota feature f still open (people with f remain, max_f > 0):
//       ratio_f = (min_f − selected_f) / remaining_f
//     take the feature with the largest ratio (first in quota order on ties);
//     select a uniformly random remaining person with f (rng.below(remaining_f),
//       counted in row order among the remaining people who have f);
//     remove that person; for each of their features that reached its max,
//       remove every remaining person with that feature.
//   The attempt fails when a minimum can no longer be met (fewer people
//   remain than still needed), a ratio exceeds 1, nobody is left, or a
//   minimum is missed at the end.
//
// A failed attempt is retried with the same generator (its stream simply
// continues), up to `maxAttempts`. The result always meets every quota.
//
// LEGACY is not fair: people with rare features combinations can have
// selection probabilities far below k/n (see the benchmark). It is here for
// comparison and because municipalities ask for it by name.

import type { Model } from "./instance.ts";
import { checkPanel } from "./instance.ts";
import { createRng, type Rng } from "./prng.ts";

export const LEGACY_MAX_ATTEMPTS = 1000;

export interface LegacyDraw {
  /** Selected people, ascending. */
  readonly panel: number[];
  /** Attempts used (1 when the first greedy pass succeeded). */
  readonly attempts: number;
}

export class LegacyFailedError extends Error {
  constructor(readonly attempts: number) {
    super(`LEGACY found no panel meeting the quotas in ${attempts} attempts`);
    this.name = "LegacyFailedError";
  }
}

/**
 * The state of one greedy pass, shared by the person-level draw and the
 * type-level simulation (which is the same random process: picking a uniform
 * person with feature f is picking type t with probability remaining_t/remaining_f).
 */
class Pass {
  readonly selected: number[];
  readonly remaining: number[];
  constructor(private readonly model: Model) {
    this.selected = new Array<number>(model.features.length).fill(0);
    this.remaining = model.features.map((f) => f.available);
  }

  /** Index of the feature to draw from next, or -1 when the pass has failed. */
  chooseFeature(): number {
    let best = -1;
    let ratio = -Infinity;
    const fs = this.model.features;
    for (let f = 0; f < fs.length; f++) {
      const q = fs[f]!;
      const rem = this.remaining[f]!;
      const need = q.min - this.selected[f]!;
      if (need > rem) return -1;
      if (rem === 0 || q.max === 0) continue;
      const r = need / rem;
      if (r > 1) return -1;
      if (r > ratio) {
        ratio = r;
        best = f;
      }
    }
    return best;
  }

  /** Books one selected person with these features; returns the features now at their max. */
  select(features: readonly number[]): number[] {
    const full: number[] = [];
    for (const f of features) {
      this.selected[f]!++;
      this.remaining[f]!--;
      if (this.selected[f] === this.model.features[f]!.max) full.push(f);
    }
    return full;
  }

  /** Books one removed (not selected) person. */
  remove(features: readonly number[]): void {
    for (const f of features) this.remaining[f]!--;
  }

  meetsMinimums(): boolean {
    return this.model.features.every((q, f) => this.selected[f]! >= q.min);
  }
}

function attemptPeople(model: Model, rng: Rng): number[] | null {
  const pass = new Pass(model);
  const alive = new Array<boolean>(model.n).fill(true);
  const panel: number[] = [];
  for (let step = 0; step < model.k; step++) {
    const f = pass.chooseFeature();
    if (f < 0) return null;
    let r = rng.below(pass.remaining[f]!);
    let chosen = -1;
    for (let i = 0; i < model.n; i++) {
      if (!alive[i] || !model.featuresOf[i]!.includes(f)) continue;
      if (r-- === 0) {
        chosen = i;
        break;
      }
    }
    if (chosen < 0) throw new Error("unreachable: remaining count out of step");
    alive[chosen] = false;
    panel.push(chosen);
    const full = pass.select(model.featuresOf[chosen]!);
    for (const g of full) {
      for (let i = 0; i < model.n; i++) {
        if (alive[i] && model.featuresOf[i]!.includes(g)) {
          alive[i] = false;
          pass.remove(model.featuresOf[i]!);
        }
      }
    }
  }
  if (!pass.meetsMinimums()) return null;
  return panel.sort((a, b) => a - b);
}

/** One LEGACY draw with a seed (deterministic: same model and seed → same panel). */
export function legacyDraw(model: Model, seed: string, maxAttempts = LEGACY_MAX_ATTEMPTS): LegacyDraw {
  const rng = createRng(seed);
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const panel = attemptPeople(model, rng);
    if (panel) {
      const check = checkPanel(model, panel);
      if (!check.ok) throw new Error(`LEGACY produced an invalid panel: ${check.problems.join("; ")}`);
      return { panel, attempts: attempt };
    }
  }
  throw new LegacyFailedError(maxAttempts);
}

/** Type-level pass: counts per type, or null on failure. */
function attemptTypes(model: Model, rng: Rng, byFeature: readonly (readonly number[])[]): number[] | null {
  const pass = new Pass(model);
  const left = model.types.map((t) => t.members.length);
  const counts = new Array<number>(model.types.length).fill(0);
  for (let step = 0; step < model.k; step++) {
    const f = pass.chooseFeature();
    if (f < 0) return null;
    let r = rng.below(pass.remaining[f]!);
    let chosen = -1;
    for (const t of byFeature[f]!) {
      if (r < left[t]!) {
        chosen = t;
        break;
      }
      r -= left[t]!;
    }
    if (chosen < 0) throw new Error("unreachable: remaining count out of step");
    left[chosen]!--;
    counts[chosen]!++;
    const full = pass.select(model.types[chosen]!.features);
    for (const g of full) {
      for (const t of byFeature[g]!) {
        const feats = model.types[t]!.features;
        while (left[t]! > 0) {
          left[t]!--;
          pass.remove(feats);
        }
      }
    }
  }
  return pass.meetsMinimums() ? counts : null;
}

export interface LegacyEstimate {
  /** Estimated selection probability per person (row order); sums to k. */
  readonly probabilities: number[];
  readonly runs: number;
  /** Attempts per successful run, on average. */
  readonly attemptsPerRun: number;
}

/**
 * Monte Carlo estimate of LEGACY's selection probabilities: `runs` complete
 * draws (each with retries), simulated on types; a person's estimate is the
 * mean number of their type selected divided by the type's size (identical
 * people are exchangeable under LEGACY).
 */
export function legacyProbabilities(
  model: Model,
  seed: string,
  runs: number,
  maxAttempts = LEGACY_MAX_ATTEMPTS,
): LegacyEstimate {
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`runs must be a positive integer, got ${runs}`);
  const rng = createRng(seed);
  const byFeature: number[][] = model.features.map(() => []);
  model.types.forEach((t, ti) => t.features.forEach((f) => byFeature[f]!.push(ti)));
  const total = new Array<number>(model.types.length).fill(0);
  let attempts = 0;
  for (let run = 0; run < runs; run++) {
    let counts: number[] | null = null;
    for (let a = 1; a <= maxAttempts && !counts; a++) {
      attempts++;
      counts = attemptTypes(model, rng, byFeature);
    }
    if (!counts) throw new LegacyFailedError(maxAttempts);
    counts.forEach((c, t) => (total[t]! += c));
  }
  const typeProb = total.map((c, t) => c / runs / model.types[t]!.members.length);
  return { probabilities: model.typeOf.map((t) => typeProb[t]!), runs, attemptsPerRun: attempts / runs };
}
