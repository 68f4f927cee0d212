// Representative and consensus statements, with Polis's statistics (see README.md):
// proportions carry a pseudo-count (p = (successes + 1) / (trials + 2)), and significance is a
// one-sided z-test at 90 % (z > 1.2816), on counts with 1 added to each.

export const Z_90 = 1.2816;

/** z for "the proportion succ/n is above one half" (Polis's prop-test, counts + 1). */
export function propTest(succ: number, n: number): number {
  const s = succ + 1;
  const t = n + 1;
  return 2 * Math.sqrt(t) * (s / t - 0.5);
}

/** z for "the in-group proportion is above the out-group one" (Polis's two-prop-test, counts + 1). */
export function twoPropTest(succIn: number, succOut: number, nIn: number, nOut: number): number {
  const s1 = succIn + 1;
  const s2 = succOut + 1;
  const n1 = nIn + 1;
  const n2 = nOut + 1;
  const pHat = (s1 + s2) / (n1 + n2);
  if (pHat === 1) return 0;
  return (s1 / n1 - s2 / n2) / Math.sqrt(pHat * (1 - pHat) * (1 / n1 + 1 / n2));
}

/** Votes of one group on one statement: agrees, disagrees, and seen (every vote, passes included). */
export type Tally = { readonly agree: number; readonly disagree: number; readonly seen: number };

export type RepresentativeStatement = {
  readonly statement: string;
  /** The side on which the group stands apart. */
  readonly side: "agree" | "disagree";
  /** In-group share on that side, with the pseudo-count. */
  readonly probability: number;
  /** That share divided by the same share among everyone outside the group. */
  readonly ratio: number;
  /** z of the in-group vs out-group two-proportion test. */
  readonly z: number;
  /** z of the in-group share being above one half. */
  readonly zInGroup: number;
  readonly votes: number;
  readonly seen: number;
};

export type ConsensusStatement = {
  readonly statement: string;
  readonly side: "agree" | "disagree";
  /** Product over groups of each group's share on that side (with pseudo-counts). */
  readonly probability: number;
};

const share = (succ: number, n: number) => (succ + 1) / (n + 2);

/**
 * For each group, up to `limit` statements on which it differs most from everyone else: those
 * whose in-group share on a side is significantly above one half and significantly above the
 * out-group share, ranked by ratio × z × share × z-in-group. When none passes both tests, the one
 * statement with the highest two-proportion z stands in, so every group has at least one.
 * `tallies[g][s]` are group g's votes on statement s.
 */
export function representativeStatements(
  statements: readonly string[],
  tallies: readonly (readonly Tally[])[],
  limit = 5,
): RepresentativeStatement[][] {
  const total = statements.map((_, s) => {
    let agree = 0;
    let disagree = 0;
    let seen = 0;
    for (const g of tallies) {
      agree += g[s]!.agree;
      disagree += g[s]!.disagree;
      seen += g[s]!.seen;
    }
    return { agree, disagree, seen };
  });
  return tallies.map((group) => {
    const candidates: { rep: RepresentativeStatement; passes: boolean }[] = [];
    statements.forEach((statement, s) => {
      const t = group[s]!;
      if (t.seen === 0) return;
      const out = { agree: total[s]!.agree - t.agree, disagree: total[s]!.disagree - t.disagree };
      const nOut = total[s]!.seen - t.seen;
      const side = (name: "agree" | "disagree") => {
        const succ = t[name];
        return {
          statement,
          side: name,
          probability: share(succ, t.seen),
          ratio: share(succ, t.seen) / share(out[name], nOut),
          z: twoPropTest(succ, out[name], t.seen, nOut),
          zInGroup: propTest(succ, t.seen),
          votes: succ,
          seen: t.seen,
        };
      };
      // The side that passes both tests (the stronger one if both do); otherwise the side with the higher z.
      const sides = [side("agree"), side("disagree")].sort((x, y) => y.z - x.z);
      const passing = sides.find((r) => r.z > Z_90 && r.zInGroup > Z_90);
      candidates.push({ rep: passing ?? sides[0]!, passes: passing !== undefined });
    });
    const metric = (r: RepresentativeStatement) => r.ratio * r.z * r.probability * r.zInGroup;
    const passing = candidates.filter((c) => c.passes).map((c) => c.rep);
    if (passing.length === 0) {
      const best = candidates.reduce<RepresentativeStatement | null>((b, c) => (b && b.z >= c.rep.z ? b : c.rep), null);
      return best ? [best] : [];
    }
    return passing.sort((x, y) => metric(y) - metric(x)).slice(0, limit);
  });
}

/**
 * Statements every group agrees with (or every group disagrees with): in each group the share on
 * that side is above one half and significantly so (z > 1.2816); ranked by the product of the
 * groups' shares, up to `limit` per side.
 */
export function consensusStatements(
  statements: readonly string[],
  tallies: readonly (readonly Tally[])[],
  limit = 5,
): { agree: ConsensusStatement[]; disagree: ConsensusStatement[] } {
  const pick = (side: "agree" | "disagree") => {
    const found: ConsensusStatement[] = [];
    statements.forEach((statement, s) => {
      let probability = 1;
      for (const g of tallies) {
        const t = g[s]!;
        const p = share(t[side], t.seen);
        if (p <= 0.5 || propTest(t[side], t.seen) <= Z_90) return;
        probability *= p;
      }
      found.push({ statement, side, probability });
    });
    return found.sort((a, b) => b.probability - a.probability).slice(0, limit);
  };
  return { agree: pick("agree"), disagree: pick("disagree") };
}
