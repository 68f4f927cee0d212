// Invariants on random small elections (fast-check), including a check of the
// fast exact MES engine against a plain, obviously-correct exact MES.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Election } from "./election.ts";
import { type Rational, add, cmp, div, mul, rat, sub, ZERO } from "./exact.ts";
import { type Ballot, type BallotRules, validateBallot } from "./rules.ts";
import { electionFromBallots, equalShares, greedy } from "./tally.ts";
import { tieBreakRanks } from "./tiebreak.ts";

const kinds = ["approval", "cumulative", "ordinal"] as const;

/** A random election: up to 7 projects, up to 12 voters, costs in cents, few distinct values (so ties happen). */
const electionArb: fc.Arbitrary<Election> = fc
  .record({
    kind: fc.constantFrom(...kinds),
    costs: fc.array(fc.constantFrom(0, 100, 150, 200, 250, 300, 500, 700), { minLength: 1, maxLength: 7 }),
    budgetShare: fc.integer({ min: 1, max: 100 }),
    ballots: fc.array(fc.array(fc.tuple(fc.nat(6), fc.integer({ min: 1, max: 4 })), { maxLength: 5 }), {
      minLength: 1,
      maxLength: 12,
    }),
  })
  .map(({ kind, costs, budgetShare, ballots }) => {
    const m = costs.length;
    const total = costs.reduce((a: number, b: number) => a + b, 0);
    return {
      kind,
      scale: 2,
      budget: BigInt(Math.max(1, Math.floor((total * budgetShare) / 100))),
      projects: costs.map((c, j) => ({ id: `p${j}`, cost: BigInt(c) })),
      ballots: ballots.map((pairs) => {
        const seen = new Set<number>();
        const ps: number[] = [];
        const pts: number[] = [];
        for (const [j, w] of pairs) {
          if (seen.has(j % m)) continue;
          seen.add(j % m);
          ps.push(j % m);
          pts.push(w);
        }
        if (kind === "approval") return { projects: ps, points: null };
        if (kind === "ordinal") return { projects: ps, points: ps.map((_, r) => 5 - r) };
        return { projects: ps, points: pts };
      }),
    } satisfies Election;
  });

const costOf = (e: Election, ids: readonly string[]) =>
  ids.reduce((s, id) => s + e.projects.find((p) => p.id === id)!.cost, 0n);

/** Plain exact MES, voter by voter, straight from the definition. */
function referenceMes(e: Election, endowment: Rational, utility: "cost" | "points"): string[] {
  const rank = tieBreakRanks(e);
  const budget: Rational[] = e.ballots.map(() => endowment);
  const weight = (i: number, j: number) => {
    const b = e.ballots[i]!;
    const k = b.projects.indexOf(j);
    return k < 0 ? 0 : b.points ? b.points[k]! : 1;
  };
  const scaleOf = (j: number) => (utility === "cost" ? e.projects[j]!.cost : 1n);
  let open = e.projects
    .map((_, j) => j)
    .filter((j) => e.projects[j]!.cost > 0n && scaleOf(j) > 0n && e.ballots.some((_, i) => weight(i, j) > 0));
  const winners: string[] = [];
  for (;;) {
    let best: { j: number; r: Rational; rho: Rational } | null = null;
    for (const j of [...open]) {
      const cost = rat(e.projects[j]!.cost);
      const sup = e.ballots.map((_, i) => i).filter((i) => weight(i, j) > 0);
      const money = sup.reduce((s, i) => add(s, budget[i]!), ZERO);
      if (cmp(money, cost) < 0) {
        open = open.filter((x) => x !== j);
        continue;
      }
      // Smallest rho with Σ min(b_i, w_i·rho) = cost: try supporters in order of b/w.
      const order = [...sup].sort((a, b) =>
        cmp(div(budget[a]!, rat(BigInt(weight(a, j)))), div(budget[b]!, rat(BigInt(weight(b, j))))),
      );
      let paid = ZERO;
      let w = order.reduce((s, i) => s + weight(i, j), 0);
      let rho: Rational | null = null;
      for (const i of order) {
        const candidate = div(sub(cost, paid), rat(BigInt(w)));
        if (cmp(budget[i]!, mul(candidate, rat(BigInt(weight(i, j))))) >= 0) {
          rho = candidate;
          break;
        }
        paid = add(paid, budget[i]!);
        w -= weight(i, j);
      }
      if (rho === null) continue;
      const r = div(rho, rat(scaleOf(j)));
      if (best === null || cmp(r, best.r) < 0 || (cmp(r, best.r) === 0 && rank[j]! < rank[best.j]!))
        best = { j, r, rho };
    }
    if (best === null) break;
    const { j, rho } = best;
    e.ballots.forEach((_, i) => {
      const w = weight(i, j);
      if (w === 0) return;
      const pay = mul(rho, rat(BigInt(w)));
      budget[i] = cmp(budget[i]!, pay) <= 0 ? ZERO : sub(budget[i]!, pay);
    });
    winners.push(e.projects[j]!.id);
    open = open.filter((x) => x !== j);
  }
  return winners;
}

describe("invariants", () => {
  it("no rule ever exceeds the budget", () => {
    fc.assert(
      fc.property(electionArb, (e) => {
        for (const r of [
          greedy(e),
          greedy(e, { skip: false }),
          greedy(e, { orderBy: "score-per-cost" }),
          equalShares(e),
          equalShares(e, { completion: "add1" }),
          equalShares(e, { completion: "add1-exhaustive", greedyCompletion: true }),
          equalShares(e, { completion: "add1", comparison: "satisfaction" }),
        ]) {
          expect(r.cost).toBeLessThanOrEqual(e.budget);
          expect(costOf(e, r.selected)).toBe(r.cost);
          expect(new Set(r.selected).size).toBe(r.selected.length);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("outcomes are deterministic and do not depend on the order of the ballots", () => {
    fc.assert(
      fc.property(electionArb, fc.integer(), (e, seed) => {
        const reversed = [...e.ballots].reverse();
        const rotated = reversed.map((_, i) => reversed[(i + Math.abs(seed)) % reversed.length]!);
        const shuffled = { ...e, ballots: rotated };
        for (const f of [(x: Election) => greedy(x), (x: Election) => equalShares(x, { completion: "add1" })]) {
          const a = f(e);
          expect(f(e).selected).toEqual(a.selected);
          expect(f(shuffled).selected).toEqual(a.selected);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("the fast MES engine equals a plain exact MES, including ties", () => {
    fc.assert(
      fc.property(
        electionArb,
        fc.integer({ min: 0, max: 300 }),
        fc.constantFrom("cost" as const, "points" as const),
        (e, extra, utility) => {
          const n = BigInt(e.ballots.length);
          const endowment = rat(e.budget + BigInt(extra) * n, n);
          const fast = equalShares({ ...e, budget: e.budget + BigInt(extra) * n }, { utility }).selected;
          const plain = referenceMes(e, endowment, utility);
          const zeroCostFree =
            utility === "points" ? fast.filter((id) => e.projects.find((p) => p.id === id)!.cost === 0n) : [];
          expect(fast.filter((id) => !zeroCostFree.includes(id))).toEqual(plain);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("Add1 with jumps gives exactly the result of 1-unit steps", () => {
    fc.assert(
      fc.property(
        electionArb,
        fc.constantFrom("add1" as const, "add1-exhaustive" as const),
        fc.integer({ min: 1, max: 40 }),
        (e, completion, step) => {
          const increment = rat(BigInt(step), 7n);
          const a = equalShares(e, { completion, increment, jump: true });
          const b = equalShares(e, { completion, increment, jump: false });
          expect(a.selected).toEqual(b.selected);
          expect(a.mes!.add1Steps).toBe(b.mes!.add1Steps);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("ballot validation is consistent with the tally", () => {
    const projects = [100n, 250n, 400n, 50n, 300n].map((cost, j) => ({ id: `p${j}`, cost }));
    const rulesArb: fc.Arbitrary<BallotRules> = fc.oneof(
      fc.record({
        kind: fc.constant("approval" as const),
        maxProjects: fc.integer({ min: 1, max: 5 }),
        maxCost: fc.constantFrom(undefined, 500n),
      }),
      fc.record({ kind: fc.constant("knapsack" as const), budget: fc.constantFrom(400n, 700n) }),
      fc.record({
        kind: fc.constant("cumulative" as const),
        points: fc.integer({ min: 1, max: 10 }),
        maxPerProject: fc.constantFrom(undefined, 3),
      }),
      fc.record({ kind: fc.constant("ranking" as const), maxRanked: fc.integer({ min: 1, max: 3 }) }),
    );
    const ballotArb: fc.Arbitrary<Ballot> = fc
      .array(fc.tuple(fc.constantFrom("p0", "p1", "p2", "p3", "p4", "zz"), fc.integer({ min: 0, max: 5 })), {
        maxLength: 5,
      })
      .chain((pairs) =>
        fc.boolean().map((withPoints) => ({
          projects: pairs.map((x) => x[0]),
          ...(withPoints ? { points: pairs.map((x) => x[1]) } : {}),
        })),
      );
    fc.assert(
      fc.property(rulesArb, fc.array(ballotArb, { minLength: 1, maxLength: 8 }), (rules, ballots) => {
        const valid = ballots.filter((b) => validateBallot(rules, projects, b).ok);
        const invalid = ballots.filter((b) => !validateBallot(rules, projects, b).ok);
        if (invalid.length > 0) expect(() => electionFromBallots(rules, projects, 700n, 0, ballots)).toThrow(/invalid/);
        if (valid.length === 0) return;
        const e = electionFromBallots(rules, projects, 700n, 0, valid);
        // Every tallied ballot is valid in its normalized form, and tallying it respects the budget.
        e.ballots.forEach((b, i) => {
          const again: Ballot = {
            projects: b.projects.map((j) => projects[j]!.id),
            ...(rules.kind === "cumulative" ? { points: b.points! } : {}),
          };
          const check = validateBallot(rules, projects, again);
          expect(check.ok).toBe(true);
          if (rules.kind === "knapsack")
            expect(b.projects.reduce((s, j) => s + projects[j]!.cost, 0n)).toBeLessThanOrEqual(rules.budget);
          if (rules.kind === "cumulative")
            expect(b.points!.reduce((s, p) => s + p, 0)).toBeLessThanOrEqual(rules.points);
          expect(validateBallot(rules, projects, valid[i]!).ok).toBe(true);
        });
        expect(greedy(e).cost).toBeLessThanOrEqual(700n);
        expect(equalShares(e, { completion: "add1" }).cost).toBeLessThanOrEqual(700n);
      }),
      { numRuns: 200 },
    );
  });
});
