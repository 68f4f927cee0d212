// Pure helpers shared by the budgeting tests (imported only from *.test.ts files).
import type { Election } from "./election.ts";
import { parseDecimal, rescale } from "./exact.ts";

/** An approval election from plain numbers (costs and budget may be fractional). */
export function approvalElection(
  projects: Record<string, number>,
  budget: number,
  ballots: readonly (readonly string[])[],
): Election {
  const ids = Object.keys(projects);
  const dec = (x: number) => {
    const d = parseDecimal(String(x));
    if (!d) throw new Error(`not a decimal: ${x}`);
    return d;
  };
  const all = [dec(budget), ...ids.map((id) => dec(projects[id]!))];
  const scale = Math.max(...all.map((d) => d.scale));
  const index = new Map(ids.map((id, j) => [id, j]));
  return {
    kind: "approval",
    budget: rescale(all[0]!, scale),
    scale,
    projects: ids.map((id, j) => ({ id, cost: rescale(all[j + 1]!, scale) })),
    ballots: ballots.map((b) => ({ projects: b.map((id) => index.get(id)!), points: null })),
  };
}
