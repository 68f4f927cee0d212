// The input every tally rule works on: projects with exact costs, a budget,
// and ballots as lists of project indices with points. Pure.
import { type Decimal, rescale } from "./exact.ts";
import type { PbFile } from "./pabulib.ts";

export type BallotKind = "approval" | "cumulative" | "ordinal";

export type ElectionProject = {
  readonly id: string;
  /** Cost in money units (10^-scale of the currency). */
  readonly cost: bigint;
};

export type ElectionBallot = {
  /** Indices into `projects`, in the order the voter gave them (most preferred first for ordinal). */
  readonly projects: readonly number[];
  /**
   * Points per listed project (same order): the voter's points for cumulative
   * ballots, the rank score for ordinal ballots; null for approval (1 each).
   */
  readonly points: readonly number[] | null;
};

export type Election = {
  readonly kind: BallotKind;
  /** Budget in money units. */
  readonly budget: bigint;
  /** Number of decimals of the money unit: 1 currency unit = 10^scale money units. */
  readonly scale: number;
  readonly projects: readonly ElectionProject[];
  readonly ballots: readonly ElectionBallot[];
};

/** Support of each project: number of voters listing it and the sum of their points. */
export function supportOf(e: Election): { votes: number[]; score: number[] } {
  const votes = new Array<number>(e.projects.length).fill(0);
  const score = new Array<number>(e.projects.length).fill(0);
  for (const b of e.ballots) {
    for (let k = 0; k < b.projects.length; k++) {
      const j = b.projects[k]!;
      votes[j]!++;
      score[j]! += b.points ? b.points[k]! : 1;
    }
  }
  return { votes, score };
}

/**
 * Pabulib's default rank scoring for ordinal ballots (Borda): with ballots of
 * at most L projects, rank 1 scores L points, rank 2 scores L-1, … (Kraków
 * 2024: max_length 3, so 3/2/1). L is META max_length, else the number of projects.
 */
export function bordaScore(rank: number, maxLength: number): number {
  return maxLength - rank;
}

/** Builds the election from a parsed .pb file. Money keeps all decimals (exact). */
export function electionFromPabulib(pb: PbFile): Election {
  const decimals: Decimal[] = [pb.meta.budget, ...pb.projects.map((p) => p.cost)];
  const scale = Math.max(...decimals.map((d) => d.scale));
  const index = new Map(pb.projects.map((p, i) => [p.id, i]));
  const kind: BallotKind =
    pb.meta.voteType === "approval" || pb.meta.voteType === "choose-1"
      ? "approval"
      : pb.meta.voteType === "ordinal"
        ? "ordinal"
        : "cumulative";
  if (kind === "ordinal" && pb.meta.scoringFn !== null && pb.meta.scoringFn.toLowerCase() !== "borda") {
    throw new Error(`unsupported scoring_fn "${pb.meta.scoringFn}" (only Borda is supported)`);
  }
  const maxLength = pb.meta.maxLength ?? pb.projects.length;
  const ballots: ElectionBallot[] = pb.votes.map((v) => {
    const projects = v.projects.map((id) => index.get(id)!);
    if (kind === "approval") return { projects, points: null };
    if (kind === "ordinal") {
      if (projects.length > maxLength) {
        throw new Error(`line ${v.line}: ballot ranks ${projects.length} projects, more than max_length ${maxLength}`);
      }
      return { projects, points: projects.map((_, r) => bordaScore(r, maxLength)) };
    }
    const points = v.points ?? [];
    for (const p of points) {
      if (p < 0) throw new Error(`line ${v.line}: negative points are not supported`);
    }
    return { projects, points };
  });
  return {
    kind,
    budget: rescale(pb.meta.budget, scale),
    scale,
    projects: pb.projects.map((p) => ({ id: p.id, cost: rescale(p.cost, scale) })),
    ballots,
  };
}
