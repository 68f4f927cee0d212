// Leximin over the relaxation: fractional compositions x (0 ≤ x_t ≤ n_t, Σ x_t = k,
// every quota min ≤ Σ_{t has f} x_t ≤ max). The expected composition of any mixture of
// quota-feasible panels lies in this polytope P, so the leximin vector of x_t / n_t over P
// is at least as good, level by level, as anything a lottery over panels can achieve.
// Each stage is one small LP (T + 1 variables, about T + 2·features rows):
//     max z  s.t.  x_t − n_t z ≥ 0          t not yet fixed
//                  x_t ≥ n_t (f_t − ε)      t fixed at level f_t
//                  x ∈ P,  x_t = 0 for types in no feasible panel
// and, as in the staged method, the types whose row has a positive dual are fixed at z.
// leximin.ts then tries to write the final x as a mixture of panels.

import { writeCompositionRows } from "./compositions.ts";
import type { Model } from "./instance.ts";
import { FIX_TOL, type LeximinLevel } from "./levels.ts";
import { LpWriter } from "./lp.ts";
import { FIX_SLACK, LP_OPTIONS } from "./master.ts";
import type { LpSolver } from "./solver.ts";

export interface RelaxedLeximin {
  /** Levels in increasing order (types in no feasible panel are not included). */
  readonly levels: LeximinLevel[];
  /** x*: the expected number of selected people per type at the relaxed leximin point. */
  readonly target: number[];
  /** Dual of each type's row in the first stage (Σ_t n_t y_t = 1): a bound on every mixture's minimum. */
  readonly firstDuals: number[];
}

export function relaxedLpText(model: Model, zero: ReadonlySet<number>, fixed: ReadonlyMap<number, number>): string {
  const x = (t: number) => `x${t}`;
  const w = new LpWriter("Maximize", [[1, "z"]], "z");
  writeCompositionRows(w, model, x);
  model.types.forEach((type, t) => {
    const n = type.members.length;
    if (zero.has(t)) {
      w.bound(`${x(t)} = 0`);
      return;
    }
    const level = fixed.get(t);
    if (level === undefined)
      w.row(
        `t${t}`,
        [
          [1, x(t)],
          [-n, "z"],
        ],
        ">=",
        0,
      );
    else w.row(`t${t}`, [[1, x(t)]], ">=", n * Math.max(0, level - FIX_SLACK));
    w.bound(`${x(t)} <= ${n}`);
  });
  w.bound("z free");
  return w.toString();
}

export async function relaxedLeximin(
  model: Model,
  solver: LpSolver,
  zero: ReadonlySet<number>,
  onStage: (e: { stage: number; z: number; fixedTypes: number }) => Promise<void> | void,
): Promise<RelaxedLeximin> {
  const T = model.types.length;
  const size = (t: number) => model.types[t]?.members.length ?? 0;
  const fixed = new Map<number, number>();
  const levels: LeximinLevel[] = [];
  let target = new Array<number>(T).fill(0);
  let firstDuals: number[] | null = null;
  let stage = 0;
  while (fixed.size + zero.size < T) {
    stage++;
    const r = await solver.solve(relaxedLpText(model, zero, fixed), LP_OPTIONS);
    if (r.status !== "Optimal") throw new Error(`LEXIMIN relaxation LP ended with status ${r.status}`);
    const z = r.columns.get("z")?.primal ?? r.objective;
    const y = new Array<number>(T).fill(0);
    for (const row of r.rows) if (row.name.startsWith("t")) y[Number(row.name.slice(1))] = Math.max(0, -row.dual);
    const unfixed = [...Array(T).keys()].filter((t) => !zero.has(t) && !fixed.has(t));
    firstDuals ??= y.map((v, t) => (unfixed.includes(t) ? v : 0));
    let tight = unfixed.filter((t) => size(t) * (y[t] ?? 0) > FIX_TOL);
    if (tight.length === 0) tight = [unfixed.reduce((a, b) => (size(b) * (y[b] ?? 0) > size(a) * (y[a] ?? 0) ? b : a))];
    for (const t of tight) fixed.set(t, z);
    levels.push({ value: z, types: tight });
    target = model.types.map((_, t) => Math.max(0, r.columns.get(`x${t}`)?.primal ?? 0));
    await onStage({ stage, z, fixedTypes: fixed.size });
  }
  return { levels, target, firstDuals: firstDuals ?? new Array<number>(T).fill(0) };
}
