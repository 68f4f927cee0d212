// One entry point for a draw: compile the instance, run the chosen method,
// draw one panel with the seed, and describe it for a published audit.
// Pure (no I/O besides the WebAssembly solver); the CLI and the panel job
// both call `selectPanel`.

import { compile, featureCounts, type Instance, type Model } from "./instance.ts";
import { describeReport, diagnose, relaxQuotas, type InfeasibilityReport } from "./infeasibility.ts";
import { LEGACY_MAX_ATTEMPTS, legacyDraw, legacyProbabilities } from "./legacy.ts";
import { drawPanel, leximinModel, type LeximinProgress, type LeximinResult } from "./leximin.ts";
import { defaultSolver, type LpSolver } from "./solver.ts";

/** Bumped whenever a change could alter a draw for the same input and seed (2: LEXIMIN relaxation first, ADR 044). */
export const ALGORITHM_VERSION = "medvirk-sortition-2";

export type Method = "leximin" | "legacy";
export const METHODS: readonly Method[] = ["leximin", "legacy"];

/** Monte Carlo runs behind LEGACY's published probabilities (the paper used 10,000). */
export const LEGACY_RUNS = 10_000;

export interface SelectOptions {
  readonly method: Method;
  readonly seed: string;
  readonly solver?: LpSolver;
  /** LEGACY only: runs of the probability estimate (default 10,000). */
  readonly legacyRuns?: number;
  readonly onProgress?: (e: LeximinProgress) => void;
  /** LEXIMIN only: stops the computation (it then rejects with LeximinAborted). */
  readonly signal?: AbortSignal;
}

export interface Selection {
  readonly method: Method;
  readonly algorithmVersion: string;
  readonly seed: string;
  readonly n: number;
  readonly k: number;
  /** Per person in row order: exact for LEXIMIN, a Monte Carlo estimate for LEGACY. */
  readonly probabilities: readonly number[];
  readonly minProbability: number;
  /** The drawn panel: row indices (0-based), ascending. */
  readonly panel: readonly number[];
  /** LEXIMIN only: the distribution the panel was drawn from. */
  readonly leximin?: LeximinResult;
  /** LEXIMIN only: index of the drawn composition in leximin.compositions. */
  readonly composition?: number;
  /** LEGACY only. */
  readonly legacy?: { readonly attempts: number; readonly runs: number; readonly attemptsPerRun: number };
}

export type SelectOutcome =
  | { readonly ok: true; readonly selection: Selection; readonly model: Model }
  | { readonly ok: false; readonly infeasible: InfeasibilityReport; readonly message: string; readonly model: Model };

/** Derived seed for LEGACY's estimate, so the draw itself uses the seed's first outputs. */
const estimateSeed = (seed: string) => `${seed}/legacy-estimate`;

/** Throws SortitionInputError on structural problems; returns an infeasibility report when no panel meets the quotas. */
export async function selectPanel(instance: Instance, options: SelectOptions): Promise<SelectOutcome> {
  const model = compile(instance);
  const solver = options.solver ?? defaultSolver();
  const infeasible = async (report?: InfeasibilityReport): Promise<SelectOutcome> => {
    const r = report ?? (await diagnose(model, solver));
    return { ok: false, infeasible: r, message: describeReport(r), model };
  };

  if (options.method === "leximin") {
    const outcome = await leximinModel(model, { solver, onProgress: options.onProgress, signal: options.signal });
    if (!outcome.ok) return infeasible(outcome.infeasible);
    const result = outcome.result;
    const draw = drawPanel(result, options.seed);
    return {
      ok: true,
      model,
      selection: {
        method: "leximin",
        algorithmVersion: ALGORITHM_VERSION,
        seed: options.seed,
        n: model.n,
        k: model.k,
        probabilities: result.probabilities,
        minProbability: result.minProbability,
        panel: draw.panel,
        leximin: result,
        composition: draw.composition,
      },
    };
  }

  // LEGACY can fail by bad luck even when panels exist; make sure one exists first.
  const relaxation = await relaxQuotas(model, solver);
  if (relaxation === null || relaxation.total > 0) return infeasible();
  const draw = legacyDraw(model, options.seed, LEGACY_MAX_ATTEMPTS);
  const estimate = legacyProbabilities(model, estimateSeed(options.seed), options.legacyRuns ?? LEGACY_RUNS);
  return {
    ok: true,
    model,
    selection: {
      method: "legacy",
      algorithmVersion: ALGORITHM_VERSION,
      seed: options.seed,
      n: model.n,
      k: model.k,
      probabilities: estimate.probabilities,
      minProbability: estimate.probabilities.reduce((a, b) => Math.min(a, b), Infinity),
      panel: draw.panel,
      legacy: { attempts: draw.attempts, runs: estimate.runs, attemptsPerRun: estimate.attemptsPerRun },
    },
  };
}

export interface AuditCell {
  readonly category: string;
  readonly feature: string;
  readonly min: number;
  readonly max: number;
  /** Pool members with this feature; null when fewer than the k-anonymity threshold (but not 0). */
  readonly pool: number | null;
  readonly selected: number;
}

export interface Audit {
  readonly algorithmVersion: string;
  readonly method: Method;
  readonly seed: string;
  readonly n: number;
  readonly k: number;
  readonly quotas: readonly AuditCell[];
  /** Selection probabilities sorted ascending: anonymised (no row order). */
  readonly probabilities: readonly number[];
  readonly minProbability: number;
  /** LEXIMIN only: the distribution, as compositions over anonymous types, so the draw can be re-run without a solver. */
  readonly distribution?: readonly { readonly weight: number; readonly counts: readonly number[] }[];
  /** The command that re-runs the draw from the instance files. */
  readonly reproduce: string;
}

/**
 * The public record of a draw. Pool counts below `anonymity` (default 5) are
 * suppressed; probabilities are published without row order.
 */
export function auditOf(
  model: Model,
  selection: Selection,
  options: { anonymity?: number; instanceDir?: string } = {},
): Audit {
  const threshold = options.anonymity ?? 5;
  const pool = featureCounts(model, [...Array(model.n).keys()]);
  const selected = featureCounts(model, selection.panel);
  const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  return {
    algorithmVersion: selection.algorithmVersion,
    method: selection.method,
    seed: selection.seed,
    n: selection.n,
    k: selection.k,
    quotas: model.features.map((f, i) => ({
      category: f.category,
      feature: f.feature,
      min: f.min,
      max: f.max,
      pool: pool[i]! > 0 && pool[i]! < threshold ? null : pool[i]!,
      selected: selected[i]!,
    })),
    probabilities: [...selection.probabilities].sort((a, b) => a - b),
    minProbability: selection.minProbability,
    distribution: selection.leximin?.compositions.map((c) => ({ weight: c.weight, counts: c.counts })),
    reproduce:
      `npx medvirk panel draw --method ${selection.method} --instance ${quote(options.instanceDir ?? "<dir>")}` +
      ` --size ${selection.k} --seed ${quote(selection.seed)}`,
  };
}
