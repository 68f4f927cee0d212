import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type Election, electionFromPabulib } from "./election.ts";
import { rat } from "./exact.ts";
import { parsePabulib } from "./pabulib.ts";
import { maxWelfare, sequentialPhragmen } from "./reference.ts";
import { type TallyResult, equalShares, greedy, shareWithWinner, specFromMeta, tally } from "./tally.ts";
import { approvalElection } from "./test-helpers.ts";

const FIXTURES = fileURLToPath(new URL("../../../tests/fixtures/pabulib/", import.meta.url));
const read = (name: string) => readFileSync(FIXTURES + name, "utf8");
const sorted = (xs: readonly string[]) => [...xs].sort();

// Every .pb fixture (the copies under 1 MB; Łódź, Kraków 2024 and Wrocław are checked in bench/pb.bench.ts).
const FILES = [
  "Netherlands_Assen_2024.pb",
  "Poland_Czestochowa_2024.pb",
  "Poland_Czestochowa_2025_Polnoc.pb",
  "Poland_Krakow_2025_Biezanow-Prokocim.pb",
  "Poland_Swiecie_2023.pb",
  "Poland_Warszawa_2020_Praga-Poludnie.pb",
  "Poland_Wieliczka_2023_Green_Budget.pb",
];

describe("real elections: the rule named in META reproduces the official outcome", () => {
  for (const file of FILES) {
    it(file, () => {
      const pb = parsePabulib(read(file));
      const e = electionFromPabulib(pb);
      const result = tally(e, specFromMeta(pb.meta));
      const official = pb.projects.filter((p) => p.selected === 1).map((p) => p.id);
      expect(sorted(result.selected)).toEqual(sorted(official));
      expect(result.cost).toBeLessThanOrEqual(e.budget);
    });
  }

  it("Kraków 2025 keeps its fractional budget exactly", () => {
    const e = electionFromPabulib(parsePabulib(read("Poland_Krakow_2025_Biezanow-Prokocim.pb")));
    expect(e.scale).toBe(2);
    expect(e.budget).toBe(253264583n);
  });

  it("MES + Add1 on Świecie: jumping over certified steps gives exactly the 1-unit-step result", () => {
    const e = electionFromPabulib(parsePabulib(read("Poland_Swiecie_2023.pb")));
    const a = equalShares(e, { completion: "add1", jump: true });
    const b = equalShares(e, { completion: "add1", jump: false });
    expect(a.selected).toEqual(b.selected);
    expect(a.mes!.endowment).toEqual(b.mes!.endowment);
    expect(a.mes!.add1Steps).toBe(b.mes!.add1Steps);
    expect(a.mes!.runs).toBeLessThan(b.mes!.runs);
  });

  it("Add1 with and without jumping agree on cumulative and ordinal ballots too", () => {
    for (const file of [
      "Poland_Czestochowa_2025_Polnoc.pb",
      "Netherlands_Assen_2024.pb",
      "Poland_Krakow_2025_Biezanow-Prokocim.pb",
    ]) {
      const e = electionFromPabulib(parsePabulib(read(file)));
      const a = equalShares(e, { completion: "add1", jump: true });
      const b = equalShares(e, { completion: "add1", jump: false });
      expect(a.selected, file).toEqual(b.selected);
      expect(a.mes!.add1Steps, file).toBe(b.mes!.add1Steps);
    }
  });

  it("Wieliczka: the comparison with greedy keeps MES (more voters prefer it)", () => {
    const pb = parsePabulib(read("Poland_Wieliczka_2023_Green_Budget.pb"));
    const r = tally(electionFromPabulib(pb), specFromMeta(pb.meta));
    expect(r.mes!.comparison!.keptMes).toBe(true);
    expect(r.mes!.comparison!.prefersMes).toBeGreaterThan(r.mes!.comparison!.prefersGreedy);
  });

  it("Wieliczka needs Add1 without the exhaustive stop: stopping early gives a different outcome", () => {
    const pb = parsePabulib(read("Poland_Wieliczka_2023_Green_Budget.pb"));
    const e = electionFromPabulib(pb);
    const official = sorted(pb.projects.filter((p) => p.selected === 1).map((p) => p.id));
    expect(sorted(equalShares(e, { completion: "add1-exhaustive" }).selected)).not.toEqual(official);
    expect(sorted(equalShares(e, { completion: "add1" }).selected)).toEqual(official);
  });
});

describe("explanations", () => {
  const pb = parsePabulib(read("Netherlands_Assen_2024.pb"));
  const e = electionFromPabulib(pb);
  const r = equalShares(e, { completion: "add1" });

  it("MES winners were paid exactly their cost; losers lacked money", () => {
    for (const p of r.projects) {
      if (p.reason === "mes") {
        expect(p.mes!.paid).toBe(p.cost);
        expect(p.mes!.payers).toBeGreaterThan(0);
      } else {
        expect(p.selected).toBe(false);
        expect(p.reason).toBe("not-affordable");
        // What its supporters still had plus the shortfall is exactly the cost.
        const m = p.supportersMoney!;
        const s = p.moneyShortfall!;
        expect(m.n * s.d + s.n * m.d).toBe(p.cost * m.d * s.d);
        expect(s.n).toBeGreaterThan(0n);
      }
    }
  });

  it("reports the share of voters with a winning project", () => {
    expect(r.votersWithWinner).toBe(79);
    expect(shareWithWinner(r)).toEqual(rat(79n, 84n));
  });

  it("greedy explains what did not fit and by how much", () => {
    const g = greedy(e);
    const miss = g.projects.filter((p) => p.reason === "did-not-fit");
    expect(miss.length).toBeGreaterThan(0);
    for (const p of miss) expect(p.shortfall).toBe(p.cost - p.budgetLeftAtTurn!);
  });
});

// ---------------------------------------------------------------------------
// pabutools' own unit tests (tests/fixtures/pabulib/pabutools_unit_cases.json)

type UnitCase = {
  name: string;
  projects: Record<string, number>;
  budget: number;
  ballots: string[][];
  expected_irresolute?: Record<string, string[][]>;
  expected_resolute?: Record<string, string[]>;
};
const cases = (JSON.parse(read("pabutools_unit_cases.json")) as { cases: UnitCase[] }).cases;

const ids = (e: Election, js: readonly number[]) => js.map((j) => e.projects[j]!.id);
const idx = (e: Election, names: readonly string[]) => names.map((id) => e.projects.findIndex((p) => p.id === id));
const sel = (r: TallyResult) => r.selected;
/** Per-voter increment for an Add1 step given as a step of the TOTAL budget. */
const perVoter = (e: Election, num: bigint, den: bigint) =>
  rat(num * 10n ** BigInt(e.scale), den * BigInt(e.ballots.length));

/**
 * How each expectation in the JSON maps to our rules. Pabutools' Cost_Sqrt_Sat and Cost_Log_Sat
 * appear only in an instance where every project costs 1, where they coincide with
 * Cardinality_Sat (MES only compares utilities up to a common factor).
 */
const RULES: Record<string, (e: Election) => readonly string[]> = {
  "greedy_utilitarian_welfare[Cost_Sat]": (e) => sel(greedy(e)),
  "greedy_utilitarian_welfare[Cardinality_Sat]": (e) => sel(greedy(e, { orderBy: "score-per-cost" })),
  "max_additive_utilitarian_welfare[Cost_Sat]": (e) => ids(e, maxWelfare(e, { utility: "cost" })),
  "max_additive_utilitarian_welfare[Cardinality_Sat]": (e) => ids(e, maxWelfare(e, { utility: "points" })),
  "method_of_equal_shares[Cost_Sat]": (e) => sel(equalShares(e, { utility: "cost" })),
  "method_of_equal_shares[Cardinality_Sat]": (e) => sel(equalShares(e, { utility: "points" })),
  // mes_iterated: endowment raised by 1/10 per voter until exhaustive (or infeasible: keep the previous).
  "mes_iterated[Cost_Sat]": (e) =>
    sel(
      equalShares(e, { utility: "cost", completion: "add1-exhaustive", increment: rat(10n ** BigInt(e.scale), 10n) }),
    ),
  "mes_iterated[Cardinality_Sat]": (e) =>
    sel(
      equalShares(e, { utility: "points", completion: "add1-exhaustive", increment: rat(10n ** BigInt(e.scale), 10n) }),
    ),
  sequential_phragmen: (e) => ids(e, sequentialPhragmen(e)),
  "every rule, every satisfaction except Cost_Log_Sat": (e) => {
    const outcomes = [
      sel(greedy(e)),
      sel(greedy(e, { orderBy: "score-per-cost" })),
      sel(equalShares(e, { utility: "cost" })),
      sel(equalShares(e, { utility: "points" })),
      sel(equalShares(e, { completion: "add1" })),
      ids(e, maxWelfare(e, { utility: "cost" })),
      ids(e, sequentialPhragmen(e)),
    ];
    for (const o of outcomes) expect(sorted(o)).toEqual(sorted(outcomes[0]!));
    return outcomes[0]!;
  },
  "method_of_equal_shares[Cost_Sat|Cardinality_Sat|Cost_Sqrt_Sat|Cost_Log_Sat] (no completion)": (e) => {
    const a = sel(equalShares(e, { utility: "cost" }));
    expect(sorted(sel(equalShares(e, { utility: "points" })))).toEqual(sorted(a));
    return a;
  },
  // exhaustion_by_budget_increase adds budget_step to the TOTAL budget: budget_step / n per voter.
  "exhaustion_by_budget_increase(MES[Cost_Sat], budget_step=1/24 of a unit added to the TOTAL budget per iteration)": (
    e,
  ) => sel(equalShares(e, { completion: "add1-exhaustive", increment: perVoter(e, 1n, 24n) })),
  "same, with initial_budget_allocation=[g]": (e) =>
    sel(equalShares(e, { completion: "add1-exhaustive", increment: perVoter(e, 1n, 24n), preselected: ["g"] })),
  "same, budget_step=5": (e) => sel(equalShares(e, { completion: "add1-exhaustive", increment: perVoter(e, 5n, 1n) })),
  "completion_by_rule_combination([MES[Cost_Sat], greedy_utilitarian_welfare[Cost_Sat]])": (e) =>
    sel(equalShares(e, { greedyCompletion: true })),
  "same, with initial_budget_allocation=[f]": (e) =>
    sel(equalShares(e, { greedyCompletion: true, preselected: ["f"] })),
  "completion_by_rule_combination([MES[Cost_Sat], sequential_phragmen])": (e) => {
    const mes = equalShares(e);
    return ids(e, sequentialPhragmen(e, { preselected: idx(e, mes.selected) }));
  },
};

describe("pabutools unit cases", () => {
  for (const c of cases) {
    it(c.name, () => {
      const e = approvalElection(c.projects, c.budget, c.ballots);
      const rules = RULES;
      const expectations: [string, string[][]][] = [
        ...Object.entries(c.expected_irresolute ?? {}),
        ...Object.entries(c.expected_resolute ?? {}).map(([k, v]): [string, string[][]] => [k, [v]]),
      ];
      expect(expectations.length).toBeGreaterThan(0);
      for (const [key, allowed] of expectations) {
        const rule = rules[key];
        expect(rule, `no mapping for "${key}"`).toBeDefined();
        const got = sorted(rule!(e));
        expect(allowed.map(sorted), `${c.name}: ${key} gave [${got}]`).toContainEqual(got);
      }
    });
  }
});
