// Tallying a participatory budget: the greedy rule and the Method of Equal
// Shares (MES) with its completions, plus the data to explain each result.
// Pure: data in, data out. The rules in prose are in README.md.
import { type Ballot, type BallotRules, validateBallot } from "./rules.ts";
import { type Election, supportOf } from "./election.ts";
import { type Rational, formatUnits, rat } from "./exact.ts";
import { type MesPurchase, type MesUtility, prepareMes, runMes, runMesAdd1 } from "./mes.ts";
import type { PbMeta } from "./pabulib.ts";
import { DEFAULT_TIE_BREAK, type TieBreak, tieBreakRanks } from "./tiebreak.ts";

export type { TieBreak, TieBreakCriterion } from "./tiebreak.ts";

// ---------------------------------------------------------------------------
// Results

export type ProjectResult = {
  readonly id: string;
  /** Money units (see Election.scale). */
  readonly cost: bigint;
  /** Voters who chose it, and their points (approval: points = votes). */
  readonly votes: number;
  readonly score: number;
  readonly selected: boolean;
  /**
   * Why: "greedy" (bought in greedy order), "mes" (bought by MES), "completion" (added by the
   * greedy completion after MES), "free" (zero cost, bought by MES for nothing), or for a project
   * not selected: "below-threshold", "did-not-fit" (greedy: not enough budget left at its turn),
   * "stopped" (greedy without skipping: an earlier project did not fit), "not-affordable"
   * (MES: its supporters had too little money left), "no-support", "replaced-by-greedy"
   * (the comparison step chose the greedy outcome), "preselected".
   */
  readonly reason:
    | "greedy"
    | "mes"
    | "completion"
    | "free"
    | "preselected"
    | "below-threshold"
    | "did-not-fit"
    | "stopped"
    | "not-affordable"
    | "no-support"
    | "replaced-by-greedy";
  /** Greedy: 1-based position in the greedy order, and the budget left when it was considered. */
  readonly greedyPosition?: number;
  readonly budgetLeftAtTurn?: bigint;
  /** Greedy, did-not-fit: how much cheaper it would have needed to be (cost - budget left). */
  readonly shortfall?: bigint;
  /** MES, bought: the round, how many supporters paid, and the most anyone paid per point of weight. */
  readonly mes?: {
    readonly round: number;
    readonly payers: number;
    /** Payers who gave all the money they had left. */
    readonly payersExhausted: number;
    /** Supporters who had nothing left to give. */
    readonly supportersWithoutMoney: number;
    /** Price per unit of weight (approval: the full share one supporter paid), money units. */
    readonly rho: Rational;
    /** Total paid by the voters: always exactly the cost. */
    readonly paid: bigint;
  };
  /** MES, not bought: money its supporters still had at the end, and what was missing (cost - that). */
  readonly supportersMoney?: Rational;
  readonly moneyShortfall?: Rational;
};

export type TallyResult = {
  readonly rule: "greedy" | "mes";
  /** Selected project ids, in the order they were selected. */
  readonly selected: readonly string[];
  /** Total cost of the selected projects (money units), the budget, and the decimals of money units. */
  readonly cost: bigint;
  readonly budget: bigint;
  readonly scale: number;
  readonly projects: readonly ProjectResult[];
  readonly voters: number;
  /** Voters with at least one selected project on their ballot. */
  readonly votersWithWinner: number;
  /** MES details. */
  readonly mes?: {
    /** Endowment per voter in the final run (money units). */
    readonly endowment: Rational;
    /** Add1: increments applied, and MES runs actually computed. */
    readonly add1Steps: number;
    readonly runs: number;
    readonly comparison?: { readonly prefersMes: number; readonly prefersGreedy: number; readonly keptMes: boolean };
  };
};

/** votersWithWinner / voters as a fraction. */
export function shareWithWinner(r: TallyResult): Rational {
  return r.voters === 0 ? rat(0n) : rat(BigInt(r.votersWithWinner), BigInt(r.voters));
}

/** A money amount in currency units as a decimal string, e.g. "2532645.83". */
export function formatMoney(units: bigint, scale: number): string {
  return formatUnits(units, scale);
}

// ---------------------------------------------------------------------------
// Greedy

export type GreedyOptions = {
  /**
   * What projects are ordered by: "score" (approvals; points for cumulative and ordinal ballots)
   * or "score-per-cost" (score divided by cost, zero-cost projects first).
   */
  readonly orderBy?: "score" | "score-per-cost";
  /** Projects whose score is below this are not eligible (Pabulib min_project_score_threshold). */
  readonly threshold?: number;
  /** true (default): skip a project that does not fit and go on; false: stop at the first one that does not fit. */
  readonly skip?: boolean;
  readonly tieBreak?: TieBreak;
  /** Project ids funded before the rule runs (their cost is taken from the budget). */
  readonly preselected?: readonly string[];
};

/**
 * Greedy: take projects from the highest score down; fund each one that still
 * fits in the budget (or stop at the first that does not, with skip=false).
 */
export function greedy(e: Election, o: GreedyOptions = {}): TallyResult {
  const { votes, score } = supportOf(e);
  const rank = tieBreakRanks(e, o.tieBreak ?? DEFAULT_TIE_BREAK);
  const pre = indicesOf(e, o.preselected ?? []);
  const outcome = greedyOrder(e, score, rank, o, pre);
  const selected = [...pre, ...outcome.added];
  const projects = e.projects.map((p, j): ProjectResult => {
    const base = { id: p.id, cost: p.cost, votes: votes[j]!, score: score[j]! };
    if (pre.includes(j)) return { ...base, selected: true, reason: "preselected" };
    const info = outcome.info[j]!;
    return { ...base, selected: info.reason === "greedy", ...info };
  });
  return finish(e, "greedy", selected, projects);
}

type GreedyInfo = Pick<ProjectResult, "reason" | "greedyPosition" | "budgetLeftAtTurn" | "shortfall">;

function greedyOrder(
  e: Election,
  score: readonly number[],
  rank: Int32Array,
  o: GreedyOptions,
  pre: readonly number[],
): { added: number[]; info: GreedyInfo[] } {
  const perCost = o.orderBy === "score-per-cost";
  const order = e.projects.map((_, j) => j).filter((j) => !pre.includes(j));
  order.sort((a, b) => {
    if (perCost) {
      // score_a / cost_a vs score_b / cost_b, exactly; cost 0 counts as infinitely good.
      const ca = e.projects[a]!.cost;
      const cb = e.projects[b]!.cost;
      if (ca === 0n || cb === 0n) {
        if (ca !== cb) return ca === 0n ? -1 : 1;
      } else {
        const l = BigInt(score[a]!) * cb;
        const r = BigInt(score[b]!) * ca;
        if (l !== r) return l > r ? -1 : 1;
      }
    } else if (score[a] !== score[b]) return score[b]! - score[a]!;
    return rank[a]! - rank[b]!;
  });
  let left = e.budget;
  for (const j of pre) left -= e.projects[j]!.cost;
  const info: GreedyInfo[] = e.projects.map(() => ({ reason: "did-not-fit" }));
  const added: number[] = [];
  let stopped = false;
  order.forEach((j, position) => {
    const cost = e.projects[j]!.cost;
    const at = { greedyPosition: position + 1, budgetLeftAtTurn: left };
    if (o.threshold !== undefined && score[j]! < o.threshold) {
      info[j] = { reason: "below-threshold", ...at };
    } else if (stopped) {
      info[j] = { reason: "stopped", ...at };
    } else if (cost <= left) {
      info[j] = { reason: "greedy", ...at };
      added.push(j);
      left -= cost;
    } else {
      info[j] = { reason: "did-not-fit", ...at, shortfall: cost - left };
      if (o.skip === false) stopped = true;
    }
  });
  return { added, info };
}

// ---------------------------------------------------------------------------
// Method of Equal Shares

export type MesCompletion = "none" | "add1" | "add1-exhaustive";

export type MesOptions = {
  /**
   * "cost" (default for approval ballots): a voter's utility for a project is its cost, the
   * equalshares.net standard ("cost utilities"). "points" (default for cumulative and ordinal):
   * the voter's points (approval: 1 per project).
   */
  readonly utility?: MesUtility;
  /**
   * "add1": raise every voter's endowment by `increment` and rerun, while the outcome still fits
   * the budget; keep the last outcome that fits. "add1-exhaustive": the same, but stop at the
   * first outcome to which no further project could be added.
   */
  readonly completion?: MesCompletion;
  /** Add1 step per voter, money units (default: 1 currency unit). */
  readonly increment?: Rational;
  /** Afterwards, fill the remaining budget greedily (by score, skipping what does not fit). */
  readonly greedyCompletion?: boolean;
  /**
   * Compare the result with plain greedy and switch to greedy if strictly more voters prefer it.
   * "satisfaction": a voter prefers the outcome giving them more points (approval: more approved
   * projects). "exclusion": a voter prefers an outcome containing at least one of their projects
   * over one containing none.
   */
  readonly comparison?: "none" | "satisfaction" | "exclusion";
  readonly tieBreak?: TieBreak;
  readonly preselected?: readonly string[];
  /** Skip Add1 steps that provably give the same outcome (default true; the result is identical). */
  readonly jump?: boolean;
};

export function equalShares(e: Election, o: MesOptions = {}): TallyResult {
  const { votes, score } = supportOf(e);
  const tieBreak = o.tieBreak ?? DEFAULT_TIE_BREAK;
  const rank = tieBreakRanks(e, tieBreak);
  const pre = indicesOf(e, o.preselected ?? []);
  const utility: MesUtility = o.utility ?? (e.kind === "approval" ? "cost" : "points");
  const P = prepareMes(e, { utility, rank, exclude: new Set(pre) });
  const n = BigInt(e.ballots.length);
  if (n === 0n) throw new Error("no ballots");
  const unit = 10n ** BigInt(e.scale);
  let preCost = 0n;
  for (const j of pre) preCost += e.projects[j]!.cost;
  const fits = (cost: bigint) => preCost + cost <= e.budget;
  const completion = o.completion ?? "none";

  let run;
  let endowment: Rational = rat(e.budget, n);
  let add1Steps = 0;
  let runs = 1;
  if (completion === "none") {
    run = runMes(P, { num: e.budget, den: n }, { explain: true });
  } else {
    const inc = o.increment ?? rat(unit);
    const chosen = new Set<number>();
    const res = runMesAdd1(P, {
      budget: e.budget,
      increment: { num: inc.n, den: inc.d },
      feasible: (r) => fits(r.cost),
      stopAt:
        completion === "add1-exhaustive"
          ? (r) => {
              chosen.clear();
              for (const j of pre) chosen.add(j);
              for (const j of r.winners) chosen.add(j);
              return isExhaustive(e, chosen, preCost + r.cost);
            }
          : undefined,
      jump: o.jump,
      explain: true,
    });
    run = res.run;
    endowment = rat(res.endowment.num, res.endowment.den);
    add1Steps = Number(res.steps);
    runs = res.runs;
  }

  const bought = new Map<number, MesPurchase>();
  for (const p of run.purchases) bought.set(p.project, p);
  let selected = [...pre, ...run.winners];
  const completed = new Set<number>();
  if (o.greedyCompletion) {
    const g = greedyOrder(e, score, rank, { tieBreak }, selected);
    for (const j of g.added) completed.add(j);
    selected = [...selected, ...g.added];
  }
  let comparison: { prefersMes: number; prefersGreedy: number; keptMes: boolean } | undefined;
  if (o.comparison !== undefined && o.comparison !== "none") {
    const plain = greedyOrder(e, score, rank, { tieBreak }, []).added;
    const c = compareOutcomes(e, selected, plain, o.comparison);
    comparison = { ...c, keptMes: c.prefersGreedy <= c.prefersMes };
    if (!comparison.keptMes) selected = plain;
  }
  const final = new Set(selected);
  const projects = e.projects.map((p, j): ProjectResult => {
    const base = { id: p.id, cost: p.cost, votes: votes[j]!, score: score[j]! };
    const purchase = bought.get(j);
    const mesInfo = purchase && {
      mes: {
        round: purchase.round,
        payers: purchase.payers,
        payersExhausted: purchase.payersExhausted,
        supportersWithoutMoney: purchase.supportersWithoutMoney,
        rho: purchase.rho,
        paid: p.cost,
      },
    };
    if (comparison && !comparison.keptMes) {
      return final.has(j)
        ? { ...base, selected: true, reason: "greedy" }
        : { ...base, selected: false, reason: "replaced-by-greedy", ...mesInfo };
    }
    if (pre.includes(j)) return { ...base, selected: true, reason: "preselected" };
    if (purchase) return { ...base, selected: true, reason: purchase.round < 0 ? "free" : "mes", ...mesInfo };
    if (completed.has(j)) return { ...base, selected: true, reason: "completion" };
    if (P.supporters[j] === 0 || (utility === "cost" && p.cost === 0n))
      return { ...base, selected: false, reason: "no-support" };
    const money = run.supportersMoneyAtEnd?.[j];
    if (!money) return { ...base, selected: false, reason: "not-affordable" };
    const missing = rat(p.cost * money.d - money.n, money.d);
    return { ...base, selected: false, reason: "not-affordable", supportersMoney: money, moneyShortfall: missing };
  });
  return { ...finish(e, "mes", selected, projects), mes: { endowment, add1Steps, runs, comparison } };
}

/** True when no project outside `chosen` fits in the money left (budget - spent). */
export function isExhaustive(e: Election, chosen: ReadonlySet<number>, spent: bigint): boolean {
  const left = e.budget - spent;
  return e.projects.every((p, j) => chosen.has(j) || p.cost > left);
}

function compareOutcomes(
  e: Election,
  a: readonly number[],
  b: readonly number[],
  how: "satisfaction" | "exclusion",
): { prefersMes: number; prefersGreedy: number } {
  const inA = new Set(a);
  const inB = new Set(b);
  let prefersMes = 0;
  let prefersGreedy = 0;
  for (const ballot of e.ballots) {
    let sa = 0;
    let sb = 0;
    ballot.projects.forEach((j, k) => {
      const w = ballot.points ? ballot.points[k]! : 1;
      if (inA.has(j)) sa += how === "exclusion" ? 1 : w;
      if (inB.has(j)) sb += how === "exclusion" ? 1 : w;
    });
    if (how === "exclusion") {
      sa = Math.min(sa, 1);
      sb = Math.min(sb, 1);
    }
    if (sa > sb) prefersMes++;
    else if (sb > sa) prefersGreedy++;
  }
  return { prefersMes, prefersGreedy };
}

// ---------------------------------------------------------------------------
// Shared helpers

function indicesOf(e: Election, ids: readonly string[]): number[] {
  const index = new Map(e.projects.map((p, j) => [p.id, j]));
  return ids.map((id) => {
    const j = index.get(id);
    if (j === undefined) throw new Error(`unknown project "${id}"`);
    return j;
  });
}

function finish(
  e: Election,
  rule: "greedy" | "mes",
  selected: readonly number[],
  projects: ProjectResult[],
): TallyResult {
  let cost = 0n;
  for (const j of selected) cost += e.projects[j]!.cost;
  if (cost > e.budget) throw new Error("internal error: the outcome exceeds the budget");
  const chosen = new Set(selected);
  let votersWithWinner = 0;
  for (const b of e.ballots) {
    if (b.projects.some((j, k) => chosen.has(j) && (b.points ? b.points[k]! > 0 : true))) votersWithWinner++;
  }
  return {
    rule,
    selected: selected.map((j) => e.projects[j]!.id),
    cost,
    budget: e.budget,
    scale: e.scale,
    projects,
    voters: e.ballots.length,
    votersWithWinner,
  };
}

// ---------------------------------------------------------------------------
// Rules named in Pabulib META

export type TallySpec =
  { readonly rule: "greedy"; readonly options: GreedyOptions } | { readonly rule: "mes"; readonly options: MesOptions };

/**
 * The rule a Pabulib file says was used (META `rule`), as tally options:
 * greedy, greedy-threshold (with META min_project_score_threshold), greedy-no-skip,
 * equalshares, equalshares/add1, equalshares/add1-comparison.
 */
export function specFromMeta(meta: PbMeta): TallySpec {
  const rule = meta.rule ?? "";
  switch (rule) {
    case "greedy":
      return { rule: "greedy", options: {} };
    case "greedy-threshold": {
      if (meta.minProjectScoreThreshold === null) {
        throw new Error('rule "greedy-threshold" needs META min_project_score_threshold');
      }
      return { rule: "greedy", options: { threshold: meta.minProjectScoreThreshold } };
    }
    case "greedy-no-skip":
      return { rule: "greedy", options: { skip: false } };
    case "equalshares":
      return { rule: "mes", options: { completion: "none" } };
    case "equalshares/add1":
      return { rule: "mes", options: { completion: "add1" } };
    case "equalshares/add1-comparison":
      return { rule: "mes", options: { completion: "add1", comparison: "satisfaction" } };
    default:
      throw new Error(`unsupported rule "${rule}"`);
  }
}

export function tally(e: Election, spec: TallySpec): TallyResult {
  return spec.rule === "greedy" ? greedy(e, spec.options) : equalShares(e, spec.options);
}

// ---------------------------------------------------------------------------
// Ballots cast in the product, as an Election.

/**
 * Builds the election to tally from ballots cast under `rules`. Every ballot
 * goes through validateBallot (the same check as the ballot UI and the
 * castBallot command) and its normalized form is used; an invalid ballot
 * throws. Ranked ballots score Borda points: K for the first of at most K
 * ranks, K-1 for the second, …
 */
export function electionFromBallots(
  rules: BallotRules,
  projects: readonly { readonly id: string; readonly cost: bigint }[],
  budget: bigint,
  scale: number,
  ballots: readonly Ballot[],
): Election {
  const index = new Map(projects.map((p, j) => [p.id, j]));
  const kind = rules.kind === "cumulative" ? "cumulative" : rules.kind === "ranking" ? "ordinal" : "approval";
  return {
    kind,
    budget,
    scale,
    projects,
    ballots: ballots.map((b, i) => {
      const check = validateBallot(rules, projects, b);
      if (!check.ok) throw new Error(`ballot ${i} is invalid: ${check.errors.map((x) => x.code).join(", ")}`);
      const idx = check.normalized.projects.map((id) => index.get(id)!);
      if (rules.kind === "cumulative") return { projects: idx, points: check.normalized.points ?? [] };
      if (rules.kind === "ranking") return { projects: idx, points: idx.map((_, r) => rules.maxRanked - r) };
      return { projects: idx, points: null };
    }),
  };
}
