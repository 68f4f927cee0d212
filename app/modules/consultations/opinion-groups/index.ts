// Opinion groups, as Polis forms them: see README.md for the method in prose and
// docs/decisions/050-opinion-groups.md for why it is shaped so.
import { createRng, sample } from "#app/modules/panels/sortition/prng.ts";
import { type Clustering, countDistinct, firstDistinct, kmeans, kmeansPlusPlus, silhouette } from "./kmeans.ts";
import type { VoteMatrix } from "./matrix.ts";
import { project } from "./pca.ts";
import {
  type ConsensusStatement,
  type RepresentativeStatement,
  type Tally,
  consensusStatements,
  representativeStatements,
} from "./repness.ts";

export { adjustedRandIndex } from "./ari.ts";
export { buildVoteMatrix, type Vote, type VoteMatrix, type VoteValue } from "./matrix.ts";
export { type ModeratedOut, type VotesCsv, parseModeratedOut, parseVotesCsv } from "./votes-csv.ts";
export type { ConsensusStatement, RepresentativeStatement } from "./repness.ts";

export const DEFAULTS = {
  minVotes: 7,
  topUpTo: 15,
  seed: "medvirk",
  kRange: [2, 5] as const,
  restarts: 10,
  silhouetteSample: 2000,
};

export type OpinionGroupsOptions = {
  /** A participant is clustered after voting on this many statements (or on all, if there are fewer); default 7. */
  readonly minVotes?: number;
  /** While fewer participants reach `minVotes`, the most active others are added, up to this many; default 15. */
  readonly topUpTo?: number;
  /** Seed of the pseudo-random generator (power-iteration start, k-means++ restarts, silhouette sample). */
  readonly seed?: string;
  /** Smallest and largest number of groups tried; default [2, 5]. */
  readonly kRange?: readonly [number, number];
  /** Seeded k-means++ restarts per k, besides the start from the first k distinct positions; default 10. */
  readonly restarts?: number;
  /** The silhouette is measured on at most this many participants (a seeded sample); default 2,000. */
  readonly silhouetteSample?: number;
  /**
   * Statements moderated out. As in Polis they count as a pass by everyone: they add nothing to
   * the components, but count as seen in the sparsity scaling; votes on them still count towards
   * `minVotes`; they are never representative or consensus statements.
   */
  readonly excludedStatements?: Iterable<string>;
};

export type OpinionGroup = {
  /** Participant ids, in matrix order. */
  readonly members: readonly string[];
  /** Statements on which this group differs most from the others, most distinctive first. */
  readonly representative: readonly RepresentativeStatement[];
};

export type OpinionGroups =
  | {
      readonly ok: true;
      readonly k: number;
      /** Largest group first. */
      readonly groups: readonly OpinionGroup[];
      /** Group index of each clustered participant (participants with too few votes are absent). */
      readonly groupOf: ReadonlyMap<string, number>;
      /** 2-D position of every participant, clustered or not. */
      readonly positions: ReadonlyMap<string, readonly [number, number]>;
      /** Statements every group agrees (or disagrees) with. */
      readonly consensus: {
        readonly agree: readonly ConsensusStatement[];
        readonly disagree: readonly ConsensusStatement[];
      };
      /** Mean silhouette of each k tried. */
      readonly silhouettes: ReadonlyMap<number, number>;
    }
  | {
      readonly ok: false;
      readonly reason: "too-few-participants";
      /** Distinct positions among the participants who voted enough. */
      readonly clusterable: number;
      readonly needed: number;
      readonly message: string;
    };

/** Rows (in matrix order) of the participants who have voted enough to be clustered. */
export function clusterableRows(
  matrix: VoteMatrix,
  minVotes: number = DEFAULTS.minVotes,
  topUpTo: number = DEFAULTS.topUpTo,
): number[] {
  const n = matrix.participants.length;
  const threshold = Math.max(1, Math.min(minVotes, matrix.statements.length));
  const chosen = new Set<number>();
  for (let r = 0; r < n; r++) if (matrix.voted[r]! >= threshold) chosen.add(r);
  if (chosen.size < topUpTo) {
    const rest = [...Array(n).keys()]
      .filter((r) => !chosen.has(r) && matrix.voted[r]! > 0)
      .sort((a, b) => matrix.voted[b]! - matrix.voted[a]! || a - b);
    for (const r of rest.slice(0, topUpTo - chosen.size)) chosen.add(r);
  }
  return [...chosen].sort((a, b) => a - b);
}

/** The matrix with the given columns set to a pass (0) for every participant, as Polis zeroes moderated-out columns. */
function passEverywhere(matrix: VoteMatrix, columns: ReadonlySet<number>): VoteMatrix {
  if (columns.size === 0) return matrix;
  const n = matrix.participants.length;
  const m = matrix.statements.length;
  const cells = matrix.cells.slice();
  const voted = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    let c = 0;
    for (let j = 0; j < m; j++) {
      if (columns.has(j)) cells[r * m + j] = 0;
      if (!Number.isNaN(cells[r * m + j]!)) c++;
    }
    voted[r] = c;
  }
  return { ...matrix, cells, voted };
}

export function opinionGroups(matrix: VoteMatrix, options: OpinionGroupsOptions = {}): OpinionGroups {
  const [kMin, kMaxWanted] = options.kRange ?? DEFAULTS.kRange;
  const rng = createRng(options.seed ?? DEFAULTS.seed);
  const excluded = new Set(options.excludedStatements ?? []);
  const excludedColumns = new Set(matrix.statements.flatMap((s, j) => (excluded.has(s) ? [j] : [])));

  // 1. Who is clustered, and where every participant stands (PCA fitted on everyone, as Polis does).
  const rows = clusterableRows(matrix, options.minVotes, options.topUpTo);
  const { points } = project(passEverywhere(matrix, excludedColumns), rng);
  const clustered = new Float64Array(2 * rows.length);
  rows.forEach((r, i) => {
    clustered[2 * i] = points[2 * r]!;
    clustered[2 * i + 1] = points[2 * r + 1]!;
  });
  const distinct = countDistinct(clustered);
  const kMax = Math.min(kMaxWanted, distinct, 2 + Math.floor(rows.length / 12));
  if (distinct < kMin || kMax < kMin) {
    return {
      ok: false,
      reason: "too-few-participants",
      clusterable: distinct,
      needed: kMin,
      message:
        distinct < kMin
          ? `${distinct} participant(s) with distinct positions voted on enough statements; ` +
            `at least ${kMin} are needed to form ${kMin} groups`
          : `${rows.length} clustered participants allow at most ${kMax} groups (2 + one per 12), fewer than ${kMin}`,
    };
  }

  // 2. k-means for each k (the best of several starts), the best mean silhouette wins.
  const limit = options.silhouetteSample ?? DEFAULTS.silhouetteSample;
  const who = rows.length > limit ? sample(rng, [...rows.keys()], limit).sort((a, b) => a - b) : undefined;
  const silhouettes = new Map<number, number>();
  let best: { clustering: Clustering; score: number } | null = null;
  for (let k = kMin; k <= kMax; k++) {
    let clustering = kmeans(clustered, firstDistinct(clustered, k));
    for (let i = 0; i < (options.restarts ?? DEFAULTS.restarts); i++) {
      const c = kmeans(clustered, kmeansPlusPlus(clustered, k, rng));
      if (c.k === k && (clustering.k < k || c.inertia < clustering.inertia * (1 - 1e-12))) clustering = c;
    }
    if (clustering.k < k) continue;
    const score = silhouette(clustered, clustering.labels, k, who);
    silhouettes.set(k, score);
    if (!best || score > best.score) best = { clustering, score };
  }
  if (!best) {
    return {
      ok: false,
      reason: "too-few-participants",
      clusterable: distinct,
      needed: kMin,
      message: `the ${distinct} clusterable participants cannot be split into ${kMin} or more groups`,
    };
  }

  // 3. Groups numbered by size, largest first (ties: the group of the earlier participant first).
  const { k, labels } = best.clustering;
  const sizes = new Array<number>(k).fill(0);
  const first = new Array<number>(k).fill(Infinity);
  labels.forEach((g, i) => {
    sizes[g] = sizes[g]! + 1;
    first[g] = Math.min(first[g]!, i);
  });
  const order = [...Array(k).keys()].sort((a, b) => sizes[b]! - sizes[a]! || first[a]! - first[b]!);
  const rank = new Int32Array(k);
  order.forEach((g, i) => (rank[g] = i));

  // 4. Each group's votes per statement, then representative and consensus statements.
  const m = matrix.statements.length;
  const members: string[][] = order.map(() => []);
  const counts = order.map(() => ({ agree: new Int32Array(m), disagree: new Int32Array(m), seen: new Int32Array(m) }));
  const groupOf = new Map<string, number>();
  rows.forEach((r, i) => {
    const g = rank[labels[i]!]!;
    const id = matrix.participants[r]!;
    members[g]!.push(id);
    groupOf.set(id, g);
    const c = counts[g]!;
    for (let j = 0; j < m; j++) {
      const x = matrix.cells[r * m + j]!;
      if (Number.isNaN(x)) continue;
      c.seen[j] = c.seen[j]! + 1;
      if (x > 0) c.agree[j] = c.agree[j]! + 1;
      else if (x < 0) c.disagree[j] = c.disagree[j]! + 1;
    }
  });
  const kept = matrix.statements.flatMap((s, j) => (excludedColumns.has(j) ? [] : [[s, j] as const]));
  const statements = kept.map(([s]) => s);
  const tallies: Tally[][] = counts.map((c) =>
    kept.map(([, j]) => ({ agree: c.agree[j]!, disagree: c.disagree[j]!, seen: c.seen[j]! })),
  );
  const representative = representativeStatements(statements, tallies);
  const positions = new Map<string, readonly [number, number]>();
  matrix.participants.forEach((p, r) => positions.set(p, [points[2 * r]!, points[2 * r + 1]!]));
  return {
    ok: true,
    k,
    groups: members.map((ms, g) => ({ members: ms, representative: representative[g]! })),
    groupOf,
    positions,
    consensus: consensusStatements(statements, tallies),
    silhouettes,
  };
}
