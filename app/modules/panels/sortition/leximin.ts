// LEXIMIN (Flanigan, Gölz, Gupta, Hennig & Procaccia, Nature 596, 2021):
// a probability distribution over quota-satisfying panels that maximises the
// smallest selection probability, then the next smallest, and so on.
//
// We work on types (groups of identical people, see instance.ts). Because the
// leximin-optimal vector of selection probabilities is unique and the set of
// achievable vectors is symmetric under swapping identical people, identical
// people get identical probabilities; a distribution over compositions
// (people per type) followed by a uniform choice within each type realises it.
//
// Stage s solves, by column generation,
//     max z   s.t.  Σ_j λ_j c_jt − n_t z ≥ 0          (types not yet fixed)
//                   Σ_j λ_j c_jt       ≥ n_t f_t      (types fixed at level f_t)
//                   Σ_j λ_j = 1,  λ ≥ 0
// where column j is a composition with c_jt people of type t (n_t people).
// The duals y_t ≥ 0 of the type rows are weights per person (Σ_t n_t y_t = 1
// over unfixed types) and μ is the dual of Σλ = 1. The pricing MIP finds the
// composition maximising Σ_t y_t c_t; if it beats μ it enters as a column,
// otherwise the restricted LP is optimal for all panels. Types with a positive
// dual are then at z in every optimum (complementary slackness), so they are
// fixed at z, and the next stage maximises the minimum of the rest.

import {
  compositionFeatureCounts,
  compositionIsValid,
  compile,
  type Instance,
  type Model,
  type PersonType,
} from "./instance.ts";
import { compositionModel, readComposition, solveMip, typeVar } from "./compositions.ts";
import { diagnose, quotaConflicts, type InfeasibilityReport } from "./infeasibility.ts";
import { createRng, sample } from "./prng.ts";
import { MasterLp, type MasterSolution } from "./master.ts";
import { FIX_TOL, type LeximinLevel } from "./levels.ts";
import { relaxedLeximin } from "./relaxation.ts";
import { defaultSolver, type LpSolver } from "./solver.ts";

export type { LeximinLevel };

export interface LeximinOptions {
  readonly solver?: LpSolver;
  /** Group identical people (default true). False runs the same algorithm per person (slow; for cross-checks). */
  readonly reduceTypes?: boolean;
  readonly onProgress?: (e: LeximinProgress) => void;
  /** Safety cap on generated columns (default 100,000). */
  readonly maxColumns?: number;
  /** Keep the master LP inside HiGHS between rounds (default true); false re-solves LP text each round. */
  readonly persistentLp?: boolean;
  /** Stops the computation between solver calls (it then rejects with a LeximinAborted error). */
  readonly signal?: AbortSignal;
  /**
   * "relaxation" (default): leximin over the fractional compositions first, then one
   * decomposition into panels; the staged method only when that decomposition falls short.
   * "staged": one column generation per leximin level from the start.
   */
  readonly strategy?: "relaxation" | "staged";
}

/** Thrown when LeximinOptions.signal aborts a run; carries how far it got. */
export class LeximinAborted extends Error {
  constructor(readonly progress: LeximinProgress | null) {
    super("LEXIMIN was stopped before it finished");
    this.name = "LeximinAborted";
  }
}

export interface LeximinProgress {
  readonly stage: number;
  readonly columns: number;
  readonly z: number;
  readonly fixedTypes: number;
}

export interface Composition {
  /** Probability of this composition. */
  readonly weight: number;
  /** People per type (index into `types`). */
  readonly counts: readonly number[];
}

export interface DualCertificate {
  /** z*: the largest achievable minimum selection probability over selectable people. */
  readonly value: number;
  /**
   * Per-person weights y ≥ 0 summing to 1. For any distribution over panels,
   * Σ_i y_i p_i = E[y(panel)] ≤ max_panel y(panel) = bestPanelWeight, hence
   * min_i p_i ≤ bestPanelWeight. It equals `value` up to solver tolerance.
   */
  readonly weights: readonly number[];
  readonly bestPanelWeight: number;
}

export interface LeximinResult {
  readonly n: number;
  readonly k: number;
  readonly types: readonly PersonType[];
  /** The distribution: compositions in canonical (lexicographic) order, weights summing to 1. */
  readonly compositions: readonly Composition[];
  /** Selection probability per person (row order). Sums to k. */
  readonly probabilities: readonly number[];
  readonly minProbability: number;
  /** Fixing stages in increasing order of value (level 0 holds people who are in no feasible panel). */
  readonly levels: readonly LeximinLevel[];
  /** People who are in no quota-feasible panel (probability 0 under any method). */
  readonly unselectable: readonly number[];
  readonly certificate: DualCertificate;
  readonly stats: {
    /** Which route produced the distribution (see LeximinOptions.strategy). */
    method: "relaxation" | "staged";
    stages: number;
    /** LPs of the relaxation route (0 when it did not run). */
    relaxationStages: number;
    /** How much of the relaxation's target the panels reached (1 = all; null when not tried). */
    decompositionZ: number | null;
    columns: number;
    lpSolves: number;
    mipSolves: number;
    heuristicColumns: number;
    persistentLpSolves: number;
    textLpSolves: number;
  };
}

export type LeximinOutcome =
  | { readonly ok: true; readonly result: LeximinResult }
  | { readonly ok: false; readonly infeasible: InfeasibilityReport };

/** A column must beat μ by this relative margin to enter. */
const PRICING_TOL = 1e-9;
/** Columns of the current solution that local-search pricing starts from. */
const HEURISTIC_STARTS = 8;
const yieldToEventLoop = () =>
  new Promise<void>((resolve) => (typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0)));

/** The decomposition stops once z reaches 1 minus this. */
const DECOMPOSE_TOL = 1e-10;
/** …and counts as exact (the target is a mixture of panels) when z is within this of 1. */
const DECOMPOSE_ACCEPT = 1e-8;

/** Weights below this are dropped from the final distribution. */
const WEIGHT_EPS = 1e-12;

const keyOf = (c: readonly number[]) => c.join(",");

/** Finds a composition with people of as many of the `wanted` types as possible. */
async function coverMip(solver: LpSolver, model: Model, wanted: readonly number[]): Promise<number[] | null> {
  const lp = compositionModel(model, {
    sense: "Maximize",
    objective: wanted.map((t) => [1, `u${t}`] as const),
    extend: (w) => {
      for (const t of wanted) {
        w.row(
          `cov${t}`,
          [
            [1, `u${t}`],
            [-1, typeVar(t)],
          ],
          "<=",
          0,
        );
        w.binary(`u${t}`);
      }
    },
  });
  const r = await solveMip(solver, lp);
  if (r.status === "Infeasible") return null;
  if (r.status !== "Optimal") throw new Error(`covering MIP ended with status ${r.status}`);
  return readComposition(model, r);
}

export async function leximin(instance: Instance, options: LeximinOptions = {}): Promise<LeximinOutcome> {
  const model = compile(instance, { reduceTypes: options.reduceTypes ?? true });
  return leximinModel(model, options);
}

export async function leximinModel(model: Model, options: LeximinOptions = {}): Promise<LeximinOutcome> {
  const solver = options.solver ?? defaultSolver();
  const conflicts = quotaConflicts(model);
  if (conflicts.length > 0) return { ok: false, infeasible: await diagnose(model, solver) };
  const run = new LeximinRun(model, solver, options);
  try {
    return await run.run();
  } finally {
    run.dispose();
  }
}

class LeximinRun {
  private readonly T: number;
  private readonly maxColumns: number;
  private readonly master: MasterLp;
  private readonly columns: number[][] = [];
  private readonly known = new Set<string>();
  private lpSolves = 0;
  private mipSolves = 0;
  private heuristicColumns = 0;
  private decompositionZ: number | null = null;
  private readonly stats = { relaxationStages: 0 };
  /** Solve counts of master LPs other than `master` (the decomposition's). */
  private readonly otherMasters = { persistent: 0, text: 0 };

  constructor(
    private readonly model: Model,
    private readonly solver: LpSolver,
    private readonly options: LeximinOptions,
  ) {
    this.T = model.types.length;
    this.maxColumns = options.maxColumns ?? 100_000;
    this.master = new MasterLp(solver, model, options.persistentLp ?? true);
  }

  dispose(): void {
    this.master.dispose();
  }

  private size(t: number): number {
    return this.model.types[t]?.members.length ?? 0;
  }

  private addColumn(c: number[]): boolean {
    const key = keyOf(c);
    if (this.known.has(key)) return false;
    if (!compositionIsValid(this.model, c)) throw new Error(`a composition breaks the quotas: ${key}`);
    if (this.columns.length >= this.maxColumns) throw new Error(`LEXIMIN exceeded ${this.maxColumns} columns`);
    this.known.add(key);
    this.columns.push(c);
    return true;
  }

  /** Columns that together contain every type that is in some feasible panel; returns the other types. */
  private async cover(): Promise<number[] | null> {
    const { model, T } = this;
    const covered = new Array<boolean>(T).fill(false);
    const mark = (c: readonly number[]) => c.forEach((ct, t) => ct > 0 && (covered[t] = true));
    // A first panel, preferring small types.
    const first = await solveMip(
      this.solver,
      compositionModel(model, {
        sense: "Maximize",
        objective: model.types.map((t, ti) => [1 / t.members.length, typeVar(ti)] as const),
      }),
    );
    this.mipSolves++;
    if (first.status === "Infeasible") return null;
    if (first.status !== "Optimal") throw new Error(`LEXIMIN first MIP ended with status ${first.status}`);
    const c0 = readComposition(model, first);
    this.addColumn(c0);
    mark(c0);
    for (;;) {
      const wanted = [...Array(T).keys()].filter((t) => !covered[t]);
      if (wanted.length === 0) return [];
      // Cheap: swap uncovered types into existing columns.
      let next: number[] | null = null;
      for (let j = this.columns.length - 1; j >= Math.max(0, this.columns.length - 4) && !next; j--) {
        const c = coverBySwaps(model, this.columns[j] ?? [], covered);
        if (c.some((ct, t) => ct > 0 && !covered[t]) && !this.known.has(keyOf(c))) next = c;
      }
      if (!next) {
        // Exact: a MIP maximising the number of uncovered types present.
        next = await coverMip(this.solver, model, wanted);
        this.mipSolves++;
        if (next === null) return null;
        if (!next.some((ct, t) => ct > 0 && !covered[t])) return wanted;
      }
      this.addColumn(next);
      mark(next);
    }
  }

  private lastProgress: LeximinProgress | null = null;

  private emit(e: LeximinProgress): void {
    this.lastProgress = e;
    this.options.onProgress?.(e);
  }

  /** A turn of the event loop, then the abort check. */
  private async checkpoint(current: LeximinProgress): Promise<void> {
    // HiGHS runs synchronously: without a turn of the event loop here, timers (the signal's
    // timeout) and, in the server, requests would wait until the whole computation ends.
    await yieldToEventLoop();
    if (this.options.signal?.aborted) throw new LeximinAborted(this.lastProgress ?? current);
  }

  /**
   * Column generation on one master LP: adds columns until no feasible composition
   * improves it (or, with `stopAt`, until z reaches it). Returns the last LP solution and
   * the best pricing value found (in the LP's own units; NaN when stopped by `stopAt`).
   */
  private async generate(
    master: MasterLp,
    unfixed: readonly number[],
    fixed: ReadonlyMap<number, number>,
    progress: (lp: MasterSolution) => LeximinProgress,
    stopAt = Infinity,
  ): Promise<{ lp: MasterSolution; bestWeight: number }> {
    const { model, columns } = this;
    for (;;) {
      await this.checkpoint(
        this.lastProgress ?? {
          stage: 0,
          columns: columns.length,
          z: 0,
          fixedTypes: fixed.size,
        },
      );
      const lp = await master.solve(columns, unfixed, fixed);
      this.lpSolves++;
      if (lp.z >= stopAt) return { lp, bestWeight: Number.NaN };
      // Pricing: max Σ_t (y_t / μ) c_t over feasible compositions; a column enters when it beats 1.
      const scale = lp.mu > 0 ? 1 / lp.mu : 1;
      const weights = lp.y.map((v) => v * scale);
      const threshold = (lp.mu > 0 ? 1 : 0) + PRICING_TOL;
      const valueOf = (c: readonly number[]) => c.reduce((s, ct, t) => s + ct * (weights[t] ?? 0), 0);
      // (a) Cheap: local search from the columns of the current solution.
      const order = [...weights.keys()].sort((a, b) => (weights[b] ?? 0) - (weights[a] ?? 0) || a - b);
      const starts = lp.lambda
        .map((l, j) => [l, j] as const)
        .filter(([l]) => l > 0)
        .sort((p, q) => q[0] - p[0] || p[1] - q[1])
        .slice(0, HEURISTIC_STARTS);
      let added = 0;
      for (const [, j] of starts) {
        const c = ascend(model, columns[j] ?? [], weights, order);
        if (valueOf(c) > threshold && this.addColumn(c)) added++;
      }
      if (added > 0) {
        this.heuristicColumns += added;
        this.emit(progress(lp));
        continue;
      }
      // (b) Exact: the pricing MIP; when it finds nothing better, the LP is optimal over all panels.
      const mip = await solveMip(
        this.solver,
        compositionModel(model, {
          sense: "Maximize",
          objective: weights.map((v, t) => [v, typeVar(t)] as const),
        }),
      );
      this.mipSolves++;
      if (mip.status !== "Optimal") throw new Error(`LEXIMIN pricing MIP ended with status ${mip.status}`);
      const c = readComposition(model, mip);
      const value = valueOf(c);
      if (value <= threshold || !this.addColumn(c)) return { lp, bestWeight: value / scale };
      this.emit(progress(lp));
    }
  }

  async run(): Promise<LeximinOutcome> {
    const { model } = this;

    // 1. Columns covering every type that is in some feasible panel.
    const unselectableTypes = await this.cover();
    if (unselectableTypes === null) return { ok: false, infeasible: await diagnose(model, this.solver) };

    // 2. Leximin over the relaxation, then one decomposition; the staged method when that fails.
    if ((this.options.strategy ?? "relaxation") === "relaxation") {
      const fast = await this.viaRelaxation(unselectableTypes);
      if (fast) return fast;
    }
    return this.staged(unselectableTypes);
  }

  /**
   * The relaxation route. Leximin over the polytope P of fractional compositions (counts
   * 0 ≤ x_t ≤ n_t summing to k within the quotas) is a short sequence of small LPs
   * (relaxation.ts). Every mixture of panels has its expected composition in P, so P's
   * leximin vector is at least as good as any achievable one. If column generation then
   * writes the target x* as a mixture of panels (z = 1 in the master with n_t replaced by
   * x*_t), that mixture is leximin-optimal. Otherwise returns null and the staged method
   * runs, keeping the columns found here.
   */
  private async viaRelaxation(unselectableTypes: readonly number[]): Promise<LeximinOutcome | null> {
    const { model, T } = this;
    const zero = new Set(unselectableTypes);
    let stages = 0;
    const relaxed = await relaxedLeximin(model, this.solver, zero, async (e) => {
      stages = e.stage;
      this.lpSolves++;
      const p = {
        stage: e.stage,
        columns: this.columns.length,
        z: e.z,
        fixedTypes: e.fixedTypes + zero.size,
      };
      await this.checkpoint(p);
      this.emit(p);
    });
    this.stats.relaxationStages = stages;
    const target = relaxed.target;
    const rows = [...Array(T).keys()].filter((t) => !zero.has(t));
    const minLevel = relaxed.levels[0]?.value ?? 0;
    const master = new MasterLp(this.solver, model, this.options.persistentLp ?? true, target);
    let done: {
      lambda: number[];
      levels: LeximinLevel[];
      certificate: DualCertificate;
    } | null = null;
    try {
      const { lp } = await this.generate(
        master,
        rows,
        new Map(),
        (s) => ({
          stage: stages,
          columns: this.columns.length,
          z: Math.max(0, s.z) * minLevel,
          fixedTypes: T,
        }),
        1 - DECOMPOSE_TOL,
      );
      this.decompositionZ = lp.z;
      if (lp.z >= 1 - DECOMPOSE_ACCEPT) {
        // The certificate: the first relaxation stage's duals bound every mixture of panels.
        const weights = new Array<number>(model.n).fill(0);
        for (const t of rows) for (const i of model.types[t]?.members ?? []) weights[i] = relaxed.firstDuals[t] ?? 0;
        const best = await solveMip(
          this.solver,
          compositionModel(model, {
            sense: "Maximize",
            objective: relaxed.firstDuals.map((v, t) => [v, typeVar(t)] as const),
          }),
        );
        this.mipSolves++;
        if (best.status !== "Optimal") throw new Error(`LEXIMIN certificate MIP ended with status ${best.status}`);
        const bestPanelWeight = readComposition(model, best).reduce(
          (s, ct, t) => s + ct * (relaxed.firstDuals[t] ?? 0),
          0,
        );
        const levels: LeximinLevel[] = [];
        if (unselectableTypes.length) levels.push({ value: 0, types: [...unselectableTypes] });
        levels.push(...relaxed.levels);
        this.emit({
          stage: stages,
          columns: this.columns.length,
          z: minLevel,
          fixedTypes: T,
        });
        done = {
          lambda: lp.lambda,
          levels,
          certificate: { value: minLevel, weights, bestPanelWeight },
        };
      }
    } finally {
      this.otherMasters.persistent += master.counts.persistent;
      this.otherMasters.text += master.counts.text;
      master.dispose();
    }
    return done && this.finish(done.lambda, done.levels, unselectableTypes, done.certificate, stages, "relaxation");
  }

  /** The staged method: one column generation per leximin level (see the top of this file). */
  private async staged(unselectableTypes: readonly number[]): Promise<LeximinOutcome> {
    const { model, T } = this;
    const size = (t: number) => this.size(t);
    const fixed = new Map<number, number>();
    const levels: LeximinLevel[] = [];
    if (unselectableTypes.length) {
      for (const t of unselectableTypes) fixed.set(t, 0);
      levels.push({ value: 0, types: [...unselectableTypes] });
    }
    let certificate: DualCertificate | null = null;
    let last: MasterSolution | null = null;
    let stage = 0;
    while (fixed.size < T) {
      stage++;
      const unfixed = [...Array(T).keys()].filter((t) => !fixed.has(t));
      const s = stage;
      const { lp, bestWeight } = await this.generate(this.master, unfixed, fixed, (x) => ({
        stage: s,
        columns: this.columns.length,
        z: x.z,
        fixedTypes: fixed.size,
      }));
      if (certificate === null) {
        const weights = new Array<number>(model.n).fill(0);
        for (const t of unfixed) for (const i of model.types[t]?.members ?? []) weights[i] = lp.y[t] ?? 0;
        certificate = { value: lp.z, weights, bestPanelWeight: bestWeight };
      }
      let tight = unfixed.filter((t) => size(t) * (lp.y[t] ?? 0) > FIX_TOL);
      if (tight.length === 0) {
        // Degenerate duals: fix the type with the largest dual (at least one has mass ≥ 1/T).
        const best = unfixed.reduce((a, b) => (size(b) * (lp.y[b] ?? 0) > size(a) * (lp.y[a] ?? 0) ? b : a));
        tight = [best];
      }
      for (const t of tight) fixed.set(t, lp.z);
      levels.push({ value: lp.z, types: tight });
      this.emit({
        stage,
        columns: this.columns.length,
        z: lp.z,
        fixedTypes: fixed.size,
      });
      last = lp;
    }
    const lambda = last ? last.lambda : this.columns.map(() => 1);
    return this.finish(
      lambda,
      levels,
      unselectableTypes,
      certificate ?? {
        value: 0,
        weights: new Array<number>(model.n).fill(0),
        bestPanelWeight: 0,
      },
      stage,
      "staged",
    );
  }

  /** The distribution from an LP solution over the columns, with the probabilities it implies. */
  private finish(
    lambda: readonly number[],
    levels: LeximinLevel[],
    unselectableTypes: readonly number[],
    certificate: DualCertificate,
    stages: number,
    method: "relaxation" | "staged",
  ): LeximinOutcome {
    const { model, T, columns } = this;
    const size = (t: number) => this.size(t);
    const weights = lambda.map((v) => (v > WEIGHT_EPS ? v : 0));
    const total = weights.reduce((a, b) => a + b, 0);
    const support = columns
      .map((counts, j) => ({ counts, weight: (weights[j] ?? 0) / total }))
      .filter((c) => c.weight > 0)
      .sort((a, b) => compareCounts(a.counts, b.counts));

    const typeProb = new Array<number>(T).fill(0);
    for (const c of support)
      c.counts.forEach((ct, t) => (typeProb[t] = (typeProb[t] ?? 0) + (c.weight * ct) / size(t)));
    const probabilities = model.typeOf.map((t) => typeProb[t] ?? 0);
    const unselectable = unselectableTypes.flatMap((t) => [...(model.types[t]?.members ?? [])]).sort((a, b) => a - b);

    return {
      ok: true,
      result: {
        n: model.n,
        k: model.k,
        types: model.types,
        compositions: support,
        probabilities,
        minProbability: probabilities.reduce((a, b) => Math.min(a, b), Infinity),
        levels,
        unselectable,
        certificate,
        stats: {
          method,
          stages,
          relaxationStages: this.stats.relaxationStages,
          decompositionZ: this.decompositionZ,
          columns: columns.length,
          lpSolves: this.lpSolves,
          mipSolves: this.mipSolves,
          heuristicColumns: this.heuristicColumns,
          persistentLpSolves: this.master.counts.persistent + this.otherMasters.persistent,
          textLpSolves: this.master.counts.text + this.otherMasters.text,
        },
      },
    };
  }
}

/** Can one person of type a be swapped for one of type b without breaking a quota? */
function swapKeepsQuotas(model: Model, counts: readonly number[], a: number, b: number): boolean {
  const fa = model.types[a]?.features ?? [];
  const fb = model.types[b]?.features ?? [];
  for (let k = 0; k < fa.length; k++) {
    const x = fa[k] ?? 0;
    const y = fb[k] ?? 0;
    if (x === y) continue;
    if ((counts[x] ?? 0) - 1 < (model.features[x]?.min ?? 0)) return false;
    if ((counts[y] ?? 0) + 1 > (model.features[y]?.max ?? 0)) return false;
  }
  return true;
}

/**
 * Local search for pricing: from a feasible composition, repeatedly make the
 * single swap (one person of type a out, one of type b in) that raises
 * Σ_t w_t c_t the most while keeping every quota, until none does.
 * `order` lists the types by decreasing weight (ties by index).
 */
function ascend(model: Model, start: readonly number[], w: readonly number[], order: readonly number[]): number[] {
  const c = start.slice();
  const counts = compositionFeatureCounts(model, c);
  const size = (t: number) => model.types[t]?.members.length ?? 0;
  for (let step = 0; step < 10 * model.k + 100; step++) {
    let bestGain = 1e-12;
    let best: [number, number] | null = null;
    for (let ai = order.length - 1; ai >= 0; ai--) {
      const a = order[ai] ?? 0;
      if (!(c[a] ?? 0)) continue;
      const wa = w[a] ?? 0;
      for (const b of order) {
        const gain = (w[b] ?? 0) - wa;
        if (gain <= bestGain) break;
        if (b === a || (c[b] ?? 0) >= size(b)) continue;
        if (swapKeepsQuotas(model, counts, a, b)) {
          bestGain = gain;
          best = [a, b];
          break;
        }
      }
    }
    if (!best) break;
    const [a, b] = best;
    c[a] = (c[a] ?? 0) - 1;
    c[b] = (c[b] ?? 0) + 1;
    for (const f of model.types[a]?.features ?? []) counts[f] = (counts[f] ?? 0) - 1;
    for (const f of model.types[b]?.features ?? []) counts[f] = (counts[f] ?? 0) + 1;
  }
  return c;
}

/**
 * Greedy covering: swap people of already covered types (or of types present
 * more than once) for people of uncovered types while the quotas allow.
 */
function coverBySwaps(model: Model, start: readonly number[], covered: readonly boolean[]): number[] {
  const c = start.slice();
  const counts = compositionFeatureCounts(model, c);
  const T = model.types.length;
  for (let b = 0; b < T; b++) {
    if (covered[b] || (c[b] ?? 0) > 0 || (model.types[b]?.members.length ?? 0) === 0) continue;
    for (let a = 0; a < T; a++) {
      const ca = c[a] ?? 0;
      if (ca === 0 || (!covered[a] && ca < 2)) continue;
      if (!swapKeepsQuotas(model, counts, a, b)) continue;
      c[a] = ca - 1;
      c[b] = 1;
      for (const f of model.types[a]?.features ?? []) counts[f] = (counts[f] ?? 0) - 1;
      for (const f of model.types[b]?.features ?? []) counts[f] = (counts[f] ?? 0) + 1;
      break;
    }
  }
  return c;
}

function compareCounts(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export interface Draw {
  /** Selected people, ascending. */
  readonly panel: number[];
  /** Index into `compositions` of the composition drawn. */
  readonly composition: number;
}

/**
 * Draws one panel: a composition by its weight (one float from the seeded
 * generator against the cumulative weights in canonical order), then, type by
 * type in order, the composition's count of members uniformly without
 * replacement (partial Fisher–Yates over the type's members in row order).
 */
export function drawPanel(result: Pick<LeximinResult, "types" | "compositions">, seed: string): Draw {
  const rng = createRng(seed);
  const u = rng.float();
  let acc = 0;
  let chosen = result.compositions.length - 1;
  for (let j = 0; j < result.compositions.length; j++) {
    acc += result.compositions[j]?.weight ?? 0;
    if (u < acc) {
      chosen = j;
      break;
    }
  }
  const comp = result.compositions[chosen];
  if (!comp) throw new Error("empty distribution");
  const panel: number[] = [];
  result.types.forEach((t, ti) => {
    const c = comp.counts[ti] ?? 0;
    if (c > 0) panel.push(...sample(rng, t.members, c));
  });
  panel.sort((a, b) => a - b);
  return { panel, composition: chosen };
}
