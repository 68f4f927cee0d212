// Two more rules, used as references in tests and analysis (not offered to
// municipalities as the official rule): the welfare-maximising budget and
// Phragmén's sequential rule. Both exact. Pure.
import type { Election } from "./election.ts";
import { type Rational, cmp, add, rat } from "./exact.ts";
import { DEFAULT_TIE_BREAK, type TieBreak, tieBreakRanks } from "./tiebreak.ts";

/**
 * A budget allocation with the largest total utility among all that fit the
 * budget. Utility of a project: its score (approvals / points) × its cost
 * ("cost") or its score alone ("points"). Exact branch and bound; the running
 * time can grow exponentially with the number of projects, so use it on small
 * instances. Returns project indices.
 */
export function maxWelfare(e: Election, o: { utility: "cost" | "points"; preselected?: readonly number[] }): number[] {
  const pre = new Set(o.preselected ?? []);
  const score = new Array<bigint>(e.projects.length).fill(0n);
  for (const b of e.ballots) b.projects.forEach((j, k) => (score[j]! += BigInt(b.points ? b.points[k]! : 1)));
  const items = e.projects
    .map((p, j) => ({ j, cost: p.cost, value: o.utility === "cost" ? score[j]! * p.cost : score[j]! }))
    .filter((x) => !pre.has(x.j));
  let cap = e.budget;
  for (const j of pre) cap -= e.projects[j]!.cost;
  // Free projects with value are always worth taking.
  const free = items.filter((x) => x.cost === 0n && x.value > 0n).map((x) => x.j);
  const rest = items.filter((x) => x.cost > 0n && x.value > 0n);
  // Highest value per cost first (exact comparison), which makes the fractional bound tight.
  rest.sort((a, b) => {
    const l = a.value * b.cost;
    const r = b.value * a.cost;
    return l > r ? -1 : l < r ? 1 : a.j - b.j;
  });
  let best = -1n;
  let bestSet: number[] = [];
  const chosen: number[] = [];
  const search = (i: number, left: bigint, value: bigint) => {
    if (value > best) {
      best = value;
      bestSet = [...chosen];
    }
    if (i >= rest.length) return;
    // Fractional (LP) bound: value + fill the rest greedily, the last item in part.
    let boundNum = value;
    let boundDen = 1n;
    let room = left;
    for (let k = i; k < rest.length; k++) {
      const it = rest[k]!;
      if (it.cost <= room) {
        room -= it.cost;
        boundNum += it.value;
      } else {
        boundNum = boundNum * it.cost + it.value * room;
        boundDen = it.cost;
        break;
      }
    }
    if (boundNum <= best * boundDen) return;
    const it = rest[i]!;
    if (it.cost <= left) {
      chosen.push(it.j);
      search(i + 1, left - it.cost, value + it.value);
      chosen.pop();
    }
    search(i + 1, left, value);
  };
  if (cap >= 0n) search(0, cap, 0n);
  return [...pre, ...free, ...bestSet];
}

/**
 * Phragmén's sequential rule (approval ballots). Buying a project puts a load
 * on its supporters; each round buys the project whose supporters would end
 * with the smallest equal load, (cost + their current loads) / their number.
 * Stops when that project no longer fits the budget. Returns project indices.
 */
export function sequentialPhragmen(
  e: Election,
  o: { tieBreak?: TieBreak; preselected?: readonly number[] } = {},
): number[] {
  const rank = tieBreakRanks(e, o.tieBreak ?? DEFAULT_TIE_BREAK);
  const pre = o.preselected ?? [];
  const supporters: number[][] = e.projects.map(() => []);
  e.ballots.forEach((b, i) => b.projects.forEach((j) => supporters[j]!.push(i)));
  const load: Rational[] = e.ballots.map(() => rat(0n));
  const selected = [...pre];
  let spent = 0n;
  for (const j of pre) spent += e.projects[j]!.cost;
  const open = new Set(e.projects.map((_, j) => j).filter((j) => !pre.includes(j) && supporters[j]!.length > 0));
  for (;;) {
    let best = -1;
    let bestLoad: Rational | null = null;
    for (const j of open) {
      let total = rat(e.projects[j]!.cost);
      for (const i of supporters[j]!) total = add(total, load[i]!);
      const l = rat(total.n, total.d * BigInt(supporters[j]!.length));
      const c = bestLoad === null ? -1 : cmp(l, bestLoad);
      if (c < 0 || (c === 0 && rank[j]! < rank[best]!)) {
        best = j;
        bestLoad = l;
      }
    }
    if (best < 0 || bestLoad === null) break;
    if (spent + e.projects[best]!.cost > e.budget) break;
    spent += e.projects[best]!.cost;
    selected.push(best);
    open.delete(best);
    for (const i of supporters[best]!) load[i] = bestLoad;
  }
  return selected;
}
