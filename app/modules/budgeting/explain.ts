// "The cheapest way it could have won": for each project a rule did not
// select, the highest cost at which the same rule on the same ballots would
// have selected it. Pure. See README.md (Explanations).
import type { Election } from "./election.ts";
import { type TallyResult, type TallySpec, tally } from "./tally.ts";

export type CheapestWin =
  /** It would have won at any cost up to `maxCost` (money units); it costs `cost`. */
  | { readonly kind: "cheaper"; readonly maxCost: bigint; readonly cost: bigint }
  /** Not even a cost of 1 money unit would have made it win. */
  | { readonly kind: "none"; readonly cost: bigint };

/** Elections larger than this (ballots × projects) are not explained this way (each step reruns the rule). */
export const EXPLAIN_LIMIT = 2_000_000;

/** Whether project `j` is selected when its cost is `cost`. */
function winsAt(e: Election, spec: TallySpec, j: number, cost: bigint): boolean {
  const projects = e.projects.map((p, k) => (k === j ? { ...p, cost } : p));
  return tally({ ...e, projects }, spec).selected.includes(e.projects[j]!.id);
}

export function cheapestWin(e: Election, spec: TallySpec, projectId: string): CheapestWin {
  const j = e.projects.findIndex((p) => p.id === projectId);
  if (j < 0) throw new Error(`unknown project "${projectId}"`);
  const cost = e.projects[j]!.cost;
  if (cost <= 1n || !winsAt(e, spec, j, 1n)) return { kind: "none", cost };
  // Invariant: wins at lo; does not win at hi (it lost at its real cost).
  let lo = 1n;
  let hi = cost;
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (winsAt(e, spec, j, mid)) lo = mid;
    else hi = mid;
  }
  return { kind: "cheaper", maxCost: lo, cost };
}

/** cheapestWin for every project the result did not select (empty above EXPLAIN_LIMIT). */
export function explainLosers(e: Election, spec: TallySpec, result: TallyResult): Record<string, CheapestWin> {
  const out: Record<string, CheapestWin> = {};
  const size = e.ballots.reduce((s, b) => s + b.projects.length, 0) * Math.max(1, e.projects.length);
  if (size > EXPLAIN_LIMIT) return out;
  for (const p of result.projects) if (!p.selected) out[p.id] = cheapestWin(e, spec, p.id);
  return out;
}
