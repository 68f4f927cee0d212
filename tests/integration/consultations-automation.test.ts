import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deps } from "#app/lib/deps.ts";
import { agendaItems, consultations, councilStatements } from "#db/schema/index.ts";
import {
  addComment,
  createConsultation,
  recordFeedback,
  setProfile,
  type ConsultationInput,
} from "#app/modules/consultations/commands.server.ts";
import {
  attachConsultationAutomation,
  automationIdle,
  onAgendaChanged,
  tellParticipants,
} from "#app/modules/consultations/automation.server.ts";
import { addAgendaItem, updateMeeting } from "#app/modules/meetings/commands.server.ts";
import { devInbox } from "#app/modules/identity/outbox.server.ts";
import { createBus } from "#server/bus.ts";
import { politicalWorld } from "./political-setup.ts";
import { AREA, consultationFixture, must } from "./consultations-setup.ts";

// The consultation follows the political calendar by itself: a case moved to
// another meeting (or a rescheduled meeting) moves the closing time and tells
// the participants; a case scheduled for a deciding meeting asks the councils.
let w: Awaited<ReturnType<typeof politicalWorld>>;
let deps: Deps;
beforeAll(async () => {
  w = await politicalWorld();
  deps = { ...w.deps, env: { ...w.deps.env, NODE_ENV: "test" } } as unknown as Deps;
});
afterAll(async () => {
  await w?.dispose();
});

const input = (f: Awaited<ReturnType<typeof consultationFixture>>): ConsultationInput & { tenantId: string } => ({
  tenantId: w.vadso,
  caseId: f.caseId,
  bodyId: f.bodies.deciding,
  meetingId: f.meetings.m1,
  title: { nb: "Gangvei langs Strandgata" },
  opensAt: new Date("2026-11-01T08:00:00Z"),
  mapArea: AREA,
  pinCategories: ["skolevei"],
});

const inbox = () => devInbox(deps).filter((m) => m.text.includes("Gangvei langs Strandgata"));

describe("consultation automation", () => {
  it("a case moved to another meeting moves the deadline, tells the participants, and asks the councils before the new meeting", async () => {
    const f = await consultationFixture(w.h, w.vadso, { sequence: 501 });
    const { id } = must(await createConsultation(w.deps, f.secretary, input(f)));
    const kari = await f.resident("Kari");
    const quiet = await f.resident("Stille");
    must(await addComment(w.deps, kari, { tenantId: w.vadso, consultationId: id, body: "Bra!" }));
    must(await setProfile(w.deps, quiet, { tenantId: w.vadso, consultationId: id, notify: "none" }));
    const before = inbox().length;

    await w.h.db.update(agendaItems).set({ meetingId: f.meetings.m2 }).where(eq(agendaItems.id, f.agendaItemId));
    const out = await onAgendaChanged(deps, { tenantId: w.vadso, meetingId: f.meetings.m1 });
    expect(out.moved).toEqual([
      { consultationId: id, closesAt: new Date("2027-01-12T16:00:00.000Z"), participants: 2, notified: 1 },
    ]);
    const [c] = await w.h.db.select().from(consultations).where(eq(consultations.id, id));
    expect(c).toMatchObject({
      meetingId: f.meetings.m2,
      closesAt: new Date("2027-01-12T16:00:00.000Z"),
      closedAt: null,
    });
    const told = inbox().slice(0, inbox().length - before);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ channel: "email", subject: "Ny frist: Gangvei langs Strandgata" });
    expect(told[0]!.text).toContain(`/vadso/consultations/${id}`);

    // The councils: the three statutory ones and the area council the case lies in, due 3 days before m2's notice.
    expect(out.asked).toEqual([{ caseId: f.caseId, meetingId: f.meetings.m2, councils: 4 }]); // the first fixture in this database: its councils are all there are
    const rows = await w.h.db.select().from(councilStatements).where(eq(councilStatements.caseId, f.caseId));
    expect(rows.map((r) => r.councilBodyId).sort()).toEqual(
      [f.bodies.youth, f.bodies.elders, f.bodies.disabled, f.bodies.area].sort(),
    );
    expect(
      rows.every(
        (r) => r.decidingMeetingId === f.meetings.m2 && r.deadline.toISOString() === "2027-01-11T16:00:00.000Z",
      ),
    ).toBe(true);

    // The same event again changes nothing: no message, no new audit entry.
    const audits = await w.h.rows<{ n: number }>(
      sql`select count(*)::int as n from audit_events where subject_id = ${f.caseId}`,
    );
    const again = await onAgendaChanged(deps, { tenantId: w.vadso, meetingId: f.meetings.m2 });
    expect(again).toEqual({ moved: [], asked: [] });
    expect(inbox().length - before).toBe(1);
    expect(
      (
        await w.h.rows<{ n: number }>(sql`select count(*)::int as n from audit_events where subject_id = ${f.caseId}`)
      )[0]!.n,
    ).toBe(audits[0]!.n);
  });

  it("a rescheduled meeting moves the deadline; a meeting so early that the period is over closes the consultation", async () => {
    const f = await consultationFixture(w.h, w.vadso, { sequence: 502 });
    const { id } = must(await createConsultation(w.deps, f.secretary, input(f)));
    must(
      await updateMeeting(w.deps, f.secretary, {
        tenantId: w.vadso,
        meetingId: f.meetings.m1,
        startsAt: new Date("2026-12-18T16:00:00Z"),
      }),
    );
    let out = await onAgendaChanged(deps, { tenantId: w.vadso, meetingId: f.meetings.m1 });
    expect(out.moved.map((m) => m.closesAt.toISOString())).toEqual(["2026-12-09T16:00:00.000Z"]);
    // The clock is 20 Nov; a meeting on 25 Nov has its notice on 18 Nov: the period is over, the consultation closes now.
    must(
      await updateMeeting(w.deps, f.secretary, {
        tenantId: w.vadso,
        meetingId: f.meetings.m1,
        startsAt: new Date("2026-11-25T16:00:00Z"),
      }),
    );
    out = await onAgendaChanged(deps, { tenantId: w.vadso, meetingId: f.meetings.m1 });
    expect(out.moved).toHaveLength(1);
    const [c] = await w.h.db.select().from(consultations).where(eq(consultations.id, id));
    expect(c!.closedAt).toEqual(w.deps.now());
    expect(await onAgendaChanged(deps, { tenantId: w.vadso, meetingId: f.meetings.m1 })).toMatchObject({ moved: [] });
  });

  it("runs from the bus after the agenda command; a council's own meeting asks nobody", async () => {
    const bus = createBus();
    const live = { ...deps, bus } as Deps;
    const detach = attachConsultationAutomation(live);
    try {
      const f = await consultationFixture(w.h, w.vadso, { sequence: 503 });
      await w.h.db.delete(agendaItems).where(eq(agendaItems.id, f.agendaItemId));
      // On the youth council's agenda: no statements asked.
      const [youthMeeting] = await w.h.rows<{ id: string }>(
        sql`insert into meetings (tenant_id, body_id, key, starts_at) values (${w.vadso}, ${f.bodies.youth}, ${"y-" + crypto.randomUUID()}, ${"2026-12-10T16:00:00Z"}) returning id`,
      );
      must(
        await addAgendaItem(live, f.secretary, { tenantId: w.vadso, meetingId: youthMeeting!.id, caseId: f.caseId }),
      );
      await automationIdle(bus);
      expect(await w.h.db.select().from(councilStatements).where(eq(councilStatements.caseId, f.caseId))).toHaveLength(
        0,
      );
      // Scheduled for the deciding body: asked.
      must(await addAgendaItem(live, f.secretary, { tenantId: w.vadso, meetingId: f.meetings.m2, caseId: f.caseId }));
      await automationIdle(bus);
      const rows = await w.h.db
        .select()
        .from(councilStatements)
        .where(and(eq(councilStatements.caseId, f.caseId), eq(councilStatements.decidingMeetingId, f.meetings.m2)));
      // (Every fixture adds its own councils to the municipality; these are this fixture's.)
      const mine = [f.bodies.youth, f.bodies.elders, f.bodies.disabled, f.bodies.area];
      expect(rows.filter((r) => mine.includes(r.councilBodyId))).toHaveLength(4);
    } finally {
      detach();
    }
  });

  it("feedback reaches each participant once, by the channel they chose", async () => {
    const f = await consultationFixture(w.h, w.vadso, { sequence: 504 });
    const { id } = must(await createConsultation(w.deps, f.secretary, input(f)));
    for (const n of ["Anne", "Bjørn"])
      must(
        await addComment(w.deps, await f.resident(n), {
          tenantId: w.vadso,
          consultationId: id,
          body: `Innspill fra ${n}`,
        }),
      );
    must(
      await recordFeedback(w.deps, f.secretary, {
        tenantId: w.vadso,
        consultationId: id,
        feedback: { nb: "Gangveien blir bygget med lys." },
      }),
    );
    const before = inbox().length;
    expect(await tellParticipants(deps, { tenantId: w.vadso, consultationId: id, kind: "feedback" })).toBe(2);
    expect(await tellParticipants(deps, { tenantId: w.vadso, consultationId: id, kind: "feedback" })).toBe(0);
    const sent = inbox().slice(0, inbox().length - before);
    expect(
      sent.every(
        (m) =>
          m.text.includes("Gangveien blir bygget med lys.") && m.subject === "Resultatet: Gangvei langs Strandgata",
      ),
    ).toBe(true);
    expect(
      await recordFeedback(w.deps, f.moderator, { tenantId: w.vadso, consultationId: id, feedback: { nb: "x" } }),
    ).toMatchObject({ ok: false, error: { status: 403 } });
  });
});
