// Panel quotas as staff define them, and the pool's composition against them.
// Pure: used by the setup form, the setQuotas command, the live composition
// view and the selection job.
import { writeCsv } from "#app/lib/csv.ts";
import type { Instance, Quota } from "./sortition/instance.ts";

/** A stored quota row: explicit min/max, or a population share with a tolerance (people). */
export interface QuotaRow {
  readonly category: string;
  readonly feature: string;
  readonly min: number | null;
  readonly max: number | null;
  readonly populationShare: number | null;
  readonly tolerance: number | null;
}

/** A problem with one row (1-based `line`, as in the form and the CSV the rows came from). */
export interface QuotaIssue {
  readonly code:
    | "categoryRequired"
    | "featureRequired"
    | "duplicate"
    | "boundsInvalid"
    | "shareInvalid"
    | "noBounds"
    | "sumBelowK"
    | "sumAboveK"
    | "sizeInvalid"
    | "noQuotas";
  readonly line: number;
  readonly category?: string;
  readonly feature?: string;
  readonly value?: number;
}

/** min/max of a row for a panel of size k: explicit bounds win; else floor/ceil of share × k ∓ tolerance, clamped to [0, k]. */
export function boundsOf(row: QuotaRow, k: number): { min: number; max: number } {
  if (row.min !== null || row.max !== null) return { min: row.min ?? 0, max: row.max ?? k };
  const target = (row.populationShare ?? 0) * k;
  const tol = row.tolerance ?? 0;
  return { min: Math.max(0, Math.floor(target - tol + 1e-9)), max: Math.min(k, Math.ceil(target + tol - 1e-9)) };
}

export function resolveQuotas(rows: readonly QuotaRow[], k: number): Quota[] {
  return rows.map((r) => ({ category: r.category, feature: r.feature, ...boundsOf(r, k) }));
}

/** Every problem with the rows for a panel of size k, line by line; [] when they can be used. */
export function checkQuotaRows(rows: readonly QuotaRow[], k: number): QuotaIssue[] {
  const issues: QuotaIssue[] = [];
  if (!Number.isInteger(k) || k < 1) issues.push({ code: "sizeInvalid", line: 0, value: k });
  if (rows.length === 0) issues.push({ code: "noQuotas", line: 0 });
  const seen = new Set<string>();
  const firstLine = new Map<string, number>();
  rows.forEach((r, i) => {
    const line = i + 1;
    if (!r.category.trim()) issues.push({ code: "categoryRequired", line });
    if (!r.feature.trim()) issues.push({ code: "featureRequired", line, category: r.category });
    const id = `${r.category}\u0000${r.feature}`;
    if (seen.has(id)) issues.push({ code: "duplicate", line, category: r.category, feature: r.feature });
    seen.add(id);
    if (!firstLine.has(r.category)) firstLine.set(r.category, line);
    const explicit = r.min !== null || r.max !== null;
    if (explicit) {
      const bad = (v: number | null) => v !== null && (!Number.isInteger(v) || v < 0);
      if (bad(r.min) || bad(r.max) || (r.min !== null && r.max !== null && r.min > r.max))
        issues.push({ code: "boundsInvalid", line, category: r.category, feature: r.feature });
    } else if (r.populationShare === null) {
      issues.push({ code: "noBounds", line, category: r.category, feature: r.feature });
    } else if (
      !(r.populationShare >= 0 && r.populationShare <= 1) ||
      (r.tolerance !== null && (!Number.isInteger(r.tolerance) || r.tolerance < 0))
    ) {
      issues.push({ code: "shareInvalid", line, category: r.category, feature: r.feature });
    }
  });
  if (issues.length || k < 1) return issues;
  // Sums per category: some panel of size k must fit between the sums of minima and maxima.
  const sums = new Map<string, { min: number; max: number }>();
  for (const r of rows) {
    const b = boundsOf(r, k);
    const s = sums.get(r.category) ?? { min: 0, max: 0 };
    sums.set(r.category, { min: s.min + b.min, max: s.max + b.max });
  }
  for (const [category, s] of sums) {
    if (s.min > k) issues.push({ code: "sumAboveK", line: firstLine.get(category)!, category, value: s.min });
    if (s.max < k) issues.push({ code: "sumBelowK", line: firstLine.get(category)!, category, value: s.max });
  }
  return issues;
}

/** Categories in order of first appearance, each with its features in row order. */
export function categoriesOf(
  rows: readonly { category: string; feature: string }[],
): { category: string; features: string[] }[] {
  const out: { category: string; features: string[] }[] = [];
  for (const r of rows) {
    let c = out.find((x) => x.category === r.category);
    if (!c) out.push((c = { category: r.category, features: [] }));
    if (!c.features.includes(r.feature)) c.features.push(r.feature);
  }
  return out;
}

/** A profile's problems against the categories: a missing answer or a feature not offered. */
export function profileIssues(
  rows: readonly { category: string; feature: string }[],
  profile: Readonly<Record<string, string>>,
): { category: string; code: "missing" | "unknown" }[] {
  return categoriesOf(rows).flatMap(({ category, features }): { category: string; code: "missing" | "unknown" }[] => {
    const v = profile[category];
    if (v === undefined || v === "") return [{ category, code: "missing" as const }];
    return features.includes(v) ? [] : [{ category, code: "unknown" as const }];
  });
}

export type CellStatus = "short" | "ok";
export interface CompositionCell {
  readonly category: string;
  readonly feature: string;
  readonly min: number;
  readonly max: number;
  /** Pool members with the feature. */
  readonly pool: number;
  /** Pool share with the feature (0..1; 0 for an empty pool). */
  readonly share: number;
  readonly populationShare: number | null;
  /** "short": fewer volunteers than the quota's minimum, so no panel can meet it yet. */
  readonly status: CellStatus;
}

/** The pool against the quotas (counts per feature), for the live recruitment view. */
export function composition(
  rows: readonly QuotaRow[],
  k: number,
  profiles: readonly Readonly<Record<string, string>>[],
): CompositionCell[] {
  const n = profiles.length;
  return rows.map((r) => {
    const b = boundsOf(r, k);
    const pool = profiles.filter((p) => p[r.category] === r.feature).length;
    return {
      category: r.category,
      feature: r.feature,
      ...b,
      pool,
      share: n ? pool / n : 0,
      populationShare: r.populationShare,
      status: pool < b.min ? "short" : "ok",
    };
  });
}

/** The composition with counts under `anonymity` (but above 0) suppressed, for public pages. */
export function anonymised<T extends { pool: number }>(
  cells: readonly T[],
  anonymity: number,
): (Omit<T, "pool"> & { pool: number | null })[] {
  return cells.map((c) => ({ ...c, pool: c.pool > 0 && c.pool < anonymity ? null : c.pool }));
}

/** The sortition instance of a pool (row order = the order of `profiles`). */
export function instanceOf(
  rows: readonly QuotaRow[],
  k: number,
  profiles: readonly Readonly<Record<string, string>>[],
): Instance {
  const cats = categoriesOf(rows).map((c) => c.category);
  return {
    k,
    quotas: resolveQuotas(rows, k),
    people: profiles.map((p) => Object.fromEntries(cats.map((c) => [c, p[c] ?? ""]))),
  };
}

/** categories.csv and respondents.csv of a pool, in the format `medvirk panel draw` reads. */
export function instanceFiles(instance: Instance): { categories: string; respondents: string } {
  const cats = [...new Set(instance.quotas.map((x) => x.category))];
  // Read by `medvirk panel draw`, not by people: no formula guard, which would change feature values such as "-30".
  const opts = { guard: false, eol: "\n" } as const;
  const categories = writeCsv(
    [["category", "feature", "min", "max"], ...instance.quotas.map((x) => [x.category, x.feature, x.min, x.max])],
    opts,
  );
  const respondents = writeCsv([cats, ...instance.people.map((p) => cats.map((c) => p[c] ?? ""))], opts);
  return { categories, respondents };
}
