// Whether the councils were heard before the decision (issue 6). Pure.
//
// A case is relevant to a council when the council was asked for a
// statement on it (council_statements). Over a period, the cases counted are
// those decided in it; the decision time is the case's recorded decision
// (cases.decided_at) or, without one, the start of the deciding meeting once
// it has passed. A council was heard when its statement was given no later
// than the decision; on time when no later than the deadline it was given.

export interface StatementFact {
  councilBodyId: string;
  caseId: string;
  deadline: Date;
  answeredAt: Date | null;
  decidedAt: Date | null;
  meetingStartsAt: Date | null;
}

export interface CouncilHeard {
  councilBodyId: string;
  /** Cases decided in the period on which the council was asked. */
  asked: number;
  /** Of those, answered no later than the decision. */
  heard: number;
  /** Of those, answered no later than the deadline. */
  onTime: number;
  /** heard / asked, or null when asked is 0. */
  share: number | null;
}

export function decisionTime(f: Pick<StatementFact, "decidedAt" | "meetingStartsAt">, now: Date): Date | null {
  if (f.decidedAt) return f.decidedAt;
  if (f.meetingStartsAt && f.meetingStartsAt <= now) return f.meetingStartsAt;
  return null;
}

/** One row per council that was asked at least once (in the order first seen), counting the period [from, to). */
export function heardBeforeDecision(
  facts: StatementFact[],
  period: { from: Date; to: Date },
  now: Date,
): CouncilHeard[] {
  const by = new Map<string, CouncilHeard>();
  const seen = new Set<string>();
  for (const f of facts) {
    if (!by.has(f.councilBodyId))
      by.set(f.councilBodyId, { councilBodyId: f.councilBodyId, asked: 0, heard: 0, onTime: 0, share: null });
    const at = decisionTime(f, now);
    if (!at || at < period.from || at >= period.to) continue;
    const key = `${f.councilBodyId}\u0000${f.caseId}`;
    if (seen.has(key)) continue; // one request per case and council (the table's unique index), kept safe here too
    seen.add(key);
    const row = by.get(f.councilBodyId)!;
    row.asked++;
    if (f.answeredAt && f.answeredAt <= at) row.heard++;
    if (f.answeredAt && f.answeredAt <= f.deadline) row.onTime++;
  }
  for (const r of by.values()) r.share = r.asked ? r.heard / r.asked : null;
  return [...by.values()];
}
