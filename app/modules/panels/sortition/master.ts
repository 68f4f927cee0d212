// The restricted master LP of LEXIMIN's column generation (see leximin.ts):
//
//   max z  s.t.  Σ_j λ_j c_jt − n_t z ≥ 0        t not yet fixed   (row t<t>)
//                Σ_j λ_j c_jt ≥ n_t (f_t − ε)    t fixed at f_t > 0 (row t<t>)
//                Σ_j λ_j = 1                                      (row sum)
//
// It is written as LP text. When the solver offers persistent models, the
// text is loaded once and later rounds only add columns and turn "unfixed"
// rows into "fixed" ones, so HiGHS re-solves from the previous basis. If the
// persistent model fails (a WebAssembly abort, a non-optimal status), the
// session drops it, asks the solver for a fresh module instance, rebuilds the
// model from text, and finally falls back to one-shot text solves.

import { LpWriter } from "./lp.ts";
import type { Model } from "./instance.ts";
import type { LpSolver, PersistentLp, SolveOptions } from "./solver.ts";

export const LP_OPTIONS: SolveOptions = {
  primal_feasibility_tolerance: 1e-10,
  dual_feasibility_tolerance: 1e-10,
};

/**
 * The master LP is re-solved after columns are added: the previous basis stays primal
 * feasible, so primal simplex (HiGHS simplex_strategy 4) continues from it. HiGHS's default
 * (dual simplex) took twice as long per round on the synthetic 2,000-person pool.
 */
export const MASTER_OPTIONS: SolveOptions = { ...LP_OPTIONS, simplex_strategy: 4 };

/** Fixed rows ask for the level minus this, to stay clear of round-off. */
export const FIX_SLACK = 1e-11;

export interface MasterSolution {
  readonly z: number;
  /** λ_j per column. */
  readonly lambda: number[];
  /** Dual per person of each type (≥ 0; 0 for types without a row). */
  readonly y: number[];
  /** Dual of Σλ = 1. */
  readonly mu: number;
}

type Columns = readonly (readonly number[])[];
type Fixed = ReadonlyMap<number, number>;

/**
 * `scale[t]` replaces n_t as the coefficient of z in an unfixed row (default n_t). With
 * scale = a target count vector x*, the LP asks how much of x* the columns can reach
 * (z = 1 exactly when x* is a mixture of the columns); leximin.ts uses that to decompose.
 */
export function masterLpText(
  model: Model,
  columns: Columns,
  unfixed: readonly number[],
  fixed: Fixed,
  scale?: readonly number[],
): string {
  const rowTerms = model.types.map(() => [] as [number, string][]);
  columns.forEach((col, j) => {
    col.forEach((c, t) => {
      if (c) rowTerms[t]?.push([c, `l${j}`]);
    });
  });
  const w = new LpWriter("Maximize", [[1, "z"]], "z");
  for (const t of unfixed) {
    const n = scale?.[t] ?? model.types[t]?.members.length ?? 0;
    w.row(`t${t}`, [...(rowTerms[t] ?? []), [-n, "z"]], ">=", 0);
  }
  for (const [t, level] of fixed) {
    if (level <= 0) continue;
    const n = model.types[t]?.members.length ?? 0;
    const terms = rowTerms[t] ?? [];
    if (terms.length === 0) throw new Error(`type ${t} is fixed at ${level} but in no column`);
    w.row(`t${t}`, terms, ">=", n * Math.max(0, level - FIX_SLACK));
  }
  w.row(
    "sum",
    columns.map((_, j) => [1, `l${j}`] as const),
    "=",
    1,
  );
  w.bound("z free");
  return w.toString();
}

export class MasterLp {
  private lp: PersistentLp | null = null;
  private colIdx: number[] = [];
  private rowIdx = new Map<number, number>();
  /** Level each row currently encodes (undefined: unfixed). */
  private rowLevel = new Map<number, number>();
  private zIdx = -1;
  private sumIdx = -1;
  private failures = 0;
  /** Solves done through a persistent model / through one-shot text. */
  readonly counts = { persistent: 0, text: 0, rebuilds: 0 };

  constructor(
    private readonly solver: LpSolver,
    private readonly model: Model,
    private readonly usePersistent = true,
    private readonly scale?: readonly number[],
  ) {}

  async solve(columns: Columns, unfixed: readonly number[], fixed: Fixed): Promise<MasterSolution> {
    while (this.usePersistent && this.solver.openLp && this.failures < 2) {
      try {
        const s = await this.solvePersistent(columns, unfixed, fixed);
        this.counts.persistent++;
        return s;
      } catch {
        this.failures++;
        this.drop();
        this.solver.reset?.();
      }
    }
    this.counts.text++;
    return this.solveText(columns, unfixed, fixed);
  }

  dispose(): void {
    this.drop();
  }

  private drop(): void {
    try {
      this.lp?.dispose();
    } catch {
      // the instance may already be unusable
    }
    this.lp = null;
  }

  private size(t: number): number {
    return this.model.types[t]?.members.length ?? 0;
  }

  private async solvePersistent(columns: Columns, unfixed: readonly number[], fixed: Fixed): Promise<MasterSolution> {
    if (this.lp === null) {
      this.counts.rebuilds++;
      const lp = await this.solver.openLp!(
        masterLpText(this.model, columns, unfixed, fixed, this.scale),
        MASTER_OPTIONS,
      );
      this.lp = lp;
      this.zIdx = lp.colIndex("z");
      this.sumIdx = lp.rowIndex("sum");
      this.colIdx = columns.map((_, j) => lp.colIndex(`l${j}`));
      this.rowIdx = new Map();
      this.rowLevel = new Map();
      for (const t of unfixed) this.rowIdx.set(t, lp.rowIndex(`t${t}`));
      for (const [t, level] of fixed) {
        if (level > 0) {
          this.rowIdx.set(t, lp.rowIndex(`t${t}`));
          this.rowLevel.set(t, level);
        }
      }
    } else {
      const lp = this.lp;
      for (let j = this.colIdx.length; j < columns.length; j++) {
        const rows: number[] = [this.sumIdx];
        const values: number[] = [1];
        (columns[j] ?? []).forEach((c, t) => {
          const r = this.rowIdx.get(t);
          if (c && r !== undefined) {
            rows.push(r);
            values.push(c);
          }
        });
        this.colIdx.push(lp.addColumn(0, rows, values));
      }
      for (const [t, level] of fixed) {
        if (this.rowLevel.get(t) === level) continue;
        const r = this.rowIdx.get(t);
        if (r === undefined) {
          if (level <= 0) continue;
          throw new Error(`type ${t} has no row to fix`); // rebuilt from text by the caller
        }
        lp.setCoefficient(r, this.zIdx, 0);
        lp.setRowBounds(r, this.size(t) * Math.max(0, level - FIX_SLACK), Infinity);
        this.rowLevel.set(t, level);
      }
    }
    const snap = this.lp.run();
    if (snap.status !== "Optimal") throw new Error(`master LP status ${snap.status}`);
    const y = new Array<number>(this.model.types.length).fill(0);
    for (const [t, r] of this.rowIdx) y[t] = Math.max(0, -(snap.rowDual[r] ?? 0));
    return {
      z: snap.colValue[this.zIdx] ?? 0,
      lambda: this.colIdx.map((c) => snap.colValue[c] ?? 0),
      y,
      mu: snap.rowDual[this.sumIdx] ?? 0,
    };
  }

  private async solveText(columns: Columns, unfixed: readonly number[], fixed: Fixed): Promise<MasterSolution> {
    const r = await this.solver.solve(masterLpText(this.model, columns, unfixed, fixed, this.scale), MASTER_OPTIONS);
    if (r.status !== "Optimal") throw new Error(`LEXIMIN master LP ended with status ${r.status}`);
    const y = new Array<number>(this.model.types.length).fill(0);
    let mu = 0;
    for (const row of r.rows) {
      if (row.name === "sum") mu = row.dual;
      else if (row.name.startsWith("t")) y[Number(row.name.slice(1))] = Math.max(0, -row.dual);
    }
    const lambda = columns.map((_, j) => r.columns.get(`l${j}`)?.primal ?? 0);
    return { z: r.columns.get("z")?.primal ?? r.objective, lambda, y, mu };
  }
}
