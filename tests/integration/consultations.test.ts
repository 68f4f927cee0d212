import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractText, getDocumentProxy } from "unpdf";
import {
  agendaItems,
  auditEvents,
  caseDocuments,
  cases,
  moderationRules,
  consultationComments,
  consultations,
  consultationSupports,
  councilStatements,
  meetings,
} from "#db/schema/index.ts";
import {
  addComment,
  answerCouncilStatement,
  answerQuestions,
  closeConsultation,
  createConsultation,
  dismissFlags,
  dropPin,
  flagComment,
  followCaseMeeting,
  moderateComment,
  requestCouncilStatements,
  setModerationRules,
  setProfile,
  supportComment,
  type ConsultationInput,
} from "#app/modules/consultations/commands.server.ts";
import { publicConsultation, statementFacts } from "#app/modules/consultations/queries.server.ts";
import { heardBeforeDecision } from "#app/modules/consultations/heard.ts";
import {
  attachReport,
  databaseCounts,
  generateReport,
  reportFile,
  reportRow,
} from "#app/modules/consultations/report.server.ts";
import { politicalWorld } from "./political-setup.ts";
import type { Deps } from "#app/lib/deps.ts";
import { devInbox } from "#app/modules/identity/outbox.server.ts";
import { AREA, consultationFixture, must } from "./consultations-setup.ts";

let w: Awaited<ReturnType<typeof politicalWorld>>;
let f: Awaited<ReturnType<typeof consultationFixture>>;
beforeAll(async () => {
  w = await politicalWorld();
  f = await consultationFixture(w.h, w.vadso);
});
afterAll(async () => {
  await w?.dispose();
});

const base = (): ConsultationInput & { tenantId: string } => ({
  tenantId: w.vadso,
  caseId: f.caseId,
  bodyId: f.bodies.deciding,
  meetingId: f.meetings.m1,
  title: { nb: "Hva mener du om gangveien?" },
  summary: { nb: "Kommunen vil bygge en gangvei." },
  opensAt: new Date("2026-11-01T08:00:00Z"),
  closeDaysBeforeNotice: 2,
  mapArea: AREA,
  pinCategories: ["skolevei", "farlig"],
  questions: [
    { kind: "single", prompt: { nb: "Bør gangveien bygges?" }, options: [{ nb: "Ja" }, { nb: "Nei" }] },
    { kind: "scale", prompt: { nb: "Hvor trygg er veien i dag?" }, scaleMin: 1, scaleMax: 5 },
    { kind: "text", prompt: { nb: "Noe annet?" } },
  ],
});

describe("consultations: deadline", () => {
  let id: string;
  it("derives the closing time from the deciding meeting (N days before notice)", async () => {
    const r = must(await createConsultation(w.deps, f.secretary, base()));
    id = r.id;
    // meeting 17 Dec 16:00Z, notice lead 7 days → 10 Dec; minus 2 days → 8 Dec.
    expect(r.closesAt.toISOString()).toBe("2026-12-08T16:00:00.000Z");
    const [audit] = await w.h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "consultation.created"), eq(auditEvents.subjectId, id)));
    expect(audit).toBeTruthy();
    expect(w.events.some((e) => e.type === "consultations.consultation.created")).toBe(true);
  });

  it("moves the deadline with the case to another meeting and tells the participants", async () => {
    const kari = await f.resident("Kari");
    must(await addComment(w.deps, kari, { tenantId: w.vadso, consultationId: id, body: "Bra forslag" }));
    await w.h.db.update(agendaItems).set({ meetingId: f.meetings.m2 }).where(eq(agendaItems.id, f.agendaItemId));
    const r = must(await followCaseMeeting(w.deps, { tenantId: w.vadso, caseId: f.caseId }));
    expect(r.moved).toEqual([
      { consultationId: id, closesAt: new Date("2027-01-12T16:00:00.000Z"), participants: 1, changed: true },
    ]);
    const [c] = await w.h.db.select().from(consultations).where(eq(consultations.id, id));
    expect(c!.meetingId).toBe(f.meetings.m2);
    expect(w.events.find((e) => e.type === "consultations.deadline.moved")).toMatchObject({
      consultationId: id,
      participants: 1,
    });
    // Idempotent: nothing moves a second time.
    expect(must(await followCaseMeeting(w.deps, { tenantId: w.vadso, caseId: f.caseId })).moved).toEqual([]);
    await w.h.db.update(agendaItems).set({ meetingId: f.meetings.m1 }).where(eq(agendaItems.id, f.agendaItemId));
    must(await followCaseMeeting(w.deps, { tenantId: w.vadso, caseId: f.caseId }));
  });

  it("enforces six weeks for a plan consultation", async () => {
    const r = await createConsultation(w.deps, f.secretary, { ...base(), plan: true });
    expect(r).toMatchObject({ ok: false, error: { code: "errors.planTooShort" } });
  });

  it("checks permission and tenant", async () => {
    expect(await createConsultation(w.deps, f.moderator, base())).toMatchObject({ ok: false, error: { status: 403 } });
    expect(await createConsultation(w.deps, f.secretary, { ...base(), tenantId: w.oslo })).toMatchObject({
      ok: false,
      error: { status: 403 },
    });
    const osloSec = { ...f.secretary, memberships: [{ tenantId: w.oslo, role: "secretary" as const, bodyId: null }] };
    expect(await createConsultation(w.deps, osloSec, { ...base(), tenantId: w.oslo })).toMatchObject({
      ok: false,
      error: { status: 404 },
    });
  });
});

describe("consultations: closed agenda items", () => {
  it("never get a public consultation, and one made before the closing disappears", async () => {
    const g = await consultationFixture(w.h, w.vadso, { sequence: 77 });
    const open = must(
      await createConsultation(w.deps, g.secretary, {
        ...base(),
        caseId: g.caseId,
        bodyId: g.bodies.deciding,
        meetingId: g.meetings.m1,
      }),
    );
    expect(await publicConsultation(w.h.db, w.vadso, open.id, null)).not.toBeNull();
    await w.h.db
      .update(agendaItems)
      .set({ closed: true, closedBasis: "Kml. § 11-5 jf. Offl. § 13" })
      .where(eq(agendaItems.id, g.agendaItemId));
    expect(
      await createConsultation(w.deps, g.secretary, {
        ...base(),
        caseId: g.caseId,
        bodyId: g.bodies.deciding,
        meetingId: g.meetings.m1,
      }),
    ).toMatchObject({ ok: false, error: { code: "errors.caseNotPublic" } });
    expect(await publicConsultation(w.h.db, w.vadso, open.id, null)).toBeNull();
    const r = await g.resident("Per");
    expect(await addComment(w.deps, r, { tenantId: w.vadso, consultationId: open.id, body: "hei" })).toMatchObject({
      ok: false,
      error: { status: 404 },
    });
  });
});

describe("consultations: participation", () => {
  let id: string;
  beforeAll(async () => {
    const g = await consultationFixture(w.h, w.vadso, { sequence: 88 });
    id = must(
      await createConsultation(w.deps, g.secretary, {
        ...base(),
        caseId: g.caseId,
        bodyId: g.bodies.deciding,
        meetingId: g.meetings.m1,
      }),
    ).id;
  });

  it("one support per person, also when sent many times at once (DB constraint)", async () => {
    const author = await f.resident("Forfatter");
    const fan = await f.resident("Fan");
    const { id: commentId } = must(
      await addComment(w.deps, author, { tenantId: w.vadso, consultationId: id, body: "Lys i gangveien" }),
    );
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        supportComment(w.deps, fan, { tenantId: w.vadso, consultationId: id, commentId }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.error.code === "errors.alreadySupported")).toBe(true);
    const [n] = await w.h.db
      .select({ n: sql<number>`count(*)::int` })
      .from(consultationSupports)
      .where(eq(consultationSupports.commentId, commentId));
    expect(n!.n).toBe(1);
    const [cm] = await w.h.db.select().from(consultationSupports).where(eq(consultationSupports.commentId, commentId));
    await expect(
      w.h.db
        .insert(consultationSupports)
        .values({ tenantId: w.vadso, consultationId: id, commentId, personId: cm!.personId }),
    ).rejects.toThrow();
    expect(await supportComment(w.deps, author, { tenantId: w.vadso, consultationId: id, commentId })).toMatchObject({
      ok: false,
      error: { code: "errors.ownComment" },
    });
    // The page counts per comment (a subquery on the outer comment, not on the support's own id).
    const seen = await publicConsultation(w.h.db, w.vadso, id, fan.personId);
    expect(seen!.comments.find((c) => c.id === commentId)).toMatchObject({ supports: 1, supported: true, own: false });
  });

  it("refuses bad input: too long, empty, pin outside the area, unknown category, wrong level, not signed in", async () => {
    const r = await f.resident("Ola");
    expect(
      await addComment(w.deps, r, { tenantId: w.vadso, consultationId: id, body: "x".repeat(4001) }),
    ).toMatchObject({ ok: false, error: { code: "errors.tooLong" } });
    expect(await addComment(w.deps, r, { tenantId: w.vadso, consultationId: id, body: " \u0000 " })).toMatchObject({
      ok: false,
      error: { code: "errors.empty" },
    });
    expect(
      await dropPin(w.deps, r, { tenantId: w.vadso, consultationId: id, lat: 59.9, lon: 10.7, category: "skolevei" }),
    ).toMatchObject({ ok: false, error: { code: "errors.pinOutside" } });
    expect(
      await dropPin(w.deps, r, { tenantId: w.vadso, consultationId: id, lat: 70.1, lon: 29.7, category: "x" }),
    ).toMatchObject({ ok: false, error: { code: "errors.badCategory" } });
    expect(
      await dropPin(w.deps, r, {
        tenantId: w.vadso,
        consultationId: id,
        lat: Number.NaN,
        lon: 29.7,
        category: "skolevei",
      }),
    ).toMatchObject({ ok: false, error: { code: "errors.badCoordinates" } });
    must(
      await dropPin(w.deps, r, {
        tenantId: w.vadso,
        consultationId: id,
        lat: 70.1,
        lon: 29.7,
        category: "skolevei",
        comment: "Farlig kryss",
      }),
    );
    expect(
      await addComment(
        w.deps,
        { personId: r.personId, level: "none" },
        { tenantId: w.vadso, consultationId: id, body: "hei" },
      ),
    ).toMatchObject({ ok: false, error: { code: "errors.levelRequired" } });
    expect(await addComment(w.deps, null, { tenantId: w.vadso, consultationId: id, body: "hei" })).toMatchObject({
      ok: false,
      error: { status: 401 },
    });
  });

  it("stores HTML as plain text (rendered inert by the page)", async () => {
    const r = await f.resident("Hacker");
    const { id: cid } = must(
      await addComment(w.deps, r, {
        tenantId: w.vadso,
        consultationId: id,
        body: '<script>alert("x")</script><img src=x onerror=alert(1)>',
      }),
    );
    const [row] = await w.h.db.select().from(consultationComments).where(eq(consultationComments.id, cid));
    expect(row!.body).toBe('<script>alert("x")</script><img src=x onerror=alert(1)>');
  });

  it("moderation hides and restores; the hidden text stays in the audit log", async () => {
    const r = await f.resident("Troll");
    const reporter = await f.resident("Melder");
    const { id: cid } = must(
      await addComment(w.deps, r, { tenantId: w.vadso, consultationId: id, body: "Stygg kommentar om naboen" }),
    );
    must(
      await flagComment(w.deps, reporter, {
        tenantId: w.vadso,
        consultationId: id,
        commentId: cid,
        reason: "offensive",
      }),
    );
    expect(
      await moderateComment(
        w.deps,
        { id: r.personId, memberships: [], platformAdmin: false },
        { tenantId: w.vadso, commentId: cid, action: "hide", reason: "x" },
      ),
    ).toMatchObject({ ok: false });
    expect(
      await moderateComment(w.deps, f.moderator, { tenantId: w.vadso, commentId: cid, action: "hide" }),
    ).toMatchObject({ ok: false, error: { code: "errors.reasonRequired" } });
    must(
      await moderateComment(w.deps, f.moderator, {
        tenantId: w.vadso,
        commentId: cid,
        action: "hide",
        reason: "Personangrep",
      }),
    );
    let page = await publicConsultation(w.h.db, w.vadso, id, null);
    // A hidden comment stays in its thread as a placeholder with the reason (issue 17); its text
    // and its author's name are not read out of the database.
    const placeholder = page!.comments.find((c) => c.id === cid);
    expect(placeholder).toMatchObject({ hidden: true, hiddenReason: "Personangrep", body: "", publicName: null });
    expect(JSON.stringify(page)).not.toContain("Stygg kommentar om naboen");
    // Its author is told, once, in their language, with the reason, the way to ask for a review
    // and an absolute link to the thread.
    const told = devInbox(w.deps as unknown as Deps).filter((m) => m.text.includes("Personangrep"));
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ channel: "email", subject: expect.stringContaining("Kommentaren din er skjult") });
    expect(told[0]!.text).toContain("be kommunen vurdere det på nytt");
    expect(told[0]!.text).toMatch(new RegExp(`http://localhost:3000/vadso/consultations/${id}#c-${cid}`));
    const [a] = await w.h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "consultation.comment.hide"), eq(auditEvents.subjectId, cid)));
    expect(a!.data).toMatchObject({ body: "Stygg kommentar om naboen", reason: "Personangrep" });
    must(await moderateComment(w.deps, f.moderator, { tenantId: w.vadso, commentId: cid, action: "restore" }));
    page = await publicConsultation(w.h.db, w.vadso, id, null);
    expect(page!.comments.find((c) => c.id === cid)).toMatchObject({
      hidden: false,
      body: "Stygg kommentar om naboen",
    });
  });

  it("dismissing reports closes them (audited); the rules are the moderator's, per municipality", async () => {
    const r = await f.resident("Skribent");
    const reporter = await f.resident("Melder2");
    const { id: cid } = must(
      await addComment(w.deps, r, { tenantId: w.vadso, consultationId: id, body: "Helt grei kommentar" }),
    );
    must(
      await flagComment(w.deps, reporter, { tenantId: w.vadso, consultationId: id, commentId: cid, reason: "spam" }),
    );
    expect(await dismissFlags(w.deps, f.secretary, { tenantId: w.vadso, commentId: cid })).toMatchObject({
      ok: false,
      error: { status: 403 },
    });
    expect(must(await dismissFlags(w.deps, f.moderator, { tenantId: w.vadso, commentId: cid }))).toEqual({
      dismissed: 1,
    });
    expect(must(await dismissFlags(w.deps, f.moderator, { tenantId: w.vadso, commentId: cid }))).toEqual({
      dismissed: 0,
    });
    const open = await w.h.rows<{ n: number }>(
      sql`select count(*)::int as n from content_flags where comment_id = ${cid} and resolved_at is null`,
    );
    expect(open[0]!.n).toBe(0);
    const [a] = await w.h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "consultation.flags.dismissed"), eq(auditEvents.subjectId, cid)));
    expect(a).toBeTruthy();
    expect(await setModerationRules(w.deps, f.moderator, { tenantId: w.vadso, text: { nb: "  " } })).toMatchObject({
      ok: false,
      error: { code: "errors.rulesRequired" },
    });
    must(await setModerationRules(w.deps, f.moderator, { tenantId: w.vadso, text: { nb: "Vær saklig.", nn: "" } }));
    must(await setModerationRules(w.deps, f.moderator, { tenantId: w.vadso, text: { nb: "Vær saklig og hyggelig." } }));
    const rules = await w.h.db.select().from(moderationRules).where(eq(moderationRules.tenantId, w.vadso));
    expect(rules).toHaveLength(1);
    expect(rules[0]!.text).toEqual({ nb: "Vær saklig og hyggelig." });
    expect(await setModerationRules(w.deps, f.moderator, { tenantId: w.oslo, text: { nb: "x" } })).toMatchObject({
      ok: false,
      error: { status: 403 },
    });
  });

  it("refuses a comment after closing", async () => {
    must(await closeConsultation(w.deps, f.secretary, { tenantId: w.vadso, consultationId: id }));
    const r = await f.resident("Sen");
    expect(await addComment(w.deps, r, { tenantId: w.vadso, consultationId: id, body: "For sent?" })).toMatchObject({
      ok: false,
      error: { code: "errors.closed" },
    });
    expect(await closeConsultation(w.deps, f.secretary, { tenantId: w.vadso, consultationId: id })).toMatchObject({
      ok: false,
      error: { code: "errors.alreadyClosed" },
    });
  });
});

describe("council statements", () => {
  it("asks the statutory councils and the area council; shows who answered on time", async () => {
    const f = await consultationFixture(w.h, w.oslo); // a municipality with one council of each kind
    const r = must(
      await requestCouncilStatements(w.deps, f.secretary, {
        tenantId: w.oslo,
        caseId: f.caseId,
        meetingId: f.meetings.m1,
      }),
    );
    expect(r.requested.map((x) => x.councilBodyId).sort()).toEqual(
      [f.bodies.youth, f.bodies.elders, f.bodies.disabled, f.bodies.area].sort(),
    );
    // Asking again does not duplicate.
    must(
      await requestCouncilStatements(w.deps, f.secretary, {
        tenantId: w.oslo,
        caseId: f.caseId,
        meetingId: f.meetings.m1,
      }),
    );
    const rows = await w.h.db.select().from(councilStatements).where(eq(councilStatements.caseId, f.caseId));
    expect(rows).toHaveLength(4);
    const youth = rows.find((x) => x.councilBodyId === f.bodies.youth)!;
    const elders = rows.find((x) => x.councilBodyId === f.bodies.elders)!;
    // The youth council's secretary may answer for the youth council only.
    expect(
      await answerCouncilStatement(w.deps, f.youthSecretary, { tenantId: w.oslo, statementId: elders.id, text: "x" }),
    ).toMatchObject({ ok: false, error: { status: 403 } });
    expect(
      must(
        await answerCouncilStatement(w.deps, f.youthSecretary, {
          tenantId: w.oslo,
          statementId: youth.id,
          text: "Ungdomsrådet støtter gangveien.",
        }),
      ),
    ).toEqual({ onTime: true, documentId: null });
    // The municipality-level report: the case decided after the youth council answered, before the others did.
    await w.h.db.update(cases).set({ decidedAt: w.deps.now(), decisionText: "Vedtatt." }).where(eq(cases.id, f.caseId));
    const facts = (await statementFacts(w.h.db, w.oslo)).filter((x) => x.caseId === f.caseId);
    const heard = heardBeforeDecision(
      facts,
      { from: new Date("2026-01-01T00:00:00Z"), to: new Date("2027-01-01T00:00:00Z") },
      w.deps.now(),
    );
    expect(heard.find((r) => r.councilBodyId === f.bodies.youth)).toEqual({
      councilBodyId: f.bodies.youth,
      asked: 1,
      heard: 1,
      onTime: 1,
      share: 1,
    });
    expect(heard.find((r) => r.councilBodyId === f.bodies.elders)).toEqual({
      councilBodyId: f.bodies.elders,
      asked: 1,
      heard: 0,
      onTime: 0,
      share: 0,
    });
  });
});

describe("the input report", () => {
  let id: string;
  beforeAll(async () => {
    const g = await consultationFixture(w.h, w.vadso, { sequence: 99 });
    id = must(
      await createConsultation(w.deps, g.secretary, {
        ...base(),
        caseId: g.caseId,
        bodyId: g.bodies.deciding,
        meetingId: g.meetings.m1,
        population: {
          total: 5000,
          ageBands: { "16-19": 250, "20-29": 600, "30-44": 1000, "45-66": 1650, "67+": 1000, u16: 500 },
        },
      }),
    ).id;
    const [q] = await w.h.rows<{ id: string; options: { id: string }[] }>(
      sql`select id, options from consultation_questions where consultation_id = ${id} and position = 1`,
    );
    const people = await Promise.all(["Anne", "Bjørn", "Cecilie", "Dag", "Eva", "Finn"].map((n) => f.resident(n)));
    for (const [i, p] of people.entries()) {
      must(
        await setProfile(w.deps, p, {
          tenantId: w.vadso,
          consultationId: id,
          ageBand: i < 3 ? "16-19" : "45-66",
          gender: i % 2 ? "male" : "female",
        }),
      );
      must(
        await answerQuestions(w.deps, p, {
          tenantId: w.vadso,
          consultationId: id,
          answers: [{ questionId: q!.id, options: [i < 4 ? q!.options[0]!.id : q!.options[1]!.id] }],
        }),
      );
    }
    const a = must(
      await addComment(w.deps, people[0]!, {
        tenantId: w.vadso,
        consultationId: id,
        body: "Gangveien trengs for skolebarna. Ring meg på 912 34 567.",
      }),
    );
    must(
      await addComment(w.deps, people[1]!, {
        tenantId: w.vadso,
        consultationId: id,
        body: "Enig, men husk belysning.",
        parentId: a.id,
      }),
    );
    const hidden = must(
      await addComment(w.deps, people[2]!, {
        tenantId: w.vadso,
        consultationId: id,
        body: "Skjult tekst som ikke skal med",
      }),
    );
    must(
      await moderateComment(w.deps, f.moderator, {
        tenantId: w.vadso,
        commentId: hidden.id,
        action: "hide",
        reason: "Personangrep",
      }),
    );
    for (const p of people.slice(1))
      must(await supportComment(w.deps, p, { tenantId: w.vadso, consultationId: id, commentId: a.id }));
    must(
      await requestCouncilStatements(w.deps, g.secretary, {
        tenantId: w.vadso,
        caseId: g.caseId,
        meetingId: g.meetings.m1,
      }),
    );
    const [st] = await w.h.db
      .select()
      .from(councilStatements)
      .where(and(eq(councilStatements.caseId, g.caseId), eq(councilStatements.councilBodyId, g.bodies.youth)));
    must(
      await answerCouncilStatement(w.deps, g.youthSecretary, {
        tenantId: w.vadso,
        statementId: st!.id,
        text: "Ungdomsrådet ber om lys langs hele gangveien.",
      }),
    );
    must(
      await dropPin(w.deps, people[3]!, {
        tenantId: w.vadso,
        consultationId: id,
        lat: 70.05,
        lon: 29.75,
        category: "farlig",
        comment: "Mørkt her",
      }),
    );
  });

  it("is refused while the consultation is open", async () => {
    expect(await generateReport(w.deps, f.secretary, { tenantId: w.vadso, consultationId: id })).toMatchObject({
      ok: false,
      error: { code: "errors.stillOpen" },
    });
  });

  it("has numbers equal to the database counts; requested twice at once gives one version", async () => {
    must(await closeConsultation(w.deps, f.secretary, { tenantId: w.vadso, consultationId: id }));
    const [a, b] = await Promise.all([
      generateReport(w.deps, f.secretary, { tenantId: w.vadso, consultationId: id }),
      generateReport(w.deps, f.secretary, { tenantId: w.vadso, consultationId: id }),
    ]);
    const ra = must(a);
    const rb = must(b);
    expect(ra.id).toBe(rb.id);
    expect([ra.created, rb.created].filter(Boolean)).toHaveLength(1);
    const [n] = await w.h.rows<{ n: number }>(
      sql`select count(*)::int as n from consultation_reports where consultation_id = ${id}`,
    );
    expect(n!.n).toBe(1);
    const row = (await reportRow(w.deps, w.vadso, ra.id))!;
    const db = await databaseCounts(w.deps, id);
    expect(row.r.numbers).toMatchObject(db);
    expect(db).toMatchObject({ participants: 6, comments: 1, replies: 1, supports: 5, pins: 1, answers: 6, hidden: 1 });
  });

  it("is a PDF with real text: the comments, pseudonymised; JSON and CSV beside it", async () => {
    const [r] = await w.h.rows<{ id: string }>(sql`select id from consultation_reports where consultation_id = ${id}`);
    const pdf = (await reportFile(w.deps, w.vadso, r!.id, "pdf"))!;
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
    expect(text).toContain("Gangveien trengs for skolebarna");
    expect(text).toContain("Enig, men husk belysning.");
    expect(text).toContain("Ungdomsrådet ber om lys langs hele gangveien.");
    expect(text).not.toContain("912 34 567");
    expect(text).not.toContain("Skjult tekst");
    expect(text).not.toContain("Anne");
    expect(new TextDecoder().decode(pdf.slice(0, 8))).toMatch(/^%PDF-1\.7/);
    expect(new TextDecoder("latin1").decode(pdf)).toMatch(/\/StructTreeRoot/);
    const json = JSON.parse(new TextDecoder().decode((await reportFile(w.deps, w.vadso, r!.id, "json"))!));
    expect(json.comments).toHaveLength(2);
    expect(json.comments.map((c: { supports: number }) => c.supports).sort()).toEqual([0, 5]); // per comment, as in the database
    const csv = new TextDecoder().decode((await reportFile(w.deps, w.vadso, r!.id, "csv"))!);
    expect(csv).toContain("Enig, men husk belysning.");
  });

  it("a changed consultation gives a new version; attaching makes a versioned vedlegg once", async () => {
    const [c] = await w.h.db
      .select()
      .from(consultationComments)
      .where(and(eq(consultationComments.consultationId, id), eq(consultationComments.state, "hidden")));
    must(await moderateComment(w.deps, f.moderator, { tenantId: w.vadso, commentId: c!.id, action: "restore" }));
    const v2 = must(await generateReport(w.deps, f.secretary, { tenantId: w.vadso, consultationId: id }));
    expect(v2).toMatchObject({ version: 2, created: true });
    const [x, y] = await Promise.all([
      attachReport(w.deps, f.secretary, { tenantId: w.vadso, reportId: v2.id }),
      attachReport(w.deps, f.secretary, { tenantId: w.vadso, reportId: v2.id }),
    ]);
    expect(must(x).documentId).toBe(must(y).documentId);
    const docs = await w.h.db
      .select()
      .from(caseDocuments)
      .where(eq(caseDocuments.id, must(x).documentId));
    expect(docs[0]).toMatchObject({
      kind: "vedlegg",
      title: expect.stringContaining("Innspillsrapport v2"),
      mimeType: "application/pdf",
      extraction: "ok",
    });
    expect(docs[0]!.extractedText).toContain("Skjult tekst som ikke skal med");
    const [cnt] = await w.h.rows<{ n: number }>(
      sql`select count(*)::int as n from case_documents where title like 'Innspillsrapport v2%'`,
    );
    expect(cnt!.n).toBe(1);
    expect(await attachReport(w.deps, f.moderator, { tenantId: w.vadso, reportId: v2.id })).toMatchObject({
      ok: false,
      error: { status: 403 },
    });
    void meetings;
  });
});
