// The participant × statement vote matrix: agree = 1, disagree = -1, pass = 0, not voted = NaN.
// When a participant votes twice on a statement, the latest vote (by time; on equal times, the
// later one in the input) wins.

export type VoteValue = -1 | 0 | 1;

export type Vote = {
  readonly participant: string;
  readonly statement: string;
  readonly vote: VoteValue;
  /** Any increasing clock (Polis exports milliseconds since 1970). */
  readonly time: number;
};

export type VoteMatrix = {
  /** Row order: by each participant's first vote (time, then input order). */
  readonly participants: readonly string[];
  /** Column order: by each statement's first vote (time, then input order). */
  readonly statements: readonly string[];
  /** Row-major, participants.length × statements.length; NaN where the participant has not voted. */
  readonly cells: Float64Array;
  /** Number of statements each participant voted on (a pass counts as a vote). */
  readonly voted: Int32Array;
};

/** Builds the matrix from a vote history in any order. */
export function buildVoteMatrix(votes: readonly Vote[]): VoteMatrix {
  // Sort indices by (time, input position): the last write for a cell is then the latest vote.
  const order = votes.map((_, i) => i);
  order.sort((a, b) => votes[a]!.time - votes[b]!.time || a - b);
  const rowOf = new Map<string, number>();
  const colOf = new Map<string, number>();
  for (const i of order) {
    const v = votes[i]!;
    if (!rowOf.has(v.participant)) rowOf.set(v.participant, rowOf.size);
    if (!colOf.has(v.statement)) colOf.set(v.statement, colOf.size);
  }
  const n = rowOf.size;
  const m = colOf.size;
  const cells = new Float64Array(n * m).fill(NaN);
  for (const i of order) {
    const v = votes[i]!;
    cells[rowOf.get(v.participant)! * m + colOf.get(v.statement)!] = v.vote;
  }
  const voted = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    let c = 0;
    for (let j = r * m; j < (r + 1) * m; j++) if (!Number.isNaN(cells[j]!)) c++;
    voted[r] = c;
  }
  return { participants: [...rowOf.keys()], statements: [...colOf.keys()], cells, voted };
}
