// MIP models over "compositions": how many people of each type a panel holds.
// Variable c<t> is the number of selected people of type t (0..|type|); a
// composition is feasible when the counts sum to k and every quota holds.

import { LpWriter } from "./lp.ts";
import type { Model } from "./instance.ts";
import type { LpResult, LpSolver, SolveOptions } from "./solver.ts";

/** MIP options: solve to (numerical) optimality, quietly. */
export const MIP_OPTIONS: SolveOptions = {
  mip_rel_gap: 1e-9,
  mip_abs_gap: 1e-10,
  mip_feasibility_tolerance: 1e-9,
  primal_feasibility_tolerance: 1e-9,
};

export const typeVar = (t: number) => `c${t}`;

export function typesByFeature(model: Model): number[][] {
  const out: number[][] = model.features.map(() => []);
  model.types.forEach((t, ti) => {
    for (const f of t.features) out[f]?.push(ti);
  });
  return out;
}

export interface CompositionModelOptions {
  readonly sense: "Maximize" | "Minimize";
  readonly objective: Iterable<readonly [number, string]>;
  /** Add integer slack variables dn<f> (lower) and up<f> (upper) to every quota. */
  readonly relax?: boolean;
  /** Extra rows/variables (e.g. coverage indicators). */
  readonly extend?: (w: LpWriter) => void;
}

/**
 * The rows every composition meets: Σ_t v(t) = k, and each quota's min and max over the types
 * with that feature (`v` names the count variable of type t). With `relax`, every quota gets
 * integer slack variables dn<f> and up<f>.
 */
export function writeCompositionRows(w: LpWriter, model: Model, v: (t: number) => string, relax = false): void {
  const byFeature = typesByFeature(model);
  w.row(
    "size",
    model.types.map((_, t) => [1, v(t)] as const),
    "=",
    model.k,
  );
  model.features.forEach((f, fi) => {
    const terms = (byFeature[fi] ?? []).map((t) => [1, v(t)] as [number, string]);
    if (relax) {
      if (f.min > 0) w.row(`lo${fi}`, [...terms, [1, `dn${fi}`]], ">=", f.min);
      w.row(`hi${fi}`, [...terms, [-1, `up${fi}`]], "<=", f.max);
      w.bound(`dn${fi} <= ${f.min}`).bound(`up${fi} <= ${model.k}`).general(`dn${fi}`).general(`up${fi}`);
      return;
    }
    if (terms.length === 0) {
      // No pool member has this feature, so a positive minimum cannot hold:
      // state that as a row nothing satisfies (type 0's count above its bound).
      if (f.min > 0) w.row(`lo${fi}`, [[1, v(0)]], ">=", (model.types[0]?.members.length ?? 0) + 1);
      return;
    }
    if (f.min > 0) w.row(`lo${fi}`, terms, ">=", f.min);
    if (f.max < f.available) w.row(`hi${fi}`, terms, "<=", f.max);
  });
}

export function compositionModel(model: Model, options: CompositionModelOptions): string {
  const w = new LpWriter(options.sense, options.objective, typeVar(0));
  writeCompositionRows(w, model, typeVar, options.relax);
  options.extend?.(w);
  model.types.forEach((t, ti) => {
    if (t.members.length === 1) w.binary(typeVar(ti));
    else w.bound(`${typeVar(ti)} <= ${t.members.length}`).general(typeVar(ti));
  });
  return w.toString();
}

/** Reads integral counts per type from a MIP result. */
export function readComposition(model: Model, r: LpResult): number[] {
  return model.types.map((_, t) => Math.round(r.columns.get(typeVar(t))?.primal ?? 0));
}

export async function solveMip(solver: LpSolver, lp: string): Promise<LpResult> {
  return solver.solve(lp, MIP_OPTIONS);
}
