import { describe, expect, it } from "vitest";
import { initialState, reduce, type LiveAction, type LiveState } from "./engine.ts";
import { draftMinutes, type MinutesEvent } from "./minutes.ts";

const A = "00000000-0000-4000-8000-000000000001";
const S = "00000000-0000-4000-8000-00000000c105";
const B = "00000000-0000-4000-8000-000000000003";

describe("draft minutes", () => {
  it("lists every item in order with speakers, vote and decision; a closed item shows only its number", () => {
    let s: LiveState = initialState({
      meetingId: "m",
      tenantId: "t",
      streamUrl: null,
      items: [
        { id: A, position: 1, closed: false, caseId: null, caseNumber: "2026/1", title: { nb: "Budsjett" } },
        { id: S, position: 2, closed: true, caseId: null, caseNumber: "2026/2", title: { nb: "Personalsak Hansen" } },
        { id: B, position: 3, closed: false, caseId: null, caseNumber: null, title: { nb: "Referatsaker" } },
      ],
    });
    const events: MinutesEvent[] = [];
    let minute = 0;
    const acts: LiveAction[] = [
      { type: "start" },
      { type: "moveTo", itemId: A },
      { type: "addSpeaker", name: "Kari" },
      { type: "nextSpeaker" },
      { type: "recordVote", itemId: A, for: 5, against: 2 },
      { type: "recordDecision", itemId: A, text: "Budsjettet vedtas." },
      { type: "moveTo", itemId: S },
      { type: "addSpeaker", name: "Hemmelig" },
      { type: "nextSpeaker" },
      { type: "recordDecision", itemId: S, text: "Hemmelig vedtak" },
      { type: "postpone", itemId: B },
      { type: "end" },
    ];
    for (const a of acts) {
      const r = reduce(s, a, { at: new Date(Date.UTC(2026, 10, 22, 17, minute++)), newId: () => `x${minute}` });
      if (!r.ok) throw new Error(r.error.code);
      s = r.state;
      events.push(r.event);
    }
    const text = draftMinutes(
      s,
      events,
      {
        t: (k, p) => `${k}${p ? JSON.stringify(p) : ""}`,
        time: (d) => d.toISOString().slice(11, 16),
        title: (i) => `${i.caseNumber ?? ""} ${i.title?.nb ?? ""}`.trim(),
      },
      "Møtebok",
    );
    expect(text).toBe(
      [
        "Møtebok",
        "",
        'minutes.started{"time":"17:00"}',
        'minutes.ended{"time":"17:11"}',
        "",
        "1. 2026/1 Budsjett",
        'minutes.speakers{"names":"Kari"}',
        'minutes.votePassed{"for":5,"against":2,"blank":0}',
        "minutes.decision",
        "Budsjettet vedtas.",
        "",
        'minutes.closedItem{"position":2}',
        "",
        "3. Referatsaker",
        "minutes.postponed",
        "",
      ].join("\n"),
    );
    expect(text).not.toContain("Hemmelig");
    expect(text).not.toContain("Personalsak");
  });
});
