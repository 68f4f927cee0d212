import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyPublic, type PublicEvent, type PublicState } from "#app/modules/live/engine.ts";
import type { ActionReply, ConsoleJoinReply, JoinReply } from "#app/modules/live/events.ts";
import { signInAs, type TestSession } from "#tests/setup/auth.ts";
import { startTestServer } from "#tests/setup/server.ts";
import { client, liveMeeting, next, recordWire, SECRET_CASE, SECRET_TITLE, type LiveClient } from "./live-setup.ts";

// Live meetings over real socket.io clients against the real server (issue 9).
let server: Awaited<ReturnType<typeof startTestServer>>;
let m: Awaited<ReturnType<typeof liveMeeting>>;
let sec: TestSession;
let sec2: TestSession;
const open: LiveClient[] = [];

beforeAll(async () => {
  server = await startTestServer({ demo: false, live: { joinsPerIp: 1000, joinWindowS: 10 } });
  m = await liveMeeting(server.deps);
  sec = await signInAs(server, { tenant: "vadso", role: "secretary", bodyIds: [m.bodyId] });
  sec2 = await signInAs(server, { tenant: "vadso", role: "secretary" });
});
afterAll(async () => {
  for (const s of open) s.disconnect();
  await server?.stop();
});

async function connect(cookie?: string) {
  const s = await client(server.url, cookie);
  open.push(s);
  return s;
}
const join = (s: LiveClient, since?: number) =>
  s.emitWithAck("live:join", {
    meetingId: m.meetingId,
    ...(since !== undefined ? { since } : {}),
  }) as Promise<JoinReply>;
const consoleJoin = (s: LiveClient) =>
  s.emitWithAck("console:join", { meetingId: m.meetingId }) as Promise<ConsoleJoinReply>;
let version = 0;
async function act(s: LiveClient, action: Record<string, unknown> & { type: string }): Promise<ActionReply> {
  const r = (await s.emitWithAck("console:action", {
    meetingId: m.meetingId,
    expectedVersion: version,
    action,
  })) as ActionReply;
  if (r.ok) version = r.version;
  return r;
}

describe("two viewers and two consoles", () => {
  let viewerA: LiveClient, viewerB: LiveClient, consoleA: LiveClient, consoleB: LiveClient;
  let wireA: string[];

  it("viewers join without an account and get the public state; consoles join with the session cookie", async () => {
    viewerA = await connect();
    wireA = recordWire(viewerA);
    viewerB = await connect();
    const [a, b] = await Promise.all([join(viewerA), join(viewerB)]);
    expect(a).toMatchObject({ ok: true, mode: "snapshot", version: 0 });
    if (!a.ok || a.mode !== "snapshot") throw new Error();
    expect(a.state.items.map((i) => i.id)).toEqual([m.items[0], m.items[2]]);
    expect(b.ok).toBe(true);
    consoleA = await connect(sec.cookie);
    consoleB = await connect(sec2.cookie);
    const c = await consoleJoin(consoleA);
    expect(c).toMatchObject({ ok: true, state: { version: 0, status: "waiting" } });
    if (!c.ok) throw new Error();
    expect(c.state.items).toHaveLength(3); // the console sees the closed item
    expect((await consoleJoin(consoleB)).ok).toBe(true);
  });

  it("the console starts the meeting and moves to an item: both viewers and the other console get it", async () => {
    const gotA = next(viewerA, "live:event", (e) => e.version === 2);
    const gotB = next(viewerB, "live:event", (e) => e.version === 2);
    const otherConsole = next(consoleB, "console:state", (p) => p.state.version === 2);
    const home = async () => (await fetch(`${server.url}/vadso`)).text();
    expect(await home()).not.toContain('data-testid="live-now"');
    expect(await act(consoleA, { type: "start" })).toEqual({ ok: true, version: 1 });
    // The municipality home says "live now" at once (its cached page is dropped by the start), linking to the live page.
    const now = await home();
    expect(now).toContain('data-testid="live-now"');
    expect(now).toContain(`href="/vadso/meetings/${m.meetingId}/live"`);
    expect(await act(consoleA, { type: "moveTo", itemId: m.items[0] })).toEqual({ ok: true, version: 2 });
    const [ea, eb, cs] = await Promise.all([gotA, gotB, otherConsole]);
    expect(ea).toMatchObject({
      type: "live.agendaItem.opened",
      patch: { currentItemId: m.items[0] },
      entry: { type: "live.agendaItem.opened", itemId: m.items[0] },
    });
    expect(eb).toEqual(ea);
    expect(cs.state.currentItemId).toBe(m.items[0]);
  });

  it("every action is audited and the meeting's status follows", async () => {
    const audit = await server.deps.db.rows<{ action: string; actor_person_id: string; subject_id: string }>(
      sql`select action, actor_person_id, subject_id from audit_events where subject_type = 'meeting' order by seq`,
    );
    expect(audit).toEqual([
      { action: "live.meeting.started", actor_person_id: sec.personId, subject_id: m.meetingId },
      { action: "live.agendaItem.opened", actor_person_id: sec.personId, subject_id: m.meetingId },
    ]);
    const [row] = await server.deps.db.rows<{ status: string }>(
      sql`select status from meetings where id = ${m.meetingId}`,
    );
    expect(row!.status).toBe("in_progress");
  });

  it("speakers, votes and decisions reach viewers in order", async () => {
    const events = collect(viewerA);
    await act(consoleA, { type: "addSpeaker", name: "Kari Nordmann", party: "Ap" });
    await act(consoleA, { type: "nextSpeaker" });
    await act(consoleA, { type: "recordVote", itemId: m.items[0], for: 5, against: 2, blank: 0 });
    await act(consoleA, { type: "recordDecision", itemId: m.items[0], text: "Budsjettet vedtas som innstilt." });
    await until(() => events.length === 4);
    expect(events.map((e) => e.version)).toEqual([3, 4, 5, 6]);
    expect(events[1]!.patch.floor?.speaker.name).toBe("Kari Nordmann");
    expect(events[2]!.patch.votes?.[m.items[0]]).toMatchObject({ for: 5, against: 2, passed: true });
    const [vote] = await server.deps.db.rows<{ votes_for: number; passed: boolean; case_id: string }>(
      sql`select votes_for, passed, case_id from live_votes where meeting_id = ${m.meetingId}`,
    );
    expect(vote).toEqual({ votes_for: 5, passed: true, case_id: m.budgetCaseId });
  });

  it("closed items never appear on the wire: not their id, title, case, speakers, votes or decision", async () => {
    const secretSpeaker = "Hemmelig Vitne";
    const secretDecision = "Oppsigelsen opprettholdes";
    await act(consoleA, { type: "moveTo", itemId: m.closedItemId });
    await act(consoleA, { type: "addSpeaker", name: secretSpeaker });
    await act(consoleA, { type: "nextSpeaker" });
    await act(consoleA, { type: "recordVote", itemId: m.closedItemId, for: 7, against: 0 });
    await act(consoleA, { type: "recordDecision", itemId: m.closedItemId, text: secretDecision });
    await act(consoleA, { type: "moveTo", itemId: m.items[2] });
    // A viewer arriving now (snapshot) and one catching up from 0 (events).
    const late = await connect();
    const wireLate = recordWire(late);
    await join(late);
    await join(late, 0);
    await until(() => wireA.some((f) => f.includes(`"version":${version}`)));
    // The public page (plain HTML) of the same meeting.
    const html = await (await fetch(`${server.url}/vadso/meetings/${m.meetingId}/live`)).text();
    for (const wire of [wireA.join("\n"), wireLate.join("\n"), html]) {
      for (const secret of [m.closedItemId, m.secretCaseId, SECRET_TITLE, SECRET_CASE, secretSpeaker, secretDecision])
        expect(wire).not.toContain(secret);
    }
    // Viewers were told only that the meeting went into closed session, and out again.
    expect(wireA.join("\n")).toContain('"inClosedSession":true');
    expect(wireA.join("\n")).toContain("live.closedSession.continued");
  });

  it("conflicting edits resolve by version: the second console with the same version is refused and shown the current one", async () => {
    const seen = version;
    const [r1, r2] = await Promise.all([
      consoleA.emitWithAck("console:action", {
        meetingId: m.meetingId,
        expectedVersion: seen,
        action: { type: "addSpeaker", name: "Ola" },
      }) as Promise<ActionReply>,
      consoleB.emitWithAck("console:action", {
        meetingId: m.meetingId,
        expectedVersion: seen,
        action: { type: "addSpeaker", name: "Per" },
      }) as Promise<ActionReply>,
    ]);
    const oks = [r1, r2].filter((r) => r.ok);
    const refused = [r1, r2].filter((r) => !r.ok);
    expect(oks).toHaveLength(1);
    expect(refused).toEqual([{ ok: false, code: "errors.conflict", params: { current: seen + 1, expected: seen } }]);
    version = seen + 1;
    const [row] = await server.deps.db.rows<{ version: number; n: number }>(
      sql`select version, jsonb_array_length(state->'queue') as n from live_meetings where meeting_id = ${m.meetingId}`,
    );
    expect(row).toEqual({ version: seen + 1, n: 1 });
  });
});

describe("catch-up after a forced disconnect", () => {
  it("a viewer that lost its connection gets exactly the events it missed, then live ones, with no reload", async () => {
    const viewer = await client(server.url); // reconnects by itself, like the browser client
    viewer.io.reconnection(true);
    viewer.io.reconnectionDelay(50);
    open.push(viewer);
    const first = await join(viewer);
    if (!first.ok || first.mode !== "snapshot") throw new Error();
    let state: PublicState = first.state;
    viewer.on("live:event", (e) => void (state = applyPublic(state, e) ?? state));

    const reconnected = new Promise<void>((r) => viewer.io.once("reconnect", () => r()));
    viewer.io.engine.close(); // the network drops
    const consoleC = await connect(sec.cookie);
    await act(consoleC, { type: "addSpeaker", name: "Missed One" });
    await act(consoleC, { type: "pause", until: "2026-11-22T19:30:00Z" });
    await act(consoleC, { type: "resume" });
    await reconnected;
    const caught = await join(viewer, state.version);
    if (!caught.ok || caught.mode !== "events") throw new Error(`expected events, got ${JSON.stringify(caught)}`);
    expect(caught.events.map((e) => e.version)).toEqual([version - 2, version - 1, version]);
    for (const e of caught.events) state = applyPublic(state, e)!;
    const fresh = await join(await connect());
    if (!fresh.ok || fresh.mode !== "snapshot") throw new Error();
    expect(state).toEqual(fresh.state);
    // …and live events keep coming on the new connection.
    const live = next(viewer, "live:event", (e) => e.version === version + 1);
    expect(await act(consoleC, { type: "setStream", url: "https://tv.example.org/vadso" })).toMatchObject({ ok: true });
    expect((await live).version).toBe(version);
  });
});

describe("bad input", () => {
  it("console actions from anonymous, resident and foreign-municipality sockets are refused and logged", async () => {
    const resident = await signInAs(server, { tenant: "vadso", role: "resident" });
    const oslo = await signInAs(server, { tenant: "oslo", role: "secretary" });
    const otherBody = await signInAs(server, {
      tenant: "vadso",
      role: "secretary",
      bodyIds: ["00000000-0000-4000-8000-000000000999"],
    });
    for (const cookie of [undefined, resident.cookie, oslo.cookie, otherBody.cookie]) {
      const s = await connect(cookie);
      const err = next(s, "live:error");
      const r = (await s.emitWithAck("console:action", {
        meetingId: m.meetingId,
        expectedVersion: version,
        action: { type: "end" },
      })) as ActionReply;
      expect(r).toEqual({ ok: false, code: "errors.forbidden" });
      expect(await err).toEqual({ code: "errors.forbidden", event: "console:action" });
      expect(await consoleJoin(s)).toEqual({ ok: false, code: "errors.forbidden" });
    }
    const [row] = await server.deps.db.rows<{ version: number; status: string }>(
      sql`select version, status from live_meetings where meeting_id = ${m.meetingId}`,
    );
    expect(row).toEqual({ version, status: "in_progress" });
  });

  it("malformed payloads are ignored with an error event", async () => {
    const s = await connect(sec.cookie);
    const bad: [string, unknown][] = [
      ["live:join", "not an object"],
      ["live:join", { meetingId: "../../etc" }],
      ["live:join", { meetingId: m.meetingId, since: -4 }],
      ["console:action", { meetingId: m.meetingId, expectedVersion: version, action: { type: "explode" } }],
      ["console:action", { meetingId: m.meetingId, expectedVersion: "x", action: { type: "start" } }],
      ["console:join", null],
      ["live:watch", { tenantId: 42 }],
    ];
    for (const [event, payload] of bad) {
      const err = next(s, "live:error");
      (s.emit as (e: string, p: unknown) => void)(event, payload);
      expect((await err).code).toMatch(/^errors\.(malformed|invalidAction)$/);
    }
    expect(s.connected).toBe(true);
  });

  it("a flood of joins from one address is rate-limited", async () => {
    const small = await startTestServer({ demo: false, live: { joinsPerIp: 5, joinWindowS: 60 } });
    try {
      const s = await client(small.url);
      const replies: JoinReply[] = [];
      for (let i = 0; i < 8; i++)
        replies.push((await s.emitWithAck("live:join", { meetingId: m.meetingId })) as JoinReply);
      expect(replies.slice(0, 5).every((r) => !r.ok && r.code === "errors.notFound")).toBe(true); // counted, answered
      expect(replies.slice(5)).toEqual([0, 1, 2].map(() => ({ ok: false, code: "errors.rateLimited" })));
      s.disconnect();
    } finally {
      await small.stop();
    }
  });
});

function collect(s: LiveClient): PublicEvent[] {
  const out: PublicEvent[] = [];
  s.on("live:event", (e) => void out.push(e));
  return out;
}

async function until(cond: () => boolean, ms = 10_000) {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}
