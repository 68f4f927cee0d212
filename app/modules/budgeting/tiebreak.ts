// Tie-breaking between projects that a rule values exactly equally. Pure.
import { type Election, supportOf } from "./election.ts";

/**
 * One criterion of a tie-breaking chain. Criteria are applied in order; a
 * chain always ends, implicitly, with "id" and then the input order, so every
 * tie is resolved deterministically.
 * - "id": smaller project id first, comparing ids as strings by Unicode code
 *   point (pabutools' default `lexico_tie_breaking`, which sorts by project name)
 * - "input-order": the order of the projects in the input file
 * - "max-votes": more voters first; "min-cost" / "max-cost": cheaper / dearer first
 */
export type TieBreakCriterion = "id" | "input-order" | "max-votes" | "min-cost" | "max-cost";
export type TieBreak = readonly TieBreakCriterion[];

export const DEFAULT_TIE_BREAK: TieBreak = ["id"];

/** Compares strings by Unicode code point (like Python's str ordering). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n;) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    i += ca > 0xffff ? 2 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** rank[j] = position of project j when all projects are ordered by the chain (0 = preferred). */
export function tieBreakRanks(e: Election, chain: TieBreak = DEFAULT_TIE_BREAK): Int32Array {
  const { votes } = supportOf(e);
  const order = e.projects.map((_, j) => j);
  const cost = e.projects.map((p) => p.cost);
  const criteria: TieBreak = [...chain, "id", "input-order"];
  order.sort((a, b) => {
    for (const c of criteria) {
      let d = 0;
      if (c === "id") d = compareCodePoints(e.projects[a]!.id, e.projects[b]!.id);
      else if (c === "input-order") d = a - b;
      else if (c === "max-votes") d = votes[b]! - votes[a]!;
      else if (c === "min-cost") d = cost[a]! < cost[b]! ? -1 : cost[a]! > cost[b]! ? 1 : 0;
      else d = cost[a]! > cost[b]! ? -1 : cost[a]! < cost[b]! ? 1 : 0;
      if (d !== 0) return d;
    }
    return 0;
  });
  const rank = new Int32Array(e.projects.length);
  order.forEach((j, r) => (rank[j] = r));
  return rank;
}
