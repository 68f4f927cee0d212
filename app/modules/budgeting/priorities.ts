// Budget priorities for the ordinary budget (issue 8, asked for by Vadsø):
// residents see this year's amount per sector and move money between sectors
// within limits; the allocation must balance (spend exactly what is there,
// counting any revenue changes they choose). Pure: one check used by the
// page, the command and the aggregate; plain-language consequences; the
// aggregate (median, quartiles, who wants more or less, by area and age band,
// weighted to the population like panel results by raking).
//
// Money is bigint whole currency units in the checks (exact balance). The
// aggregate works in doubles: it reports medians and shares, where a
// rounding error below one krone changes nothing a reader sees.
import { rake, type Margins } from "#app/modules/panels/raking.ts";

export type Sector = {
  readonly key: string;
  readonly name: string;
  /** This year's amount. */
  readonly amount: bigint;
  /** The least and most a resident may give the sector. */
  readonly min: bigint;
  readonly max: bigint;
  /** Plain-language consequence of less / more money than this year. */
  readonly less?: string;
  readonly more?: string;
};

/** A revenue change a resident may choose (e.g. property tax up: +3 000 000 kr to spend; a fee cut: −500 000 kr). */
export type RevenueOption = {
  readonly key: string;
  readonly name: string;
  readonly delta: bigint;
  readonly consequence?: string;
};

export type PrioritiesSpec = { readonly sectors: readonly Sector[]; readonly revenue: readonly RevenueOption[] };

export type Allocation = { readonly amounts: Readonly<Record<string, bigint>>; readonly revenue: readonly string[] };

export type AllocationError =
  | { readonly code: "missing-sector"; readonly sector: string }
  | { readonly code: "unknown-sector"; readonly sector: string }
  | { readonly code: "below-min"; readonly sector: string; readonly min: bigint; readonly amount: bigint }
  | { readonly code: "above-max"; readonly sector: string; readonly max: bigint; readonly amount: bigint }
  | { readonly code: "unknown-revenue"; readonly revenue: string }
  | { readonly code: "over-spent"; readonly spent: bigint; readonly available: bigint; readonly difference: bigint }
  | { readonly code: "under-spent"; readonly spent: bigint; readonly available: bigint; readonly difference: bigint };

/** Checks the sectors themselves (for staff): unique keys, min ≤ amount ≤ max, at least two sectors. */
export function checkSpec(spec: PrioritiesSpec): string | null {
  if (spec.sectors.length < 2) return "errors.prioritiesSectors";
  const keys = new Set<string>();
  for (const s of spec.sectors) {
    if (!/^[a-z0-9-]{1,40}$/.test(s.key) || keys.has(s.key) || !s.name.trim()) return "errors.prioritiesSectors";
    keys.add(s.key);
    if (s.min < 0n || s.min > s.amount || s.amount > s.max) return "errors.prioritiesLimits";
  }
  for (const r of spec.revenue) {
    if (!/^[a-z0-9-]{1,40}$/.test(r.key) || keys.has(r.key) || !r.name.trim()) return "errors.prioritiesSectors";
    keys.add(r.key);
  }
  return null;
}

/** This year's total: what a balanced allocation spends when no revenue change is chosen. */
export const baseTotal = (spec: PrioritiesSpec): bigint => spec.sectors.reduce((s, x) => s + x.amount, 0n);

/** The running total: spent, available (base total + chosen revenue changes), and spent − available. */
export function balance(spec: PrioritiesSpec, a: Allocation): { spent: bigint; available: bigint; difference: bigint } {
  const spent = spec.sectors.reduce((s, x) => s + (a.amounts[x.key] ?? 0n), 0n);
  const available =
    baseTotal(spec) + spec.revenue.filter((r) => a.revenue.includes(r.key)).reduce((s, r) => s + r.delta, 0n);
  return { spent, available, difference: spent - available };
}

/** The one check of an allocation: every sector given, within its limits, revenue options known, balanced. */
export function validateAllocation(
  spec: PrioritiesSpec,
  a: Allocation,
): { ok: true; normalized: Allocation } | { ok: false; errors: AllocationError[] } {
  const errors: AllocationError[] = [];
  const known = new Set(spec.sectors.map((s) => s.key));
  for (const k of Object.keys(a.amounts)) if (!known.has(k)) errors.push({ code: "unknown-sector", sector: k });
  for (const s of spec.sectors) {
    const v = a.amounts[s.key];
    if (v === undefined) errors.push({ code: "missing-sector", sector: s.key });
    else if (v < s.min) errors.push({ code: "below-min", sector: s.key, min: s.min, amount: v });
    else if (v > s.max) errors.push({ code: "above-max", sector: s.key, max: s.max, amount: v });
  }
  const revenueKeys = new Set(spec.revenue.map((r) => r.key));
  for (const r of a.revenue) if (!revenueKeys.has(r)) errors.push({ code: "unknown-revenue", revenue: r });
  if (!errors.length) {
    const b = balance(spec, a);
    if (b.difference > 0n) errors.push({ code: "over-spent", ...b });
    if (b.difference < 0n) errors.push({ code: "under-spent", ...b });
  }
  if (errors.length) return { ok: false, errors };
  const revenue = spec.revenue.filter((r) => a.revenue.includes(r.key)).map((r) => r.key);
  return {
    ok: true,
    normalized: { amounts: Object.fromEntries(spec.sectors.map((s) => [s.key, a.amounts[s.key]!])), revenue },
  };
}

/** Whole currency units from a form field ("1 250 000", "1250000"); null when not a whole number ≥ 0. */
export function parseAmount(raw: string): bigint | null {
  const v = raw.replace(/[\s\u00a0.]/g, "");
  return /^\d{1,15}$/.test(v) ? BigInt(v) : null;
}

export type Consequence = { key: string; change: bigint; direction: "less" | "same" | "more"; text: string | null };

/** What each sector's change means, in the sector's own words. */
export function consequences(spec: PrioritiesSpec, a: Allocation): Consequence[] {
  return spec.sectors.map((s) => {
    const change = (a.amounts[s.key] ?? s.amount) - s.amount;
    const direction = change < 0n ? "less" : change > 0n ? "more" : "same";
    return {
      key: s.key,
      change,
      direction,
      text: direction === "less" ? (s.less ?? null) : direction === "more" ? (s.more ?? null) : null,
    };
  });
}

// ---------------------------------------------------------------------------
// Aggregate

export type Response = { readonly allocation: Allocation; readonly profile: Readonly<Record<string, string>> };

export type Summary = {
  /** Weighted median, lower and upper quartile of the amounts given. */
  median: number;
  q1: number;
  q3: number;
  mean: number;
  /** Weighted share of respondents who gave more / less than this year. */
  more: number;
  less: number;
  count: number;
};

export type SectorAggregate = Summary & { key: string; base: number; byGroup: Record<string, Record<string, Summary>> };

export type PrioritiesAggregate = {
  respondents: number;
  weighted: boolean;
  effectiveSize: number;
  skipped: string[];
  sectors: SectorAggregate[];
  /** Weighted share choosing each revenue option. */
  revenue: { key: string; share: number; count: number }[];
};

/** The weighted quantile q of values (type-1: the smallest value whose cumulative weight reaches q of the total). */
export function weightedQuantile(values: readonly number[], weights: readonly number[], q: number): number {
  const idx = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);
  const total = weights.reduce((s, w) => s + w, 0);
  if (!idx.length || total <= 0) return 0;
  let acc = 0;
  for (const i of idx) {
    acc += weights[i]!;
    if (acc >= q * total - 1e-9 * total) return values[i]!;
  }
  return values[idx[idx.length - 1]!]!;
}

function summary(values: readonly number[], weights: readonly number[], base: number): Summary {
  const total = weights.reduce((s, w) => s + w, 0);
  const share = (pred: (v: number) => boolean) =>
    total > 0 ? values.reduce((s, v, i) => s + (pred(v) ? weights[i]! : 0), 0) / total : 0;
  return {
    median: weightedQuantile(values, weights, 0.5),
    q1: weightedQuantile(values, weights, 0.25),
    q3: weightedQuantile(values, weights, 0.75),
    mean: total > 0 ? values.reduce((s, v, i) => s + v * weights[i]!, 0) / total : 0,
    more: share((v) => v > base),
    less: share((v) => v < base),
    count: values.length,
  };
}

/**
 * Aggregates responses. With population margins (e.g. `{ area: {...}, ageBand: {...} }`, counts per
 * feature) the respondents are weighted by raking, as panel results are; without, every response
 * weighs 1. Groups (`groupBy`, default area and ageBand) are summarised with the same weights.
 */
export function aggregate(
  spec: PrioritiesSpec,
  responses: readonly Response[],
  opts: { margins?: Margins; groupBy?: readonly string[] } = {},
): PrioritiesAggregate {
  const n = responses.length;
  let weights = new Array<number>(n).fill(1);
  let effectiveSize = n;
  let skipped: string[] = [];
  let weighted = false;
  if (opts.margins && n) {
    const r = rake(
      responses.map((x) => x.profile),
      opts.margins,
    );
    weights = r.weights;
    effectiveSize = r.effectiveSize;
    skipped = r.skipped.map((s) => s.category);
    weighted = r.used.length > 0;
  }
  const groupBy = opts.groupBy ?? ["area", "ageBand"];
  const sectors = spec.sectors.map((s) => {
    const base = Number(s.amount);
    const values = responses.map((x) => Number(x.allocation.amounts[s.key] ?? s.amount));
    const byGroup: Record<string, Record<string, Summary>> = {};
    for (const g of groupBy) {
      const features = [...new Set(responses.map((x) => x.profile[g]).filter((v): v is string => !!v))].sort();
      if (!features.length) continue;
      byGroup[g] = {};
      for (const f of features) {
        const at = responses.map((x, i) => (x.profile[g] === f ? i : -1)).filter((i) => i >= 0);
        byGroup[g]![f] = summary(
          at.map((i) => values[i]!),
          at.map((i) => weights[i]!),
          base,
        );
      }
    }
    return { key: s.key, base, ...summary(values, weights, base), byGroup };
  });
  const total = weights.reduce((s, w) => s + w, 0);
  const revenue = spec.revenue.map((r) => {
    const chose = responses.map((x, i) => (x.allocation.revenue.includes(r.key) ? weights[i]! : 0));
    return {
      key: r.key,
      share: total > 0 ? chose.reduce((s, w) => s + w, 0) / total : 0,
      count: responses.filter((x) => x.allocation.revenue.includes(r.key)).length,
    };
  });
  return { respondents: n, weighted, effectiveSize, skipped, sectors, revenue };
}

/** The age bands residents may choose on the form (optional). */
export const AGE_BANDS = ["under-18", "18-29", "30-44", "45-59", "60-74", "75+"] as const;

/** The age band of an age (the bands residents choose from on the form). */
export function ageBand(age: number): string {
  if (age < 18) return "under-18";
  if (age < 30) return "18-29";
  if (age < 45) return "30-44";
  if (age < 60) return "45-59";
  if (age < 75) return "60-74";
  return "75+";
}
