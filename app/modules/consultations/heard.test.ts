import { describe, expect, it } from "vitest";
import { heardBeforeDecision, type StatementFact } from "./heard.ts";

const d = (s: string) => new Date(`${s}T12:00:00Z`);
const now = d("2026-11-20");
const period = { from: d("2026-01-01"), to: d("2026-07-01") };
const f = (o: Partial<StatementFact>): StatementFact => ({
  councilBodyId: "youth",
  caseId: "c1",
  deadline: d("2026-03-01"),
  answeredAt: null,
  decidedAt: d("2026-03-10"),
  meetingStartsAt: d("2026-03-10"),
  ...o,
});

describe("heard before the decision", () => {
  it("counts per council: asked, heard before the decision, on time, share", () => {
    const rows = heardBeforeDecision(
      [
        f({ caseId: "c1", answeredAt: d("2026-02-20") }), // on time and heard
        f({ caseId: "c2", answeredAt: d("2026-03-05") }), // late, but before the decision: heard
        f({ caseId: "c3", answeredAt: d("2026-03-11") }), // after the decision: not heard
        f({ caseId: "c4" }), // never answered
        f({ councilBodyId: "elders", caseId: "c1", answeredAt: d("2026-02-01") }),
      ],
      period,
      now,
    );
    expect(rows).toEqual([
      { councilBodyId: "youth", asked: 4, heard: 2, onTime: 1, share: 0.5 },
      { councilBodyId: "elders", asked: 1, heard: 1, onTime: 1, share: 1 },
    ]);
  });

  it("only cases decided in the period count; an undecided case with a future meeting does not", () => {
    const rows = heardBeforeDecision(
      [
        f({ caseId: "before", decidedAt: d("2025-12-01") }),
        f({ caseId: "after", decidedAt: d("2026-07-01") }), // the end is exclusive
        f({ caseId: "future", decidedAt: null, meetingStartsAt: d("2026-12-01") }),
        f({ caseId: "met", decidedAt: null, meetingStartsAt: d("2026-05-01"), answeredAt: d("2026-04-01") }), // meeting passed: its start is the decision
      ],
      period,
      now,
    );
    expect(rows).toEqual([{ councilBodyId: "youth", asked: 1, heard: 1, onTime: 0, share: 1 }]);
  });

  it("a council asked only outside the period has a row with no share", () => {
    expect(heardBeforeDecision([f({ decidedAt: d("2027-01-01") })], period, now)).toEqual([
      { councilBodyId: "youth", asked: 0, heard: 0, onTime: 0, share: null },
    ]);
  });
});
