// Ballot rules for participatory budgeting: ONE pure check used by the
// ballot UI, the castBallot command and the tally (STYLE.md §3). Errors carry
// stable codes and parameters; the UI translates them.

/** What a voter may put on a ballot. */
export type BallotRules =
  | {
      /** Approve projects: between min and max of them, optionally within a cost limit. */
      readonly kind: "approval";
      readonly minProjects?: number;
      readonly maxProjects?: number;
      /** Total cost of the approved projects may not exceed this (money units). */
      readonly maxCost?: bigint;
    }
  | {
      /** Knapsack: pick projects whose total cost fits the budget. */
      readonly kind: "knapsack";
      readonly budget: bigint;
      readonly minProjects?: number;
    }
  | {
      /** Spread `points` points over projects (whole numbers > 0), at most maxPerProject each. */
      readonly kind: "cumulative";
      readonly points: number;
      readonly maxPerProject?: number;
      /** true: all points must be used. */
      readonly useAll?: boolean;
    }
  | {
      /** Rank up to `maxRanked` projects (top-K), most preferred first, no duplicates. */
      readonly kind: "ranking";
      readonly maxRanked: number;
      readonly minRanked?: number;
    };

export type BallotProject = { readonly id: string; readonly cost: bigint };

/** A ballot as cast: project ids (for ranking, most preferred first) and, for cumulative, points. */
export type Ballot = { readonly projects: readonly string[]; readonly points?: readonly number[] };

export type BallotError =
  | { readonly code: "unknown-project"; readonly project: string }
  | { readonly code: "duplicate-project"; readonly project: string }
  | { readonly code: "too-few-projects"; readonly min: number; readonly count: number }
  | { readonly code: "too-many-projects"; readonly max: number; readonly count: number }
  | { readonly code: "over-budget"; readonly limit: bigint; readonly total: bigint }
  | { readonly code: "points-not-allowed" }
  | { readonly code: "points-missing" }
  | { readonly code: "points-mismatch"; readonly projects: number; readonly points: number }
  | { readonly code: "points-invalid"; readonly project: string; readonly points: number }
  | {
      readonly code: "too-many-points-on-project";
      readonly project: string;
      readonly max: number;
      readonly points: number;
    }
  | { readonly code: "too-many-points"; readonly max: number; readonly total: number }
  | { readonly code: "too-few-points"; readonly required: number; readonly total: number };

export type BallotCheck =
  { readonly ok: true; readonly normalized: Ballot } | { readonly ok: false; readonly errors: readonly BallotError[] };

/**
 * Checks a ballot against the rules. On success `normalized` is the canonical
 * form: approval/knapsack projects in the order of `projects` (no points);
 * cumulative entries with points > 0, most points first (ties: project order);
 * ranking unchanged (its order is the preference).
 */
export function validateBallot(rules: BallotRules, projects: readonly BallotProject[], ballot: Ballot): BallotCheck {
  const errors: BallotError[] = [];
  const position = new Map(projects.map((p, i) => [p.id, i]));
  const seen = new Set<string>();
  for (const id of ballot.projects) {
    if (!position.has(id)) errors.push({ code: "unknown-project", project: id });
    else if (seen.has(id)) errors.push({ code: "duplicate-project", project: id });
    seen.add(id);
  }
  const count = ballot.projects.length;
  const totals = ballotTotals(rules, projects, ballot);
  const byPosition = (a: string, b: string) => (position.get(a) ?? 0) - (position.get(b) ?? 0);

  switch (rules.kind) {
    case "approval":
    case "knapsack": {
      if (ballot.points !== undefined) errors.push({ code: "points-not-allowed" });
      const min = rules.minProjects ?? 0;
      if (count < min) errors.push({ code: "too-few-projects", min, count });
      if (rules.kind === "approval" && rules.maxProjects !== undefined && count > rules.maxProjects) {
        errors.push({ code: "too-many-projects", max: rules.maxProjects, count });
      }
      const limit = rules.kind === "knapsack" ? rules.budget : rules.maxCost;
      if (limit !== undefined && totals.cost > limit) errors.push({ code: "over-budget", limit, total: totals.cost });
      if (errors.length) return { ok: false, errors };
      return { ok: true, normalized: { projects: [...ballot.projects].sort(byPosition) } };
    }
    case "cumulative": {
      const points = ballot.points;
      if (points === undefined) {
        errors.push({ code: "points-missing" });
        return { ok: false, errors };
      }
      if (points.length !== count) {
        errors.push({ code: "points-mismatch", projects: count, points: points.length });
        return { ok: false, errors };
      }
      ballot.projects.forEach((id, k) => {
        const p = points[k]!;
        if (!Number.isSafeInteger(p) || p < 0) errors.push({ code: "points-invalid", project: id, points: p });
        else if (rules.maxPerProject !== undefined && p > rules.maxPerProject) {
          errors.push({ code: "too-many-points-on-project", project: id, max: rules.maxPerProject, points: p });
        }
      });
      if (totals.points > rules.points)
        errors.push({ code: "too-many-points", max: rules.points, total: totals.points });
      if (rules.useAll && totals.points < rules.points) {
        errors.push({ code: "too-few-points", required: rules.points, total: totals.points });
      }
      if (errors.length) return { ok: false, errors };
      const entries = ballot.projects.map((id, k) => ({ id, p: points[k]! })).filter((x) => x.p > 0);
      entries.sort((a, b) => b.p - a.p || byPosition(a.id, b.id));
      return { ok: true, normalized: { projects: entries.map((x) => x.id), points: entries.map((x) => x.p) } };
    }
    case "ranking": {
      if (ballot.points !== undefined) errors.push({ code: "points-not-allowed" });
      const min = rules.minRanked ?? 0;
      if (count < min) errors.push({ code: "too-few-projects", min, count });
      if (count > rules.maxRanked) errors.push({ code: "too-many-projects", max: rules.maxRanked, count });
      if (errors.length) return { ok: false, errors };
      return { ok: true, normalized: { projects: [...ballot.projects] } };
    }
  }
}

export type BallotTotals = {
  /** Projects on the ballot (known, counted once). */
  readonly count: number;
  /** Their total cost, money units. */
  readonly cost: bigint;
  /** Points used (cumulative; 0 otherwise). */
  readonly points: number;
  /** Money left under the ballot's cost limit, if it has one (may be negative). */
  readonly budgetLeft: bigint | null;
  /** Points left to spread (cumulative), may be negative. */
  readonly pointsLeft: number | null;
};

/**
 * Running totals for a ballot being filled in (the UI shows them as the voter
 * clicks). Tolerant: unknown or repeated projects are ignored, bad points count as 0.
 */
export function ballotTotals(rules: BallotRules, projects: readonly BallotProject[], ballot: Ballot): BallotTotals {
  const costOf = new Map(projects.map((p) => [p.id, p.cost]));
  const seen = new Set<string>();
  let cost = 0n;
  let points = 0;
  ballot.projects.forEach((id, k) => {
    const c = costOf.get(id);
    if (c === undefined || seen.has(id)) return;
    seen.add(id);
    cost += c;
    const p = ballot.points?.[k];
    if (p !== undefined && Number.isSafeInteger(p) && p > 0) points += p;
  });
  const limit = rules.kind === "knapsack" ? rules.budget : rules.kind === "approval" ? (rules.maxCost ?? null) : null;
  return {
    count: seen.size,
    cost,
    points,
    budgetLeft: limit === null ? null : limit - cost,
    pointsLeft: rules.kind === "cumulative" ? rules.points - points : null,
  };
}
