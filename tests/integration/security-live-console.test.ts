import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActionReply, ConsoleJoinReply } from "#app/modules/live/events.ts";
import { removeMembership } from "#app/modules/identity/staff.server.ts";
import { memberships } from "#db/schema/index.ts";
import { signInAs, type TestSession } from "#tests/setup/auth.ts";
import { startTestServer } from "#tests/setup/server.ts";
import { client, liveMeeting, next, type LiveClient } from "./live-setup.ts";

// Issue 21, defect 2: a live-console socket must stop receiving the full state
// (closed-item speakers and decisions) once its person signed out or lost the
// role. Real socket.io clients against the real server.
let server: Awaited<ReturnType<typeof startTestServer>>;
let m: Awaited<ReturnType<typeof liveMeeting>>;
let driver: TestSession;
const open: LiveClient[] = [];
let version = 0;

beforeAll(async () => {
  server = await startTestServer({ demo: false, live: { joinsPerIp: 1000, joinWindowS: 10 } });
  m = await liveMeeting(server.deps);
  driver = await signInAs(server, { tenant: "vadso", role: "secretary", bodyIds: [m.bodyId] });
});
afterAll(async () => {
  for (const s of open) s.disconnect();
  await server?.stop();
});

async function consoleOf(session: TestSession): Promise<{ s: LiveClient; states: number[] }> {
  const s = await client(server.url, session.cookie);
  open.push(s);
  const r = (await s.emitWithAck("console:join", { meetingId: m.meetingId })) as ConsoleJoinReply;
  expect(r.ok).toBe(true);
  const states: number[] = [];
  s.on("console:state", (p) => states.push(p.state.version));
  return { s, states };
}
const disconnected = (s: LiveClient) =>
  new Promise<string>((resolve) => (s.disconnected ? resolve("already") : s.once("disconnect", resolve)));

async function act(s: LiveClient, action: Record<string, unknown> & { type: string }): Promise<number> {
  const r = (await s.emitWithAck("console:action", {
    meetingId: m.meetingId,
    expectedVersion: version,
    action,
  })) as ActionReply;
  if (!r.ok) throw new Error(`action refused: ${r.code}`);
  return (version = r.version);
}

describe("live console sockets follow the session and the role", () => {
  let drive: LiveClient;

  it("the driving console works (control)", async () => {
    ({ s: drive } = await consoleOf(driver));
    const got = next(drive, "console:state", (p) => p.state.version === 1);
    await act(drive, { type: "start" });
    expect((await got).state.status).toBe("in_progress");
  });

  it("signing out closes the session's sockets", async () => {
    const sec = await signInAs(server, { tenant: "vadso", role: "secretary", bodyIds: [m.bodyId] });
    const { s, states } = await consoleOf(sec);
    const gone = disconnected(s);
    const r = await sec.post("/signout");
    expect(r.status).toBe(303);
    expect(await gone).toBe("io server disconnect");
    await act(drive, { type: "moveTo", itemId: m.closedItemId });
    expect(states).toEqual([]);
  });

  it("a socket whose session ended elsewhere gets no further state: permission is checked at every emit", async () => {
    const sec = await signInAs(server, { tenant: "vadso", role: "secretary", bodyIds: [m.bodyId] });
    const { s, states } = await consoleOf(sec);
    // The session row disappears without any event (expiry, another process's database work).
    await server.deps.db.db.execute(sql`delete from sessions where person_id = ${sec.personId}`);
    const refused = next(s, "live:error", (e) => e.event === "console:state");
    const driverGot = next(drive, "console:state", (p) => p.event.type === "live.speaker.added");
    const v = await act(drive, { type: "addSpeaker", name: "Lukket Taler", party: "Sp" });
    expect((await driverGot).state.version).toBe(v);
    expect(await refused).toEqual({ code: "errors.forbidden", event: "console:state" });
    // It left the console room: later changes do not reach it either.
    const driverGot2 = next(drive, "console:state", (p) => p.event.type === "live.floor.given");
    await act(drive, { type: "nextSpeaker" });
    await driverGot2;
    const pong = (await s.emitWithAck("ping")) as { ok: boolean };
    expect(pong.ok).toBe(true);
    expect(states).toEqual([]);
  });

  it("a secretary whose role is removed is disconnected at once", async () => {
    const sec = await signInAs(server, { tenant: "vadso", role: "secretary", bodyIds: [m.bodyId] });
    const { s, states } = await consoleOf(sec);
    const [row] = await server.deps.db.db
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.personId, sec.personId), eq(memberships.tenantId, m.tenantId)));
    const gone = disconnected(s);
    const adm = await signInAs(server, { tenant: "vadso", role: "admin" });
    const admin = {
      id: adm.personId,
      platformAdmin: false,
      memberships: [{ tenantId: m.tenantId, role: "admin" as const, bodyId: null }],
    };
    const r = await removeMembership(server.deps, admin, m.tenantId, row!.id);
    expect(r.ok).toBe(true);
    expect(await gone).toBe("io server disconnect");
    await act(drive, { type: "recordDecision", itemId: m.closedItemId, text: "Fortrolig vedtak" });
    expect(states).toEqual([]);
  });
});
