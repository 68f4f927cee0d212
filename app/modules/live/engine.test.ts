import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyPublic,
  checkVersion,
  initialState,
  publicEvent,
  publicState,
  reduce,
  statusActions,
  REDACTED,
  type LiveAction,
  type LiveState,
  type PublicState,
} from "./engine.ts";

const OPEN1 = "00000000-0000-4000-8000-000000000001";
const SECRET = "00000000-0000-4000-8000-00000000c105";
const OPEN2 = "00000000-0000-4000-8000-000000000003";
const SECRET_TITLE = "Personalsak: navngitt ansatt";
const SECRET_SPEAKER = "Hemmelig Taler";

function fresh(): LiveState {
  return initialState({
    meetingId: "00000000-0000-4000-8000-0000000000aa",
    tenantId: "00000000-0000-4000-8000-0000000000bb",
    streamUrl: null,
    items: [
      { id: OPEN1, position: 1, closed: false, caseId: null, caseNumber: "2026/1", title: { nb: "Budsjett" } },
      { id: SECRET, position: 2, closed: true, caseId: null, caseNumber: "2026/2", title: { nb: SECRET_TITLE } },
      { id: OPEN2, position: 3, closed: false, caseId: null, caseNumber: null, title: { nb: "Referatsaker" } },
    ],
  });
}

let n = 0;
const ctx = () => ({ at: new Date(Date.UTC(2026, 10, 22, 18, 0, n++)), newId: () => `sp${n}` });
function run(s: LiveState, ...actions: LiveAction[]): LiveState {
  for (const a of actions) {
    const r = reduce(s, a, ctx());
    if (!r.ok) throw new Error(`${a.type}: ${r.error.code}`);
    s = r.state;
  }
  return s;
}

describe("status transitions", () => {
  it("starts, pauses with a time, resumes, adjourns, starts again and ends; versions count every change", () => {
    let s = fresh();
    s = run(s, { type: "start" }, { type: "pause", until: "2026-11-22T19:15:00Z" });
    expect(s).toMatchObject({ status: "paused", breakUntil: "2026-11-22T19:15:00.000Z", version: 2 });
    s = run(s, { type: "resume" }, { type: "adjourn" }, { type: "start" }, { type: "end" });
    expect(s).toMatchObject({ status: "finished", breakUntil: null, version: 6 });
    expect(s.endedAt).not.toBeNull();
  });

  it("refuses actions that do not fit the status, and everything after the end", () => {
    const s = fresh();
    expect(reduce(s, { type: "resume" }, ctx())).toMatchObject({ ok: false, error: { code: "errors.badStatus" } });
    expect(reduce(s, { type: "moveTo", itemId: OPEN1 }, ctx())).toMatchObject({
      ok: false,
      error: { code: "errors.notRunning" },
    });
    const done = run(s, { type: "start" }, { type: "end" });
    expect(reduce(done, { type: "start" }, ctx())).toMatchObject({
      ok: false,
      error: { code: "errors.meetingFinished" },
    });
  });

  it("rejects malformed actions and unknown items", () => {
    const s = run(fresh(), { type: "start" });
    expect(reduce(s, { type: "explode" } as unknown as LiveAction, ctx())).toMatchObject({
      ok: false,
      error: { code: "errors.invalidAction", status: 400 },
    });
    expect(reduce(s, { type: "moveTo", itemId: "not-a-uuid" }, ctx())).toMatchObject({
      ok: false,
      error: { status: 400 },
    });
    expect(reduce(s, { type: "moveTo", itemId: "00000000-0000-4000-8000-00000000ffff" }, ctx())).toMatchObject({
      ok: false,
      error: { code: "errors.noSuchItem", status: 404 },
    });
    expect(reduce(s, { type: "setStream", url: "javascript:alert(1)" }, ctx())).toMatchObject({ ok: false });
  });
});

describe("agenda, speakers and votes", () => {
  it("moving to an item finishes the previous one and clears the speakers; postponing marks the item", () => {
    let s = run(fresh(), { type: "start" }, { type: "moveTo", itemId: OPEN1 }, { type: "addSpeaker", name: "Kari" });
    expect(s.queue).toHaveLength(1);
    s = run(s, { type: "moveTo", itemId: OPEN2 });
    expect(s.items.map((i) => i.state)).toEqual(["done", "pending", "current"]);
    expect(s.queue).toEqual([]);
    s = run(s, { type: "postpone", itemId: OPEN2 });
    expect(s.currentItemId).toBeNull();
    expect(s.items[2]!.state).toBe("postponed");
  });

  it("keeps a speakers list: replies go before waiting speeches, reorder, give the floor, end the speech", () => {
    let s = run(
      fresh(),
      { type: "start" },
      { type: "moveTo", itemId: OPEN1 },
      { type: "addSpeaker", name: "Kari", party: "Ap" },
      { type: "addSpeaker", name: "Ola", party: "H" },
    );
    s = run(s, { type: "nextSpeaker" }, { type: "addSpeaker", name: "Per", kind: "reply" });
    expect(s.floor?.speaker.name).toBe("Kari");
    expect(s.queue.map((q) => q.name)).toEqual(["Per", "Ola"]);
    s = run(s, { type: "moveSpeaker", speakerId: s.queue[1]!.id, to: 0 });
    expect(s.queue.map((q) => q.name)).toEqual(["Ola", "Per"]);
    s = run(s, { type: "removeSpeaker", speakerId: s.queue[1]!.id }, { type: "endSpeech" });
    expect(s.floor).toBeNull();
    expect(
      reduce(run(s, { type: "removeSpeaker", speakerId: s.queue[0]!.id }), { type: "nextSpeaker" }, ctx()),
    ).toMatchObject({ ok: false, error: { code: "errors.queueEmpty" } });
  });

  it("records votes by count, per party and by roll-call; passed is a simple majority unless the chair decides a tie", () => {
    let s = run(fresh(), { type: "start" }, { type: "moveTo", itemId: OPEN1 });
    s = run(s, { type: "recordVote", itemId: OPEN1, for: 10, against: 9, blank: 3 });
    expect(s.votes[OPEN1]).toMatchObject({ for: 10, against: 9, blank: 3, passed: true });
    s = run(s, {
      type: "recordVote",
      itemId: OPEN1,
      mode: "party",
      parties: [
        { party: "Ap", for: 5, against: 0, blank: 0 },
        { party: "H", for: 0, against: 6, blank: 1 },
      ],
    });
    expect(s.votes[OPEN1]).toMatchObject({ for: 5, against: 6, blank: 1, passed: false });
    s = run(s, {
      type: "recordVote",
      itemId: OPEN1,
      mode: "rollcall",
      roll: [
        { name: "A", vote: "for" },
        { name: "B", vote: "against" },
      ],
      passed: true,
    });
    expect(s.votes[OPEN1]).toMatchObject({
      for: 1,
      against: 1,
      passed: true,
      roll: [
        { name: "A", party: null, vote: "for" },
        { name: "B", party: null, vote: "against" },
      ],
    });
    expect(reduce(s, { type: "recordVote", itemId: OPEN1 }, ctx())).toMatchObject({
      ok: false,
      error: { code: "errors.voteEmpty" },
    });
    s = run(s, { type: "recordDecision", itemId: OPEN1, text: "Budsjettet vedtas." });
    expect(s.decisions[OPEN1]).toBe("Budsjettet vedtas.");
  });
});

describe("version conflicts", () => {
  it("applies an action only to the version the console saw", () => {
    const s = run(fresh(), { type: "start" });
    expect(checkVersion(s, 1)).toBeNull();
    expect(checkVersion(s, 0)).toEqual({ code: "errors.conflict", status: 409, params: { current: 1, expected: 0 } });
  });
});

describe("what is public", () => {
  it("a viewer's reducer, fed the public events, ends at the same public state as the server", () => {
    let s = fresh();
    let viewer: PublicState = publicState(s);
    const actions: LiveAction[] = [
      { type: "start" },
      { type: "moveTo", itemId: OPEN1 },
      { type: "addSpeaker", name: "Kari" },
      { type: "nextSpeaker" },
      { type: "recordVote", itemId: OPEN1, for: 3, against: 1 },
      { type: "moveTo", itemId: SECRET },
      { type: "addSpeaker", name: SECRET_SPEAKER },
      { type: "moveTo", itemId: OPEN2 },
      { type: "setStream", url: "https://example.org/tv" },
    ];
    for (const a of actions) {
      const r = reduce(s, a, ctx());
      if (!r.ok) throw new Error(r.error.code);
      const e = publicEvent(s, r.state, r.event);
      viewer = applyPublic(viewer, e)!;
      s = r.state;
    }
    expect(viewer).toEqual(publicState(s));
    expect(
      applyPublic(viewer, { meetingId: s.meetingId, version: s.version + 2, type: REDACTED, patch: {}, entry: null }),
    ).toBeNull();
  });

  it("while a closed item is current, viewers learn only that the meeting is in closed session", () => {
    let s = run(fresh(), { type: "start" }, { type: "moveTo", itemId: OPEN1 });
    const before = s;
    const r = reduce(s, { type: "moveTo", itemId: SECRET }, ctx());
    if (!r.ok) throw new Error();
    const e = publicEvent(before, r.state, r.event);
    expect(e.type).toBe(REDACTED);
    expect(e.entry).toBeNull();
    expect(e.patch).toMatchObject({ currentItemId: null, inClosedSession: true });
    s = run(r.state, { type: "addSpeaker", name: SECRET_SPEAKER });
    expect(publicState(s).queue).toEqual([]);
  });

  it("property: no public state or event ever mentions a closed item or what happened during it", () => {
    const act = fc.oneof(
      fc.constant<LiveAction>({ type: "start" }),
      fc.constant<LiveAction>({ type: "pause" }),
      fc.constant<LiveAction>({ type: "resume" }),
      fc.constant<LiveAction>({ type: "adjourn" }),
      fc.constantFrom(OPEN1, SECRET, OPEN2).map((itemId): LiveAction => ({ type: "moveTo", itemId })),
      fc.constantFrom(OPEN1, SECRET, OPEN2).map((itemId): LiveAction => ({ type: "postpone", itemId })),
      fc.constant<LiveAction>({ type: "addSpeaker", name: "Speaker" }),
      fc.constant<LiveAction>({ type: "nextSpeaker" }),
      fc.constant<LiveAction>({ type: "endSpeech" }),
      fc
        .constantFrom(OPEN1, SECRET, OPEN2)
        .map((itemId): LiveAction => ({ type: "recordVote", itemId, for: 2, against: 1 })),
      fc
        .constantFrom(OPEN1, SECRET, OPEN2)
        .map((itemId): LiveAction => ({ type: "recordDecision", itemId, text: `Vedtak ${itemId}` })),
    );
    fc.assert(
      fc.property(fc.array(act, { maxLength: 40 }), (actions) => {
        let s = fresh();
        for (const a of actions) {
          // Speakers added while the closed item is current carry a secret name.
          const a2 = a.type === "addSpeaker" && s.currentItemId === SECRET ? { ...a, name: SECRET_SPEAKER } : a;
          const r = reduce(s, a2, ctx());
          if (!r.ok) continue;
          const wire = JSON.stringify([publicEvent(s, r.state, r.event), publicState(r.state)]);
          expect(wire).not.toContain(SECRET);
          expect(wire).not.toContain(SECRET_TITLE);
          expect(wire).not.toContain(SECRET_SPEAKER);
          s = r.state;
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("the console offers exactly the status changes the engine accepts (issue 17)", () => {
  const ALL = ["start", "pause", "resume", "adjourn", "end"] as const;
  const reach: Record<LiveState["status"], LiveAction[]> = {
    waiting: [],
    in_progress: [{ type: "start" }],
    paused: [{ type: "start" }, { type: "pause" }],
    adjourned: [{ type: "start" }, { type: "adjourn" }],
    finished: [{ type: "start" }, { type: "end" }],
  };
  for (const [status, path] of Object.entries(reach) as [LiveState["status"], LiveAction[]][])
    it(`${status}: offered ⇔ accepted`, () => {
      const s = run(fresh(), ...path);
      expect(s.status).toBe(status);
      const offered = statusActions(s.status);
      for (const a of ALL) expect(reduce(s, { type: a } as LiveAction, ctx()).ok, a).toBe(offered.includes(a));
    });
});
