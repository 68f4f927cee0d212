import { and, eq, sql } from "drizzle-orm";
import { io as connect } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { opinionStatements, opinionVotes } from "#db/schema/index.ts";
import {
  closeConsultation,
  createConsultation,
  type ConsultationInput,
  type Resident,
} from "#app/modules/consultations/commands.server.ts";
import {
  castOpinionVote,
  moderateOpinionStatement,
  setOpinionSection,
  submitOpinionStatement,
} from "#app/modules/opinions/commands.server.ts";
import {
  nextOpinionStatement,
  opinionGroups,
  opinionModerationQueue,
  statementsPage,
} from "#app/modules/opinions/queries.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { signInAs } from "#tests/setup/auth.ts";
import { startTestServer } from "#tests/setup/server.ts";
import { politicalWorld } from "./political-setup.ts";
import { consultationFixture, must } from "./consultations-setup.ts";

// Opinion statements inside a consultation (issue 23): the section, statements (published or
// pending), moderation, votes (latest wins, one row), routing, groups from two clear camps, tenant
// isolation and bad input (a translated 4xx, nothing changed).
let w: Awaited<ReturnType<typeof politicalWorld>>;
let f: Awaited<ReturnType<typeof consultationFixture>>;
let post: string; // post-moderated consultation, section on
let pre: string; // pre-moderated consultation, section on
let off: string; // section never turned on
let ann: Resident;
let bob: Resident;
let osloModerator: Actor;

const base = (extra: Partial<ConsultationInput> = {}): ConsultationInput & { tenantId: string } => ({
  tenantId: w.vadso,
  caseId: f.caseId,
  bodyId: f.bodies.deciding,
  meetingId: f.meetings.m1,
  title: { nb: "Hva mener du om gangveien?" },
  opensAt: new Date("2026-11-01T08:00:00Z"),
  ...extra,
});

const count = async (table: typeof opinionVotes | typeof opinionStatements, consultationId: string) =>
  (
    await w.h.db
      .select({ n: sql<number>`count(*)::int` })
      .from(table)
      .where(eq(table.consultationId, consultationId))
  )[0]!.n;

beforeAll(async () => {
  w = await politicalWorld();
  f = await consultationFixture(w.h, w.vadso);
  post = must(await createConsultation(w.deps, f.secretary, base())).id;
  pre = must(await createConsultation(w.deps, f.secretary, base({ moderation: "pre" }))).id;
  off = must(await createConsultation(w.deps, f.secretary, base())).id;
  ann = await f.resident("Ann");
  bob = await f.resident("Bob");
  osloModerator = {
    id: "oslo-mod",
    memberships: [{ tenantId: w.oslo, role: "moderator", bodyId: null }],
    platformAdmin: false,
  };
});
afterAll(async () => {
  await w?.dispose();
});

describe("opinions: the section", () => {
  it("only staff who manage cases turn it on; until then nothing can be written", async () => {
    const r = await setOpinionSection(w.deps, f.moderator, { tenantId: w.vadso, consultationId: post, enabled: true });
    expect(r.ok ? null : r.error.status).toBe(403);
    const o = await setOpinionSection(w.deps, osloModerator, {
      tenantId: w.vadso,
      consultationId: post,
      enabled: true,
    });
    expect(o.ok ? null : o.error.status).toBe(403);
    const early = await submitOpinionStatement(w.deps, ann, { tenantId: w.vadso, consultationId: post, text: "Hei" });
    expect(early.ok ? null : early.error).toMatchObject({ code: "errors.notFound", status: 404 });
    must(await setOpinionSection(w.deps, f.secretary, { tenantId: w.vadso, consultationId: post, enabled: true }));
    must(await setOpinionSection(w.deps, f.secretary, { tenantId: w.vadso, consultationId: pre, enabled: true }));
    expect(w.events.some((e) => e.type === "opinions.section.changed" && e.consultationId === post)).toBe(true);
    // Another municipality's id for the same consultation: not found.
    const x = await setOpinionSection(
      w.deps,
      { id: "o", memberships: [{ tenantId: w.oslo, role: "admin", bodyId: null }], platformAdmin: false },
      {
        tenantId: w.oslo,
        consultationId: post,
        enabled: true,
      },
    );
    expect(x.ok ? null : x.error.status).toBe(404);
    expect(await count(opinionStatements, post)).toBe(0);
    expect(await count(opinionStatements, off)).toBe(0);
  });
});

describe("opinions: statements and moderation", () => {
  it("publishes directly under post-moderation, pending under pre-moderation", async () => {
    const a = must(
      await submitOpinionStatement(w.deps, ann, {
        tenantId: w.vadso,
        consultationId: post,
        text: "  Gangveien bør lyses opp.  ",
      }),
    );
    expect(a.state).toBe("published");
    const [row] = await w.h.db.select().from(opinionStatements).where(eq(opinionStatements.id, a.id));
    expect(row).toMatchObject({ text: "Gangveien bør lyses opp.", tenantId: w.vadso, personId: ann.personId });
    const p = must(
      await submitOpinionStatement(w.deps, ann, { tenantId: w.vadso, consultationId: pre, text: "Vent på moderator" }),
    );
    expect(p.state).toBe("pending");
    expect((await opinionModerationQueue(w.h.db, w.vadso, pre)).map((q) => q.id)).toEqual([p.id]);
    // A pending statement cannot be voted on until approved.
    const v = await castOpinionVote(w.deps, bob, {
      tenantId: w.vadso,
      consultationId: pre,
      statementId: p.id,
      value: 1,
    });
    expect(v.ok ? null : v.error.status).toBe(404);
    expect(
      must(
        await moderateOpinionStatement(w.deps, f.moderator, {
          tenantId: w.vadso,
          statementId: p.id,
          action: "approve",
        }),
      ).state,
    ).toBe("published");
    must(await castOpinionVote(w.deps, bob, { tenantId: w.vadso, consultationId: pre, statementId: p.id, value: 1 }));
    expect(w.events.some((e) => e.type === "opinions.statement.submitted" && e.statementId === a.id)).toBe(true);
  });

  it("refuses an empty statement and one over 140 characters, storing nothing", async () => {
    const before = await count(opinionStatements, post);
    const empty = await submitOpinionStatement(w.deps, ann, { tenantId: w.vadso, consultationId: post, text: " \n " });
    expect(empty.ok ? null : empty.error).toMatchObject({ code: "errors.empty", status: 400 });
    const long = await submitOpinionStatement(w.deps, ann, {
      tenantId: w.vadso,
      consultationId: post,
      text: "æ".repeat(141),
    });
    expect(long.ok ? null : long.error).toMatchObject({ code: "errors.tooLong", status: 400, params: { max: 140 } });
    expect(await count(opinionStatements, post)).toBe(before);
    must(await submitOpinionStatement(w.deps, ann, { tenantId: w.vadso, consultationId: post, text: "æ".repeat(140) }));
    const anon = await submitOpinionStatement(w.deps, null, { tenantId: w.vadso, consultationId: post, text: "Hei" });
    expect(anon.ok ? null : anon.error.status).toBe(401);
  });

  it("hiding needs a moderator and a reason; the hidden statement goes to the queue", async () => {
    const s = must(
      await submitOpinionStatement(w.deps, bob, { tenantId: w.vadso, consultationId: post, text: "Stygg påstand" }),
    );
    const noReason = await moderateOpinionStatement(w.deps, f.moderator, {
      tenantId: w.vadso,
      statementId: s.id,
      action: "hide",
    });
    expect(noReason.ok ? null : noReason.error).toMatchObject({ code: "errors.reasonRequired", status: 400 });
    const notStaff = await moderateOpinionStatement(w.deps, f.youthSecretary, {
      tenantId: w.vadso,
      statementId: s.id,
      action: "hide",
      reason: "x",
    });
    expect(notStaff.ok ? null : notStaff.error.status).toBe(403);
    const otherTenant = await moderateOpinionStatement(w.deps, osloModerator, {
      tenantId: w.oslo,
      statementId: s.id,
      action: "hide",
      reason: "x",
    });
    expect(otherTenant.ok ? null : otherTenant.error.status).toBe(404);
    expect(
      must(
        await moderateOpinionStatement(w.deps, f.moderator, {
          tenantId: w.vadso,
          statementId: s.id,
          action: "hide",
          reason: "Personangrep",
        }),
      ).state,
    ).toBe("hidden");
    const q = await opinionModerationQueue(w.h.db, w.vadso, post);
    expect(q.find((x) => x.id === s.id)).toMatchObject({ state: "hidden", reason: "Personangrep" });
    // Nobody can vote on it any more.
    const v = await castOpinionVote(w.deps, ann, {
      tenantId: w.vadso,
      consultationId: post,
      statementId: s.id,
      value: -1,
    });
    expect(v.ok ? null : v.error).toMatchObject({ code: "errors.notFound", status: 404 });
    const [audit] = await w.h.rows<{ data: { text: string; reason: string } }>(
      sql`select data from audit_events where action = 'opinions.statement.hide' and subject_id = ${s.id}`,
    );
    expect(audit?.data).toMatchObject({ text: "Stygg påstand", reason: "Personangrep" });
  });
});

describe("opinions: votes", () => {
  let s1: string;
  it("keeps one row per person and statement; the latest vote wins", async () => {
    s1 = must(
      await submitOpinionStatement(w.deps, ann, { tenantId: w.vadso, consultationId: post, text: "Flere benker" }),
    ).id;
    must(
      await castOpinionVote(w.deps, bob, { tenantId: w.vadso, consultationId: post, statementId: s1, value: "agree" }),
    );
    must(
      await castOpinionVote(w.deps, bob, { tenantId: w.vadso, consultationId: post, statementId: s1, value: "agree" }),
    );
    let rows = await w.h.db.select().from(opinionVotes).where(eq(opinionVotes.statementId, s1));
    expect(rows.map((r) => r.value)).toEqual([1]);
    w.setClock(new Date("2026-11-20T10:05:00Z"));
    must(await castOpinionVote(w.deps, bob, { tenantId: w.vadso, consultationId: post, statementId: s1, value: -1 }));
    rows = await w.h.db.select().from(opinionVotes).where(eq(opinionVotes.statementId, s1));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ value: -1, personId: bob.personId, tenantId: w.vadso });
    expect(rows[0]!.updatedAt.toISOString()).toBe("2026-11-20T10:05:00.000Z");
    // Two submissions at once still store one row.
    await Promise.all([
      castOpinionVote(w.deps, ann, { tenantId: w.vadso, consultationId: post, statementId: s1, value: 0 }),
      castOpinionVote(w.deps, ann, { tenantId: w.vadso, consultationId: post, statementId: s1, value: 0 }),
    ]);
    rows = await w.h.db
      .select()
      .from(opinionVotes)
      .where(and(eq(opinionVotes.statementId, s1), eq(opinionVotes.personId, ann.personId)));
    expect(rows.map((r) => r.value)).toEqual([0]);
    expect(w.events.filter((e) => e.type === "opinions.vote.cast" && e.statementId === s1).length).toBeGreaterThan(0);
  });

  it("refuses a value that is not agree, disagree or pass, storing nothing", async () => {
    const before = await count(opinionVotes, post);
    for (const value of [2, "2", "maybe", "", null, 0.5, "1; drop table"]) {
      const r = await castOpinionVote(w.deps, bob, { tenantId: w.vadso, consultationId: post, statementId: s1, value });
      expect(r.ok ? null : r.error).toMatchObject({ code: "errors.badVote", status: 400 });
    }
    expect(await count(opinionVotes, post)).toBe(before);
    const [b] = await w.h.db
      .select()
      .from(opinionVotes)
      .where(and(eq(opinionVotes.statementId, s1), eq(opinionVotes.personId, bob.personId)));
    expect(b!.value).toBe(-1);
  });

  it("refuses votes on another consultation's or another municipality's statement", async () => {
    const before = await count(opinionVotes, post);
    const [other] = await w.h.db
      .select({ id: opinionStatements.id })
      .from(opinionStatements)
      .where(eq(opinionStatements.consultationId, pre));
    const wrong = await castOpinionVote(w.deps, bob, {
      tenantId: w.vadso,
      consultationId: post,
      statementId: other!.id,
      value: 1,
    });
    expect(wrong.ok ? null : wrong.error.status).toBe(404);
    const oslo = await castOpinionVote(w.deps, bob, {
      tenantId: w.oslo,
      consultationId: post,
      statementId: s1,
      value: 1,
    });
    expect(oslo.ok ? null : oslo.error.status).toBe(404);
    const osloSubmit = await submitOpinionStatement(w.deps, bob, {
      tenantId: w.oslo,
      consultationId: post,
      text: "Hei",
    });
    expect(osloSubmit.ok ? null : osloSubmit.error.status).toBe(404);
    expect(await opinionModerationQueue(w.h.db, w.oslo, post)).toEqual([]);
    expect(await nextOpinionStatement(w.h.db, w.oslo, post, bob.personId)).toBeNull();
    const g = await opinionGroups(w.deps, w.oslo, post);
    expect(g).toMatchObject({ ok: false, participants: 0 });
    expect(await statementsPage(w.deps, w.oslo, post, null)).toBeNull();
    expect(await count(opinionVotes, post)).toBe(before);
  });

  it("refuses votes and statements when the consultation is closed", async () => {
    const closing = must(await createConsultation(w.deps, f.secretary, base())).id;
    must(await setOpinionSection(w.deps, f.secretary, { tenantId: w.vadso, consultationId: closing, enabled: true }));
    const s = must(
      await submitOpinionStatement(w.deps, ann, { tenantId: w.vadso, consultationId: closing, text: "Før stenging" }),
    ).id;
    must(await closeConsultation(w.deps, f.secretary, { tenantId: w.vadso, consultationId: closing }));
    const v = await castOpinionVote(w.deps, bob, {
      tenantId: w.vadso,
      consultationId: closing,
      statementId: s,
      value: 1,
    });
    expect(v.ok ? null : v.error).toMatchObject({ code: "errors.closed", status: 409 });
    const t = await submitOpinionStatement(w.deps, bob, { tenantId: w.vadso, consultationId: closing, text: "Etter" });
    expect(t.ok ? null : t.error.status).toBe(409);
    expect(await count(opinionVotes, closing)).toBe(0);
    expect(await count(opinionStatements, closing)).toBe(1);
  });
});

describe("opinions: routing", () => {
  it("gives the least-voted statement the participant has not voted on (oldest first on ties)", async () => {
    const c = must(await createConsultation(w.deps, f.secretary, base())).id;
    must(await setOpinionSection(w.deps, f.secretary, { tenantId: w.vadso, consultationId: c, enabled: true }));
    const author = await f.resident("Forfatter");
    const voters = await Promise.all([1, 2, 3].map((i) => f.resident(`Velger ${i}`)));
    const me = await f.resident("Meg");
    const ids: string[] = [];
    for (const [i, text] of ["A", "B", "C", "D"].entries()) {
      w.setClock(new Date(Date.parse("2026-11-21T10:00:00Z") + i * 60_000));
      ids.push(must(await submitOpinionStatement(w.deps, author, { tenantId: w.vadso, consultationId: c, text })).id);
    }
    const [a, b, cc, d] = ids as [string, string, string, string];
    const vote = (r: Resident, s: string) =>
      castOpinionVote(w.deps, r, { tenantId: w.vadso, consultationId: c, statementId: s, value: 1 });
    // A: 3 votes, B: 1, C: 0, D: 0 → C (the older of the two without votes).
    for (const r of voters) must(await vote(r, a));
    must(await vote(voters[0]!, b));
    expect((await nextOpinionStatement(w.h.db, w.vadso, c, me.personId))?.id).toBe(cc);
    must(await vote(me, cc));
    expect((await nextOpinionStatement(w.h.db, w.vadso, c, me.personId))?.id).toBe(d);
    must(await vote(me, d));
    expect((await nextOpinionStatement(w.h.db, w.vadso, c, me.personId))?.id).toBe(b);
    must(await vote(me, b));
    expect((await nextOpinionStatement(w.h.db, w.vadso, c, me.personId))?.id).toBe(a);
    must(await vote(me, a));
    expect(await nextOpinionStatement(w.h.db, w.vadso, c, me.personId)).toBeNull();
    // The author is never asked about their own statements.
    expect(await nextOpinionStatement(w.h.db, w.vadso, c, author.personId)).toBeNull();
    const page = await statementsPage(w.deps, w.vadso, c, me.personId);
    expect(page).toMatchObject({ open: true, next: null, published: 4, answerable: 4, voted: 4 });
    // The author can answer none of their own four.
    expect(await statementsPage(w.deps, w.vadso, c, author.personId)).toMatchObject({
      published: 4,
      answerable: 0,
      voted: 0,
    });
  });
});

describe("opinions: groups", () => {
  it("says plainly that there are too few participants, then finds the two camps and the consensus", async () => {
    w.setClock(new Date("2026-11-22T10:00:00Z"));
    const c = must(await createConsultation(w.deps, f.secretary, base())).id;
    must(await setOpinionSection(w.deps, f.secretary, { tenantId: w.vadso, consultationId: c, enabled: true }));
    const author = await f.resident("Forslagsstiller");
    const statements: string[] = [];
    for (let i = 0; i < 10; i++)
      statements.push(
        must(
          await submitOpinionStatement(w.deps, author, { tenantId: w.vadso, consultationId: c, text: `Påstand ${i}` }),
        ).id,
      );
    expect(await opinionGroups(w.deps, w.vadso, c)).toMatchObject({
      ok: false,
      reason: "too-few-participants",
      participants: 0,
    });

    const campA = await Promise.all(Array.from({ length: 10 }, (_, i) => f.resident(`A${i}`)));
    const campB = await Promise.all(Array.from({ length: 10 }, (_, i) => f.resident(`B${i}`)));
    // One participant alone: still too few.
    must(
      await castOpinionVote(w.deps, campA[0]!, {
        tenantId: w.vadso,
        consultationId: c,
        statementId: statements[0]!,
        value: 1,
      }),
    );
    w.setClock(new Date("2026-11-22T10:01:00Z"));
    expect(await opinionGroups(w.deps, w.vadso, c)).toMatchObject({ ok: false, participants: 1 });

    // Camp A agrees with 0–4 and disagrees with 5–8; camp B the opposite; everyone agrees with 9.
    const rows = [...campA.map((r) => [r, 1] as const), ...campB.map((r) => [r, -1] as const)].flatMap(([r, sign]) =>
      statements.map((s, i) => ({
        tenantId: w.vadso,
        consultationId: c,
        statementId: s,
        personId: r.personId,
        value: i === 9 ? 1 : i < 5 ? sign : -sign,
        updatedAt: new Date("2026-11-22T10:02:00Z"),
      })),
    );
    await w.h.db
      .insert(opinionVotes)
      .values(rows)
      .onConflictDoUpdate({
        target: [opinionVotes.statementId, opinionVotes.personId],
        set: { value: sql`excluded.value` },
      });

    // Within 5 seconds of the last computation the cached result stands.
    w.setClock(new Date("2026-11-22T10:01:03Z"));
    expect((await opinionGroups(w.deps, w.vadso, c)).ok).toBe(false);
    w.setClock(new Date("2026-11-22T10:03:00Z"));
    const g = await opinionGroups(w.deps, w.vadso, c);
    if (!g.ok) throw new Error(JSON.stringify(g));
    expect(g.participants).toBe(20);
    expect(g.groups.map((x) => x.size)).toEqual([10, 10]);
    expect(g.points).toHaveLength(20);
    expect(new Set(g.points.map((p) => p.group))).toEqual(new Set([0, 1]));
    // Each camp's dots share one group.
    const byPos = new Map<string, Set<number>>();
    for (const p of g.points) byPos.set(p.pos.join(","), (byPos.get(p.pos.join(",")) ?? new Set()).add(p.group));
    for (const s of byPos.values()) expect(s.size).toBe(1);
    expect(g.consensus.map((x) => x.text)).toContain("Påstand 9");
    expect(g.consensus.find((x) => x.text === "Påstand 9")).toMatchObject({ side: "agree", agree: 1 });
    for (const gr of g.groups) {
      expect(gr.representative.length).toBeGreaterThan(0);
      for (const r of gr.representative) expect(r.text).toMatch(/^Påstand [0-8]$/);
    }
    // The same object while nothing changed; a new result once the votes change and 5 s have passed.
    w.setClock(new Date("2026-11-22T10:03:10Z"));
    expect(await opinionGroups(w.deps, w.vadso, c)).toBe(g);
    must(
      await castOpinionVote(w.deps, campA[1]!, {
        tenantId: w.vadso,
        consultationId: c,
        statementId: statements[9]!,
        value: -1,
      }),
    );
    expect(await opinionGroups(w.deps, w.vadso, c)).toBe(g);
    w.setClock(new Date("2026-11-22T10:03:16Z"));
    expect(await opinionGroups(w.deps, w.vadso, c)).not.toBe(g);
  });
});

describe("opinions over HTTP (the pages, as a browser without JavaScript posts them)", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let id: string;
  let page: string;
  let statements: string[];
  beforeAll(async () => {
    server = await startTestServer();
    const deps = server.deps;
    const tenantId = deps.tenants.bySlugOrAlias("vadso")!.municipality.id;
    const fx = await consultationFixture(deps.db, tenantId, { year: 2025, sequence: 5151 });
    id = must(
      await createConsultation(deps, fx.secretary, {
        tenantId,
        caseId: fx.caseId,
        bodyId: fx.bodies.deciding,
        meetingId: fx.meetings.m2,
        title: { nb: "Gangvei" },
        opensAt: new Date(deps.now().getTime() - 86_400_000),
        closesAt: null,
      }),
    ).id;
    page = `/vadso/consultations/${id}/statements`;
    const secretary = await signInAs(server, { tenant: "vadso", role: "secretary" });
    expect((await server.deps.db.db.select().from(opinionStatements)).length).toBe(0);
    // Off until staff turn it on on the staff page.
    expect((await fetch(`${server.url}${page}`)).status).toBe(404);
    const on = await secretary.post(`/vadso/admin/consultations/${id}`, { intent: "opinions-on" });
    expect(on.status).toBe(303);
    const staffPage = await (await secretary.fetch(`/vadso/admin/consultations/${id}`)).text();
    expect(staffPage).toContain("Påstander er slått på for denne høringen.");
    const author = await fx.resident("Forfatter");
    statements = [];
    for (const text of ["Lys langs gangveien", "Brøyt gangveien først"])
      statements.push(must(await submitOpinionStatement(deps, author, { tenantId, consultationId: id, text })).id);
  });
  afterAll(async () => server?.stop());

  it("shows the page to anyone, with the plain 'too few participants' message; another municipality gets a 404", async () => {
    const r = await fetch(`${server.url}${page}`);
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain("Det er for få deltakere til å vise meningsgrupper ennå.");
    expect(html).toContain("Logg inn for å ta stilling og skrive påstander.");
    expect((await fetch(`${server.url}/oslo/consultations/${id}/statements`)).status).toBe(404);
    const consultationPage = await (await fetch(`${server.url}/vadso/consultations/${id}`)).text();
    expect(consultationPage).toContain(`href="${page}"`);
  });

  it("answers bad input with a translated 4xx and changes nothing; a good vote redirects", async () => {
    const resident = await signInAs(server, { tenant: "vadso", role: "resident" });
    const rows = async () => (await server.deps.db.db.select().from(opinionVotes)).length;
    const badVote = await resident.post(page, { intent: "vote", statementId: statements[0]!, vote: "maybe" });
    expect(badVote.status).toBe(400);
    expect(await badVote.text()).toContain("Velg Enig, Uenig eller Vet ikke.");
    const tooLong = await resident.post(page, { intent: "submit", text: "ø".repeat(141) });
    expect(tooLong.status).toBe(400);
    const body = await tooLong.text();
    expect(body).toContain("Påstanden er for lang (høyst 140 tegn).");
    expect(body).toContain("ø".repeat(141)); // the text is kept in the form
    const empty = await resident.post(page, { intent: "submit", text: "   " });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Skriv en påstand først.");
    const unknown = await resident.post(page, {
      intent: "vote",
      statementId: "00000000-0000-4000-8000-000000000000",
      vote: "agree",
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("Påstanden finnes ikke eller kan ikke lenger besvares.");
    expect(await rows()).toBe(0);
    expect((await server.deps.db.db.select().from(opinionStatements)).length).toBe(2);
    const good = await resident.post(page, { intent: "vote", statementId: statements[0]!, vote: "agree" });
    expect(good.status).toBe(303);
    expect(good.headers.get("location")).toBe(`${page}?done=voted#vote`);
    const again = await resident.post(page, { intent: "vote", statementId: statements[0]!, vote: "agree" });
    expect(again.status).toBe(303);
    expect(await rows()).toBe(1);
    const anonymous = await fetch(`${server.url}${page}`, { method: "POST", redirect: "manual" });
    expect(anonymous.status).toBeGreaterThanOrEqual(300);
    expect(await rows()).toBe(1);
  });

  it("tells open pages over socket.io that something changed (ids only); a consultation without the section is refused", async () => {
    const s = connect(`${server.url}/opinions`, { transports: ["websocket"], forceNew: true });
    try {
      const watch = (consultationId: string) =>
        new Promise<{ ok: boolean; code?: string }>((r) => s.emit("opinions:watch", { consultationId }, r));
      expect(await watch("00000000-0000-4000-8000-000000000000")).toEqual({ ok: false, code: "notFound" });
      expect(await watch("nonsense")).toEqual({ ok: false, code: "bad" });
      expect(await watch(id)).toEqual({ ok: true });
      const changed = new Promise<unknown>((r) => s.once("opinions:changed", r));
      const tenantId = server.deps.tenants.bySlugOrAlias("vadso")!.municipality.id;
      const voter = await signInAs(server, { tenant: "vadso", role: "resident" });
      must(
        await castOpinionVote(
          server.deps,
          { personId: voter.personId, level: "email" },
          { tenantId, consultationId: id, statementId: statements[1]!, value: "pass" },
        ),
      );
      expect(await changed).toEqual({ consultationId: id });
    } finally {
      s.close();
    }
  });

  it("moderators hide a statement on the staff page (a reason is required) and find it in the municipality's queue", async () => {
    const moderator = await signInAs(server, { tenant: "vadso", role: "moderator" });
    const staffPage = `/vadso/admin/consultations/${id}`;
    const noReason = await moderator.post(staffPage, {
      intent: "opinion-hide",
      statementId: statements[0]!,
      reason: "",
    });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain("Skriv en begrunnelse.");
    const hide = await moderator.post(staffPage, {
      intent: "opinion-hide",
      statementId: statements[0]!,
      reason: "Ikke saklig",
    });
    expect(hide.status).toBe(303);
    const queue = await (await moderator.fetch("/vadso/admin/moderation")).text();
    expect(queue).toContain("Påstander til moderering");
    expect(queue).toContain("Lys langs gangveien");
    expect(queue).toContain("skjult av moderator");
    expect(queue).toContain("Ikke saklig");
    // A resident may not.
    const resident = await signInAs(server, { tenant: "vadso", role: "resident" });
    const r = await resident.post(staffPage, { intent: "opinion-restore", statementId: statements[0]! });
    expect(r.status).toBe(403);
  });
});
