import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allCompositions, allSubsets, fraction, loadInstanceDir, loadUnitExample } from "./fixtures.testing.ts";
import { checkPanel, compile, compositionIsValid, type Instance, type Model } from "./instance.ts";
import { drawPanel, leximin, LeximinAborted, type LeximinProgress, type LeximinResult } from "./leximin.ts";
import { LpWriter } from "./lp.ts";
import { defaultSolver } from "./solver.ts";

async function solved(instance: Instance, options: Parameters<typeof leximin>[1] = {}): Promise<LeximinResult> {
  const r = await leximin(instance, options);
  if (!r.ok) throw new Error(`unexpectedly infeasible: ${JSON.stringify(r.infeasible)}`);
  return r.result;
}

/** Invariants every LEXIMIN result must satisfy, checked without the solver. */
function expectValidDistribution(model: Model, r: LeximinResult) {
  const total = r.compositions.reduce((s, c) => s + c.weight, 0);
  expect(total).toBeCloseTo(1, 9);
  for (const c of r.compositions) {
    expect(c.weight).toBeGreaterThan(0);
    expect(compositionIsValid(model, c.counts)).toBe(true);
  }
  expect(r.probabilities).toHaveLength(model.n);
  expect(r.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(model.k, 6);
  // Probabilities are what the distribution implies.
  model.types.forEach((t, ti) => {
    const p = r.compositions.reduce((s, c) => s + (c.weight * (c.counts[ti] ?? 0)) / t.members.length, 0);
    for (const i of t.members) expect(r.probabilities[i]).toBeCloseTo(p, 9);
  });
}

/**
 * LP duality, checked by enumeration (no solver): for weights y ≥ 0 with Σy = 1,
 * min_i p_i ≤ Σ_i y_i p_i = E[y(panel)] ≤ max over feasible panels of y(panel).
 * Returns that upper bound on the best possible minimum probability.
 */
function dualBound(model: Model, weights: readonly number[]): number {
  const sum = weights.reduce((a, b) => a + b, 0);
  expect(sum).toBeCloseTo(1, 6);
  for (const w of weights) expect(w).toBeGreaterThanOrEqual(0);
  // identical people share a weight; a panel's weight depends on its composition only when it picks
  // the heaviest members of each type, which is the maximum.
  const perType = model.types.map((t) => t.members.map((i) => weights[i] ?? 0).sort((a, b) => b - a));
  let best = -Infinity;
  for (const c of allCompositions(model)) {
    let w = 0;
    c.forEach((ct, t) => {
      for (let x = 0; x < ct; x++) w += perType[t]![x]!;
    });
    best = Math.max(best, w);
  }
  return best;
}

/** Leximin by brute force: every panel enumerated, one LP per stage plus one per person to find who is tight. */
async function bruteLeximin(model: Model): Promise<number[] | null> {
  const panels = allSubsets(model.n, model.k).filter((p) => checkPanel(model, p).ok);
  if (panels.length === 0) return null;
  const solver = defaultSolver();
  const fixed = new Map<number, number>();
  const terms = (i: number) => panels.flatMap((p, j) => (p.includes(i) ? [[1, `l${j}`] as const] : []));
  const lp = (objective: [number, string][], zMin: number | null) => {
    const w = new LpWriter("Maximize", objective, "z");
    for (let i = 0; i < model.n; i++) {
      const f = fixed.get(i);
      if (f === undefined) w.row(`p${i}`, [...terms(i), [-1, "z"]], ">=", 0);
      else if (f > 0) w.row(`p${i}`, terms(i), ">=", f - 1e-9);
    }
    w.row(
      "sum",
      panels.map((_, j) => [1, `l${j}`] as const),
      "=",
      1,
    );
    w.bound(zMin === null ? "z free" : `z >= ${zMin}`);
    return w.toString();
  };
  while (fixed.size < model.n) {
    const r = await solver.solve(lp([[1, "z"]], null), { primal_feasibility_tolerance: 1e-10 });
    expect(r.status).toBe("Optimal");
    const z = r.objective;
    const tight: number[] = [];
    for (let i = 0; i < model.n; i++) {
      if (fixed.has(i)) continue;
      const t = terms(i);
      if (t.length === 0) {
        tight.push(i);
        continue;
      }
      const m = await solver.solve(lp(t as [number, string][], z - 1e-9), { primal_feasibility_tolerance: 1e-10 });
      expect(m.status).toBe("Optimal");
      if (m.objective <= z + 1e-7) tight.push(i);
    }
    expect(tight.length).toBeGreaterThan(0);
    for (const i of tight) fixed.set(i, Math.max(0, z));
  }
  return [...Array(model.n).keys()].map((i) => fixed.get(i)!);
}

describe("LEXIMIN on the sortition-algorithms examples (exact marginals)", () => {
  for (const name of ["example1", "example3", "example5", "example6"]) {
    it(`${name}: probabilities match the published marginals`, async () => {
      const { instance, names, example } = loadUnitExample(name);
      const expected = example.expected.find((e) => e.algorithm === "maximin" && !(e.household_columns ?? []).length)!;
      const model = compile(instance);
      const r = await solved(instance);
      expectValidDistribution(model, r);
      names.forEach((who, i) => {
        const exact = expected.marginals?.[who];
        if (exact !== undefined) expect(r.probabilities[i], who).toBeCloseTo(fraction(exact), 6);
        const lower = expected.lower_bounds?.[who];
        if (lower !== undefined) expect(r.probabilities[i]!, who).toBeGreaterThanOrEqual(fraction(lower) - 1e-7);
      });
    });
  }

  it("example1: the unique optimum is 1/3 {louie,marge}, 1/3 {dewey,marge}, 1/3 {scrooge,lisa}", async () => {
    const { instance, names } = loadUnitExample("example1");
    const r = await solved(instance, { reduceTypes: false });
    const panels = r.compositions.map((c) => ({
      weight: c.weight,
      who: r.types
        .flatMap((t, ti) => ((c.counts[ti] ?? 0) > 0 ? t.members.map((i) => names[i]) : []))
        .sort()
        .join("+"),
    }));
    expect(panels.map((p) => p.who).sort()).toEqual(["dewey+marge", "lisa+scrooge", "louie+marge"]);
    for (const p of panels) expect(p.weight).toBeCloseTo(1 / 3, 9);
  });

  it("example6: a person in no feasible panel gets 0 and is reported; the other 60 get 46/60 each", async () => {
    const { instance, names } = loadUnitExample("example6");
    const r = await solved(instance);
    expect(r.unselectable.map((i) => names[i])).toEqual(["p61"]);
    expect(r.levels[0]).toEqual({ value: 0, types: [r.levels[0]!.types[0]] });
    expect(r.minProbability).toBe(0);
  });

  it("example4 (infeasible): no distribution, a report instead", async () => {
    const { instance } = loadUnitExample("example4_infeasible");
    const r = await leximin(instance);
    expect(r.ok).toBe(false);
  });
});

describe("LEXIMIN on the public pools of Flanigan et al. (Nature 2021)", () => {
  for (const name of ["example_small_20", "example_large_200"]) {
    it(`${name}: everyone gets k/n = 10% as the paper reports (min 10.0%, Gini 0.0%, geometric mean 10.0%), proven by duality`, async () => {
      const instance = loadInstanceDir(name);
      const model = compile(instance);
      const r = await solved(instance);
      expectValidDistribution(model, r);
      const kn = model.k / model.n;
      expect(kn).toBe(0.1);
      // Upper bound: uniform weights 1/n give every panel weight k/n, so no distribution has min > k/n.
      expect(dualBound(model, new Array<number>(model.n).fill(1 / model.n))).toBeCloseTo(kn, 12);
      // The solver's own certificate proves the same bound for its value.
      const bound = dualBound(model, r.certificate.weights);
      expect(bound).toBeCloseTo(r.certificate.bestPanelWeight, 9);
      expect(r.minProbability).toBeGreaterThanOrEqual(bound - 1e-9);
      expect(r.minProbability).toBeCloseTo(kn, 9);
      // Whole distribution: every probability equals k/n (Gini 0, geometric mean k/n).
      for (const p of r.probabilities) expect(p).toBeCloseTo(kn, 9);
      const sorted = [...r.probabilities].sort((a, b) => a - b);
      const gini =
        sorted.reduce((s, p, i) => s + (2 * (i + 1) - model.n - 1) * p, 0) /
        (model.n * sorted.reduce((a, b) => a + b, 0));
      expect(Math.abs(gini)).toBeLessThan(1e-6);
      const geo = Math.exp(r.probabilities.reduce((s, p) => s + Math.log(p), 0) / model.n);
      expect(geo).toBeCloseTo(kn, 9);
    });
  }
});

describe("LEXIMIN is leximin-optimal (brute force on tiny pools)", () => {
  it("an uneven pool: the probability vector equals the brute-force leximin vector", async () => {
    // 7 people, 2 categories; k = 3.
    const instance: Instance = {
      k: 3,
      quotas: [
        { category: "g", feature: "f", min: 1, max: 2 },
        { category: "g", feature: "m", min: 1, max: 2 },
        { category: "a", feature: "young", min: 1, max: 1 },
        { category: "a", feature: "old", min: 0, max: 3 },
      ],
      people: [
        { g: "f", a: "young" },
        { g: "m", a: "old" },
        { g: "m", a: "old" },
        { g: "m", a: "old" },
        { g: "f", a: "old" },
        { g: "m", a: "young" },
        { g: "m", a: "young" },
      ],
    };
    const model = compile(instance);
    const r = await solved(instance);
    expectValidDistribution(model, r);
    const brute = (await bruteLeximin(model))!;
    r.probabilities.forEach((p, i) => expect(p, `person ${i}`).toBeCloseTo(brute[i]!, 6));
    // The per-person run (no grouping of identical people) gives the same vector.
    const flat = await solved(instance, { reduceTypes: false });
    flat.probabilities.forEach((p, i) => expect(p, `person ${i}`).toBeCloseTo(brute[i]!, 6));
    // The maximin value is certified: min p ≥ max panel weight under the certificate.
    expect(r.minProbability).toBeGreaterThanOrEqual(dualBound(model, r.certificate.weights) - 1e-9);
  });

  it("random tiny pools: feasible exactly when a panel exists, and then equal to brute force", async () => {
    let feasible = 0;
    let infeasible = 0;
    // Quotas are either random, or built around the counts of one panel (the first k people)
    // with random slack, so both feasible and infeasible instances are common.
    const pool = fc.record({
      people: fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 1 })), {
        minLength: 3,
        maxLength: 7,
      }),
      k: fc.integer({ min: 1, max: 3 }),
      anchored: fc.boolean(),
      a: fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })), {
        minLength: 3,
        maxLength: 3,
      }),
      b: fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })), {
        minLength: 2,
        maxLength: 2,
      }),
    });
    await fc.assert(
      fc.asyncProperty(pool, async ({ people, k, anchored, a, b }) => {
        if (k > people.length) return;
        const panel = people.slice(0, k);
        const quota = (category: string, feature: string, count: number, [x, y]: [number, number]) =>
          anchored
            ? { category, feature, min: Math.max(0, count - x), max: count + y }
            : { category, feature, min: x, max: x + y };
        const quotas = [
          ...a.map((s, f) => quota("A", `a${f}`, panel.filter(([v]) => v === f).length, s)),
          ...b.map((s, f) => quota("B", `b${f}`, panel.filter(([, v]) => v === f).length, s)),
        ];
        const instance: Instance = { k, quotas, people: people.map(([x, y]) => ({ A: `a${x}`, B: `b${y}` })) };
        const model = compile(instance);
        const brute = await bruteLeximin(model);
        const r = await leximin(instance);
        expect(r.ok).toBe(brute !== null);
        if (!r.ok || brute === null) return void infeasible++;
        feasible++;
        expectValidDistribution(model, r.result);
        r.result.probabilities.forEach((p, i) => expect(p).toBeCloseTo(brute[i]!, 5));
      }),
      { numRuns: 60, seed: 20260007 },
    );
    // The generator must exercise both outcomes.
    expect(feasible).toBeGreaterThan(10);
    expect(infeasible).toBeGreaterThan(5);
  });
});

describe("the relaxation route and its fallback", () => {
  // Three binary categories: the quotas' polytope of fractional compositions need not be
  // integral, so its leximin point may not be a mixture of panels (then the staged method runs).
  const bin = (c0: number, c1: number, c2: number) => ({ c0: `v${c0}`, c1: `v${c1}`, c2: `v${c2}` });
  const q = (category: string, feature: string, min: number, max: number) => ({ category, feature, min, max });

  it("when the relaxed leximin point is no mixture of panels, the staged method runs and still equals brute force", async () => {
    const instance: Instance = {
      k: 3,
      quotas: [
        q("c0", "v0", 1, 2),
        q("c0", "v1", 1, 3),
        q("c1", "v0", 1, 2),
        q("c1", "v1", 1, 3),
        q("c2", "v0", 2, 3),
        q("c2", "v1", 0, 2),
      ],
      people: [
        bin(0, 1, 0),
        bin(1, 0, 0),
        bin(1, 1, 1),
        bin(0, 1, 0),
        bin(0, 1, 1),
        bin(0, 0, 1),
        bin(1, 0, 1),
        bin(0, 1, 0),
      ],
    };
    const model = compile(instance);
    const brute = (await bruteLeximin(model))!;
    const r = await solved(instance);
    expect(r.stats.method).toBe("staged");
    // The panels reach only part of the relaxation's target (8/9 of it here).
    expect(r.stats.decompositionZ).toBeCloseTo(8 / 9, 6);
    expectValidDistribution(model, r);
    r.probabilities.forEach((p, i) => expect(p, `person ${i}`).toBeCloseTo(brute[i]!, 6));
    expect(r.minProbability).toBeGreaterThanOrEqual(dualBound(model, r.certificate.weights) - 1e-9);
  });

  it("random pools with three categories: both routes give the brute-force vector, and both outcomes of the relaxation occur", async () => {
    const methods = { relaxation: 0, staged: 0 };
    const pool = fc.record({
      people: fc.array(
        fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 1 })),
        { minLength: 4, maxLength: 8 },
      ),
      k: fc.integer({ min: 2, max: 4 }),
      slack: fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 1 })), {
        minLength: 6,
        maxLength: 6,
      }),
    });
    await fc.assert(
      fc.asyncProperty(pool, async ({ people, k, slack }) => {
        if (k > people.length) return;
        // Quotas around the counts of one panel (the first k people), so every instance is feasible.
        const panel = people.slice(0, k);
        const quotas = [0, 1, 2].flatMap((c) =>
          [0, 1].map((v) => {
            const count = panel.filter((p) => p[c] === v).length;
            const [down, up] = slack[2 * c + v]!;
            return q(`c${c}`, `v${v}`, Math.max(0, count - down), count + up);
          }),
        );
        const instance: Instance = { k, quotas, people: people.map(([a, b, c]) => bin(a, b, c)) };
        const model = compile(instance);
        const brute = (await bruteLeximin(model))!;
        const relaxed = await solved(instance);
        const staged = await solved(instance, { strategy: "staged" });
        methods[relaxed.stats.method]++;
        expect(staged.stats.method).toBe("staged");
        for (const r of [relaxed, staged]) {
          expectValidDistribution(model, r);
          r.probabilities.forEach((p, i) => expect(p).toBeCloseTo(brute[i]!, 5));
        }
      }),
      { numRuns: 120, seed: 20261206 },
    );
    expect(methods.relaxation).toBeGreaterThan(50);
    expect(methods.staged).toBeGreaterThan(0);
  });
});

describe("drawing one panel from the distribution", () => {
  it("same seed → same panel; every drawn panel meets the quotas; the draw follows the weights", async () => {
    const instance = loadInstanceDir("example_small_20");
    const model = compile(instance);
    const r = await solved(instance);
    const a = drawPanel(r, "Lørenskog panel 2026");
    expect(drawPanel(r, "Lørenskog panel 2026")).toEqual(a);
    expect(checkPanel(model, a.panel).ok).toBe(true);
    const distinct = new Set<string>();
    const hits = new Array<number>(model.n).fill(0);
    const draws = 400;
    for (let s = 0; s < draws; s++) {
      const d = drawPanel(r, `seed-${s}`);
      expect(checkPanel(model, d.panel).problems).toEqual([]);
      distinct.add(d.panel.join(","));
      for (const i of d.panel) hits[i]!++;
    }
    expect(distinct.size).toBeGreaterThan(390);
    // 400 draws × 20 seats over 200 people: everyone is drawn 40 times on average.
    expect(hits.reduce((a, b) => a + b, 0)).toBe(draws * model.k);
  });
});

describe("stopping a long LEXIMIN run", () => {
  it("rejects with how far it got when the signal aborts, and runs to the end without one", async () => {
    const instance = loadInstanceDir("example_small_20");
    const controller = new AbortController();
    const seen: LeximinProgress[] = [];
    const run = leximin(instance, {
      signal: controller.signal,
      onProgress: (e) => {
        seen.push(e);
        if (seen.length === 2) controller.abort();
      },
    });
    const err = await run.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LeximinAborted);
    expect((err as LeximinAborted).progress).toMatchObject({ stage: seen[1]!.stage, fixedTypes: seen[1]!.fixedTypes });
    expect((err as LeximinAborted).progress!.z).toBeGreaterThan(0);
    // An aborted signal that is never looked at again does not affect the next run.
    expect((await solved(instance)).minProbability).toBeCloseTo(20 / 200, 9);
  });
});
