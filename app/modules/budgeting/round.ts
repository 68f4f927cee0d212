// Pure helpers between a stored round and the pure ballot/tally modules.
import type { Ballot, BallotRules } from "./rules.ts";
import type { TallySpec } from "./tally.ts";
import type { TieBreakCriterion } from "./tiebreak.ts";

export const PHASE_ORDER = ["draft", "proposals", "review", "voting", "result", "implementation", "closed"] as const;
export type Phase = (typeof PHASE_ORDER)[number];

export type StoredBallotRules =
  | { kind: "approval"; minProjects?: number; maxProjects?: number }
  | { kind: "knapsack"; minProjects?: number }
  | { kind: "cumulative"; points: number; maxPerProject?: number; useAll?: boolean }
  | { kind: "ranking"; maxRanked: number; minRanked?: number };

export type StoredTally = {
  rule: "greedy" | "mes";
  completion?: "none" | "add1" | "add1-exhaustive";
  comparison?: "none" | "satisfaction" | "exclusion";
  threshold?: number;
  tieBreak?: string[];
};

export type StoredRules = { ballot: StoredBallotRules; tally: StoredTally };

/** The ballot rules of one area (or the whole round): a knapsack ballot's limit is that budget. */
export function ballotRulesOf(stored: StoredBallotRules, budget: bigint): BallotRules {
  if (stored.kind === "knapsack") return { kind: "knapsack", budget, minProjects: stored.minProjects };
  return stored;
}

const TIE_CRITERIA: readonly TieBreakCriterion[] = ["id", "input-order", "max-votes", "min-cost", "max-cost"];

export function tallySpecOf(t: StoredTally): TallySpec {
  const tieBreak = (t.tieBreak ?? ["id"]).filter((c): c is TieBreakCriterion =>
    (TIE_CRITERIA as readonly string[]).includes(c),
  );
  if (t.rule === "greedy") return { rule: "greedy", options: { threshold: t.threshold, tieBreak } };
  return { rule: "mes", options: { completion: t.completion ?? "add1", comparison: t.comparison ?? "none", tieBreak } };
}

/** A voter may move a phase only forward, one or more steps (never back: rules and ballots stay as they were). */
export function canMovePhase(from: Phase, to: Phase): boolean {
  return PHASE_ORDER.indexOf(to) > PHASE_ORDER.indexOf(from);
}

/** Whether the ballot rules may still change: only before voting opens. */
export function rulesFrozen(phase: Phase): boolean {
  return PHASE_ORDER.indexOf(phase) >= PHASE_ORDER.indexOf("voting");
}

/** Validates stored rules from staff input; returns an error code or null. */
export function checkStoredRules(r: StoredRules): string | null {
  const b = r.ballot;
  const nonNeg = (v: number | undefined) => v === undefined || (Number.isSafeInteger(v) && v >= 0);
  if (b.kind === "approval") {
    if (!nonNeg(b.minProjects) || !nonNeg(b.maxProjects)) return "errors.rulesInvalid";
    if (b.maxProjects !== undefined && b.minProjects !== undefined && b.minProjects > b.maxProjects)
      return "errors.rulesInvalid";
  } else if (b.kind === "knapsack") {
    if (!nonNeg(b.minProjects)) return "errors.rulesInvalid";
  } else if (b.kind === "cumulative") {
    if (!Number.isSafeInteger(b.points) || b.points < 1 || !nonNeg(b.maxPerProject)) return "errors.rulesInvalid";
  } else if (b.kind === "ranking") {
    if (!Number.isSafeInteger(b.maxRanked) || b.maxRanked < 1 || !nonNeg(b.minRanked)) return "errors.rulesInvalid";
  } else return "errors.rulesInvalid";
  if (r.tally.rule !== "greedy" && r.tally.rule !== "mes") return "errors.rulesInvalid";
  return null;
}

/** Reads a ballot from form fields: `project` (repeated) or, for cumulative, `points.<code>`; for ranking, `rank.<n>`. */
export function ballotFromForm(
  kind: StoredBallotRules["kind"],
  form: URLSearchParams | FormData,
  codes: readonly string[],
): Ballot {
  const get = (k: string) => {
    const v = form.get(k);
    return typeof v === "string" ? v.trim() : "";
  };
  if (kind === "cumulative") {
    const projects: string[] = [];
    const points: number[] = [];
    for (const c of codes) {
      const raw = get(`points.${c}`);
      if (raw === "") continue;
      const p = /^\d{1,6}$/.test(raw) ? Number(raw) : -1;
      if (p === 0) continue;
      projects.push(c);
      points.push(p);
    }
    return { projects, points };
  }
  if (kind === "ranking") {
    const projects: string[] = [];
    for (let r = 1; r <= codes.length; r++) {
      const c = get(`rank.${r}`);
      if (c) projects.push(c);
    }
    return { projects };
  }
  const projects = form.getAll("project").filter((v): v is string => typeof v === "string");
  return { projects };
}

/** A receipt code: 10 characters from an alphabet without look-alikes, as XXXXX-XXXXX. */
export const RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
export function formatReceipt(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < 10; i++) s += RECEIPT_ALPHABET[bytes[i]! % 32];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}
export function normalizeReceipt(code: string): string {
  const s = code.toUpperCase().replace(/[^A-Z0-9]/g, "");
  return s.length === 10 ? `${s.slice(0, 5)}-${s.slice(5)}` : s;
}

/** JSON with bigints as strings and rationals kept as {n, d} strings. */
export function toJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
}
