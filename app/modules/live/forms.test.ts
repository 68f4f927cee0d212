import { describe, expect, it } from "vitest";
import { initialState, reduce } from "./engine.ts";
import { formToAction } from "./forms.ts";

const ITEM = "00000000-0000-4000-8000-000000000001";
const form = (rows: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of rows) f.append(k, v);
  return f;
};

describe("console forms → actions", () => {
  it("a vote per party: one row per party, empty rows skipped, totals summed by the engine", () => {
    const a = formToAction(
      form([
        ["intent", "recordVote"],
        ["mode", "party"],
        ["itemId", ITEM],
        ...(["Ap", "H", ""] as const).flatMap((p, i) => [
          ["party", p] as [string, string],
          ["pfor", ["4", "0", ""][i]!] as [string, string],
          ["pagainst", ["0", "3", ""][i]!] as [string, string],
          ["pblank", ["1", "", ""][i]!] as [string, string],
        ]),
      ]),
    );
    expect(a).toEqual({
      type: "recordVote",
      itemId: ITEM,
      mode: "party",
      parties: [
        { party: "Ap", for: 4, against: 0, blank: 1 },
        { party: "H", for: 0, against: 3, blank: 0 },
      ],
      passed: null,
    });
    let s = initialState({
      meetingId: "m",
      tenantId: "t",
      streamUrl: null,
      items: [{ id: ITEM, position: 1, closed: false, caseId: null, caseNumber: null, title: { nb: "Sak" } }],
    });
    s = { ...s, status: "in_progress" };
    const r = reduce(s, a!, { at: new Date(0), newId: () => "x" });
    if (!r.ok) throw new Error(r.error.code);
    expect(r.state.votes[ITEM]).toMatchObject({ mode: "party", for: 4, against: 3, blank: 1, passed: true });
  });

  it("a roll-call: one row per member, those not present are not counted; the chair's casting vote", () => {
    const a = formToAction(
      form([
        ["intent", "recordVote"],
        ["mode", "rollcall"],
        ["itemId", ITEM],
        ["passed", "no"],
        ["rname", "Kari"],
        ["rparty", "Ap"],
        ["rvote", "for"],
        ["rname", "Ola"],
        ["rparty", ""],
        ["rvote", "against"],
        ["rname", "Per"],
        ["rparty", "H"],
        ["rvote", ""],
      ]),
    );
    expect(a).toEqual({
      type: "recordVote",
      itemId: ITEM,
      mode: "rollcall",
      passed: false,
      roll: [
        { name: "Kari", party: "Ap", vote: "for" },
        { name: "Ola", party: null, vote: "against" },
      ],
    });
  });

  it("a count that is not a number is refused by the engine, not guessed", () => {
    const a = formToAction(
      form([
        ["intent", "recordVote"],
        ["mode", "party"],
        ["itemId", ITEM],
        ["party", "Ap"],
        ["pfor", "fire"],
        ["pagainst", "0"],
        ["pblank", "0"],
      ]),
    );
    let s = initialState({
      meetingId: "m",
      tenantId: "t",
      streamUrl: null,
      items: [{ id: ITEM, position: 1, closed: false, caseId: null, caseNumber: null, title: null }],
    });
    s = { ...s, status: "in_progress" };
    const r = reduce(s, a!, { at: new Date(0), newId: () => "x" });
    expect(r).toEqual({ ok: false, error: { code: "errors.invalidAction", status: 400 } });
  });
});
