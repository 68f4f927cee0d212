// Replacing a panel member who drops out, keeping every quota. Pure.
//
// The rule (README.md): the replacement is a pool member not on the panel
// (and not withdrawn) such that the panel with them instead of the one who
// left still meets every quota. Among those, someone with exactly the same
// features as the one who left is preferred (the panel's composition stays
// the same); the choice among the preferred is uniform, drawn with the seed.
import { featureCounts, violationAmount, type Model } from "./sortition/instance.ts";
import { createRng } from "./sortition/prng.ts";

export interface ReplacementChoice {
  readonly row: number;
  /** true when the replacement has the same features as the person who left. */
  readonly sameProfile: boolean;
  /** How many pool members could have replaced them (keeping quotas). */
  readonly candidates: number;
}

export function chooseReplacement(
  model: Model,
  panel: readonly number[],
  leaving: number,
  available: readonly number[],
  seed: string,
): ReplacementChoice | null {
  const rest = panel.filter((r) => r !== leaving);
  const onPanel = new Set(panel);
  const keeps = available.filter(
    (r) => !onPanel.has(r) && violationAmount(model, featureCounts(model, [...rest, r])) === 0,
  );
  if (keeps.length === 0) return null;
  const same = keeps.filter((r) => model.typeOf[r] === model.typeOf[leaving]);
  const pool = same.length ? same : keeps;
  const rng = createRng(seed);
  return { row: pool[rng.below(pool.length)]!, sameProfile: same.length > 0, candidates: keeps.length };
}
