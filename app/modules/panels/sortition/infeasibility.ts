// When no panel meets the quotas: say which quotas conflict, and find the
// smallest change to the quotas (in total people added to maxima plus people
// removed from minima) after which a panel exists.

import { compositionModel, readComposition, solveMip, typesByFeature } from "./compositions.ts";
import type { Model } from "./instance.ts";
import type { LpSolver } from "./solver.ts";

export interface QuotaRef {
  readonly category: string;
  readonly feature: string;
}

export type ConflictKind =
  | "k-exceeds-pool"
  | "min-exceeds-available"
  | "category-mins-exceed-k"
  | "category-maxes-below-k"
  | "no-feasible-panel";

export interface QuotaConflict {
  readonly kind: ConflictKind;
  readonly message: string;
  readonly quotas: readonly QuotaRef[];
}

export interface QuotaChange {
  readonly category: string;
  readonly feature: string;
  readonly min: number;
  readonly max: number;
  readonly newMin: number;
  readonly newMax: number;
}

export interface Relaxation {
  /** Sum over quotas of |newMin − min| + |newMax − max|. */
  readonly total: number;
  readonly changes: readonly QuotaChange[];
  /** Feature counts of one panel that meets the relaxed quotas. */
  readonly witness: readonly number[];
}

export interface InfeasibilityReport {
  readonly conflicts: readonly QuotaConflict[];
  /** Null when no change of quotas helps (k larger than the pool). */
  readonly relaxation: Relaxation | null;
}

const ref = (m: Model, f: number): QuotaRef => {
  const x = m.features[f];
  return { category: x?.category ?? "?", feature: x?.feature ?? "?" };
};

/** Conflicts visible from counting alone (no solver needed). */
export function quotaConflicts(model: Model): QuotaConflict[] {
  const out: QuotaConflict[] = [];
  if (model.k > model.n) {
    out.push({
      kind: "k-exceeds-pool",
      message: `panel size ${model.k} is larger than the pool (${model.n})`,
      quotas: [],
    });
  }
  model.features.forEach((f, fi) => {
    if (f.min > f.available) {
      out.push({
        kind: "min-exceeds-available",
        message: `${f.category}/${f.feature}: min ${f.min} but only ${f.available} in the pool`,
        quotas: [ref(model, fi)],
      });
    }
  });
  model.categories.forEach((c, ci) => {
    const fs = model.features.map((f, i) => [f, i] as const).filter(([f]) => f.categoryIndex === ci);
    const mins = fs.reduce((s, [f]) => s + f.min, 0);
    const caps = fs.reduce((s, [f]) => s + Math.min(f.max, f.available), 0);
    const maxes = fs.reduce((s, [f]) => s + f.max, 0);
    if (mins > model.k) {
      out.push({
        kind: "category-mins-exceed-k",
        message: `category ${c}: minimums sum to ${mins}, more than the panel size ${model.k}`,
        quotas: fs.map(([, i]) => ref(model, i)),
      });
    }
    if (caps < model.k) {
      out.push({
        kind: "category-maxes-below-k",
        message:
          maxes < model.k
            ? `category ${c}: maximums sum to ${maxes}, less than the panel size ${model.k}`
            : `category ${c}: at most ${caps} people can be selected (maximums capped by the people available), less than the panel size ${model.k}`,
        quotas: fs.map(([, i]) => ref(model, i)),
      });
    }
  });
  return out;
}

/** The smallest total relaxation of minima and maxima that admits a panel (a MIP). */
export async function relaxQuotas(model: Model, solver: LpSolver): Promise<Relaxation | null> {
  if (model.k > model.n) return null;
  const objective = model.features.flatMap((_, f) => [[1, `dn${f}`] as const, [1, `up${f}`] as const]);
  const lp = compositionModel(model, { sense: "Minimize", objective, relax: true });
  const r = await solveMip(solver, lp);
  if (r.status !== "Optimal") throw new Error(`quota relaxation MIP ended with status ${r.status}`);
  const counts = readComposition(model, r);
  // Recompute the changes from the panel found, so they are exact integers.
  const byFeature = typesByFeature(model);
  const witness = model.features.map((_, f) => (byFeature[f] ?? []).reduce((s, t) => s + (counts[t] ?? 0), 0));
  const changes: QuotaChange[] = [];
  let total = 0;
  model.features.forEach((f, fi) => {
    const c = witness[fi] ?? 0;
    const newMin = Math.min(f.min, c);
    const newMax = Math.max(f.max, c);
    if (newMin !== f.min || newMax !== f.max) {
      changes.push({ category: f.category, feature: f.feature, min: f.min, max: f.max, newMin, newMax });
      total += f.min - newMin + (newMax - f.max);
    }
  });
  return { total, changes, witness };
}

export async function diagnose(
  model: Model,
  solver: LpSolver,
  extra: readonly QuotaConflict[] = [],
): Promise<InfeasibilityReport> {
  const conflicts = [...quotaConflicts(model), ...extra];
  const relaxation = await relaxQuotas(model, solver);
  if (conflicts.length === 0) {
    const involved = relaxation?.changes.map((c) => ({ category: c.category, feature: c.feature })) ?? [];
    conflicts.push({
      kind: "no-feasible-panel",
      message:
        "no panel meets all quotas together (each quota alone can be met)" +
        (involved.length
          ? `; conflicting quotas: ${involved.map((q) => `${q.category}/${q.feature}`).join(", ")}`
          : ""),
      quotas: involved,
    });
  }
  return { conflicts, relaxation };
}

/** One-line summary, e.g. for a CLI. */
export function describeReport(report: InfeasibilityReport): string {
  const parts = report.conflicts.map((c) => c.message);
  if (report.relaxation) {
    const ch = report.relaxation.changes
      .map((c) => {
        const bits: string[] = [];
        if (c.newMin !== c.min) bits.push(`min ${c.min}→${c.newMin}`);
        if (c.newMax !== c.max) bits.push(`max ${c.max}→${c.newMax}`);
        return `${c.category}/${c.feature} ${bits.join(", ")}`;
      })
      .join("; ");
    parts.push(`smallest relaxation (total ${report.relaxation.total}): ${ch}`);
  } else {
    parts.push("no change of quotas helps");
  }
  return parts.join(". ");
}
