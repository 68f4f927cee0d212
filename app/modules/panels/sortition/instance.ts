// The input of a draw (a pool, quotas, a panel size) and its compiled form.
//
// People who share every feature are interchangeable for every rule in this
// module, so the compiled model groups them into "types"; algorithms work on
// type counts and only the final step picks concrete people.

/** Inclusive bounds on how many selected people have `feature` in `category`. */
export interface Quota {
  readonly category: string;
  readonly feature: string;
  readonly min: number;
  readonly max: number;
}

export interface Instance {
  /** Panel size. */
  readonly k: number;
  /** One row per (category, feature); categories are taken in order of first appearance. */
  readonly quotas: readonly Quota[];
  /** One record per pool member (category → feature); the array index is the person's id. */
  readonly people: readonly Readonly<Record<string, string>>[];
}

export interface Feature {
  readonly category: string;
  readonly feature: string;
  readonly min: number;
  readonly max: number;
  readonly categoryIndex: number;
  /** Number of pool members having this feature. */
  readonly available: number;
}

export interface PersonType {
  /** Feature index per category. */
  readonly features: readonly number[];
  /** Pool members of this type, ascending. */
  readonly members: readonly number[];
}

export interface Model {
  readonly n: number;
  readonly k: number;
  readonly categories: readonly string[];
  readonly features: readonly Feature[];
  /** featuresOf[i][c] = index (into `features`) of person i's feature in category c. */
  readonly featuresOf: readonly (readonly number[])[];
  /** Groups of identical people in order of their first member (singletons when reduceTypes is false). */
  readonly types: readonly PersonType[];
  readonly typeOf: readonly number[];
}

export interface InputIssue {
  readonly code:
    "bad-k" | "bad-quota" | "duplicate-quota" | "missing-value" | "unknown-feature" | "k-exceeds-pool" | "no-quotas";
  readonly message: string;
  /** Index into `quotas` when the issue is about a quota row. */
  readonly quota?: number;
  /** Person index when the issue is about a pool member. */
  readonly person?: number;
}

export class SortitionInputError extends Error {
  readonly issues: readonly InputIssue[];
  constructor(issues: readonly InputIssue[]) {
    super(issues.map((i) => i.message).join("; "));
    this.name = "SortitionInputError";
    this.issues = issues;
  }
}

const isCount = (x: number) => Number.isInteger(x) && x >= 0;

/** Structural problems that make the input meaningless (not quota conflicts; see infeasibility.ts). */
export function validateInstance(instance: Instance): InputIssue[] {
  const issues: InputIssue[] = [];
  if (!Number.isInteger(instance.k) || instance.k < 1) {
    issues.push({ code: "bad-k", message: `panel size k must be a positive integer, got ${instance.k}` });
  }
  if (instance.quotas.length === 0) issues.push({ code: "no-quotas", message: "no quotas given" });
  const seen = new Map<string, number>();
  const known = new Map<string, Set<string>>();
  instance.quotas.forEach((q, i) => {
    if (!isCount(q.min) || !isCount(q.max)) {
      issues.push({
        code: "bad-quota",
        quota: i,
        message: `quota ${q.category}/${q.feature}: min and max must be non-negative integers`,
      });
    } else if (q.min > q.max) {
      issues.push({
        code: "bad-quota",
        quota: i,
        message: `quota ${q.category}/${q.feature}: min ${q.min} is larger than max ${q.max}`,
      });
    }
    const key = JSON.stringify([q.category, q.feature]);
    if (seen.has(key)) {
      issues.push({ code: "duplicate-quota", quota: i, message: `quota ${q.category}/${q.feature} is given twice` });
    }
    seen.set(key, i);
    let set = known.get(q.category);
    if (!set) known.set(q.category, (set = new Set()));
    set.add(q.feature);
  });
  instance.people.forEach((p, i) => {
    for (const [category, features] of known) {
      const v = p[category];
      if (v === undefined) {
        issues.push({ code: "missing-value", person: i, message: `person ${i} has no value for category ${category}` });
      } else if (!features.has(v)) {
        issues.push({
          code: "unknown-feature",
          person: i,
          message: `person ${i} has ${category}=${v}, which has no quota`,
        });
      }
    }
  });
  if (Number.isInteger(instance.k) && instance.k > instance.people.length) {
    issues.push({
      code: "k-exceeds-pool",
      message: `panel size k=${instance.k} is larger than the pool (${instance.people.length} people)`,
    });
  }
  return issues;
}

export interface CompileOptions {
  /** Group identical people into types (default true). False gives one type per person. */
  readonly reduceTypes?: boolean;
}

/** Validates and compiles an instance; throws SortitionInputError on structural problems. */
export function compile(instance: Instance, options: CompileOptions = {}): Model {
  const issues = validateInstance(instance);
  if (issues.length > 0) throw new SortitionInputError(issues);
  const reduce = options.reduceTypes ?? true;

  const categories: string[] = [];
  const featureIndex = new Map<string, Map<string, number>>();
  const raw: { category: string; feature: string; min: number; max: number; categoryIndex: number }[] = [];
  for (const q of instance.quotas) {
    let byFeature = featureIndex.get(q.category);
    if (!byFeature) {
      byFeature = new Map();
      featureIndex.set(q.category, byFeature);
      categories.push(q.category);
    }
    byFeature.set(q.feature, raw.length);
    raw.push({
      category: q.category,
      feature: q.feature,
      min: q.min,
      max: q.max,
      categoryIndex: categories.length - 1,
    });
  }
  const available = new Array<number>(raw.length).fill(0);
  const featuresOf = instance.people.map((p) =>
    categories.map((c) => {
      const f = featureIndex.get(c)?.get(p[c] ?? "");
      if (f === undefined) throw new Error("unreachable: validated above");
      available[f] = (available[f] ?? 0) + 1;
      return f;
    }),
  );
  const features: Feature[] = raw.map((f, i) => ({ ...f, available: available[i] ?? 0 }));

  const types: { features: number[]; members: number[] }[] = [];
  const typeOf: number[] = [];
  const byKey = new Map<string, number>();
  featuresOf.forEach((fs, i) => {
    const key = reduce ? fs.join(",") : String(i);
    let t = byKey.get(key);
    if (t === undefined) {
      t = types.length;
      byKey.set(key, t);
      types.push({ features: fs, members: [] });
    }
    types[t]?.members.push(i);
    typeOf.push(t);
  });

  return { n: instance.people.length, k: instance.k, categories, features, featuresOf, types, typeOf };
}

export interface Violation {
  readonly feature: number;
  readonly category: string;
  readonly value: string;
  readonly count: number;
  readonly min: number;
  readonly max: number;
}

/** Count of selected people per feature. */
export function featureCounts(model: Model, panel: readonly number[]): number[] {
  const counts = new Array<number>(model.features.length).fill(0);
  for (const i of panel) {
    for (const f of model.featuresOf[i] ?? []) counts[f] = (counts[f] ?? 0) + 1;
  }
  return counts;
}

/** Quota violations of a feature-count vector. */
export function violationsOf(model: Model, counts: readonly number[]): Violation[] {
  const out: Violation[] = [];
  model.features.forEach((f, i) => {
    const c = counts[i] ?? 0;
    if (c < f.min || c > f.max)
      out.push({ feature: i, category: f.category, value: f.feature, count: c, min: f.min, max: f.max });
  });
  return out;
}

/** Total amount by which counts miss their quotas (0 when all quotas hold). */
export function violationAmount(model: Model, counts: readonly number[]): number {
  let total = 0;
  model.features.forEach((f, i) => {
    const c = counts[i] ?? 0;
    if (c < f.min) total += f.min - c;
    if (c > f.max) total += c - f.max;
  });
  return total;
}

export interface PanelCheck {
  readonly ok: boolean;
  readonly problems: readonly string[];
  readonly violations: readonly Violation[];
}

/** Is `panel` a set of exactly k distinct pool members meeting every quota? */
export function checkPanel(model: Model, panel: readonly number[]): PanelCheck {
  const problems: string[] = [];
  if (panel.length !== model.k) problems.push(`panel has ${panel.length} members, expected ${model.k}`);
  const seen = new Set<number>();
  for (const i of panel) {
    if (!Number.isInteger(i) || i < 0 || i >= model.n) problems.push(`${i} is not a pool member`);
    else if (seen.has(i)) problems.push(`person ${i} appears twice`);
    seen.add(i);
  }
  const violations = problems.length ? [] : violationsOf(model, featureCounts(model, panel));
  for (const v of violations) problems.push(`${v.category}/${v.value}: ${v.count} selected, quota ${v.min}..${v.max}`);
  return { ok: problems.length === 0, problems, violations };
}

/** Feature counts of a composition (people per type). */
export function compositionFeatureCounts(model: Model, counts: readonly number[]): number[] {
  const out = new Array<number>(model.features.length).fill(0);
  model.types.forEach((t, ti) => {
    const c = counts[ti] ?? 0;
    if (c) for (const f of t.features) out[f] = (out[f] ?? 0) + c;
  });
  return out;
}

/** Does a composition (people per type) describe valid panels? */
export function compositionIsValid(model: Model, counts: readonly number[]): boolean {
  let size = 0;
  for (let t = 0; t < model.types.length; t++) {
    const c = counts[t] ?? 0;
    if (!Number.isInteger(c) || c < 0 || c > (model.types[t]?.members.length ?? 0)) return false;
    size += c;
  }
  return size === model.k && violationAmount(model, compositionFeatureCounts(model, counts)) === 0;
}
