import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInAs, type TestSession } from "#tests/setup/auth.ts";
import { startTestServer } from "#tests/setup/server.ts";

// Bad input on the staff forms parsed by zod schemas (issue 20, app/lib/form.ts):
// a field of the wrong type, a missing field, a field over its limit or an
// unknown intent gets the field's translated message with the form, a 400,
// what was typed kept, and nothing changed.
let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: TestSession;

beforeAll(async () => {
  server = await startTestServer({ env: { MEDVIRK_DEMO_STAFF: "1" } });
  admin = await signInAs(server, { tenant: "vadso", role: "admin" });
});
afterAll(async () => {
  await server?.stop();
});

describe("a budgeting round's staff page", () => {
  const path = "/vadso/admin/budgeting/nabolagsmidler-2027";
  const round = async () =>
    (
      await server.deps.db.rows<{ phase: string; n: number }>(
        sql`select phase, (select count(*)::int from pb_paper_ballots b where b.round_id = r.id) as n
          from pb_rounds r where key = 'nabolagsmidler-2027'`,
      )
    )[0]!;

  it("refuses a field over its limit, an unknown phase and an unknown intent with a translated 400", async () => {
    const before = await round();
    expect(before.phase).toBe("voting");
    let r = await admin.post(path, { intent: "paper", person: "p".repeat(301), codes: "P1 P2" });
    expect(r.status).toBe(400);
    let html = await r.text();
    expect(html).toContain("Skriv høyst 300 tegn.");
    expect(html).toContain('value="P1 P2"'); // what was typed is kept
    r = await admin.post(path, { intent: "phase", to: "tull" });
    expect(r.status).toBe(400);
    html = await r.text();
    expect(html).toContain("En fase kan bare flyttes framover.");
    r = await admin.post(path, { intent: "slett-alt" });
    expect(r.status).toBe(400);
    r = await admin.post(path, {});
    expect(r.status).toBe(400);
    expect(await round()).toEqual(before);
  });

  it("shows the message in the person's language", async () => {
    const r = await admin.fetch(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "accept-language": "en" },
      body: new URLSearchParams({ _csrf: admin.csrf, intent: "paper", person: "p".repeat(301), codes: "" }).toString(),
    });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain("Write at most 300 characters.");
  });
});

describe("a panel's staff page", () => {
  const path = "/vadso/admin/panels/innbyggerpanel-2027";
  const quotas = async () =>
    (
      await server.deps.db.rows<{ n: number }>(
        sql`select count(*)::int as n from panel_quotas q join panels p on p.id = q.panel_id
            where p.key = 'innbyggerpanel-2027'`,
      )
    )[0]!.n;

  it("refuses text over its limit with the limit written the Norwegian way, and an unknown intent", async () => {
    const before = await quotas();
    const typed = `kjønn: kvinne 5-7\n${"x".repeat(20_000)}`;
    let r = await admin.post(path, { intent: "quotas", quotas: typed });
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toContain("Skriv høyst 20\u00a0000 tegn.");
    expect(html).toContain("kjønn: kvinne 5-7"); // the typed text comes back in the field
    r = await admin.post(path, { intent: "survey-delete", surveyId: "x" });
    expect(r.status).toBe(400);
    expect(await quotas()).toBe(before);
  });
});

describe("a meeting in the secretaries' console", () => {
  it("shows a field's message next to it (a 400), keeps what was typed, changes nothing", async () => {
    const [mt] = await server.deps.db.rows<{ id: string; location: string | null }>(
      sql`select m.id, m.location from meetings m join municipalities t on t.id = m.tenant_id
          where t.slug = 'vadso' order by m.starts_at limit 1`,
    );
    const path = `/vadso/admin/meetings/${mt!.id}`;
    let r = await admin.post(path, {
      intent: "update",
      startsAt: "2031-05-01T18:00",
      location: "Rådhuset ".repeat(40),
      remoteUrl: "",
      streamUrl: "",
    });
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toMatch(/<span id="e-loc-err" class="field-error">Skriv høyst 300 tegn\.<\/span>/);
    expect(html).toContain('value="2031-05-01T18:00"');
    r = await admin.post(path, { intent: "addItem", itemTitle: "Eventuelt", closed: "ja" });
    expect(r.status).toBe(400);
    r = await admin.post(path, { intent: "move" });
    expect(r.status).toBe(400);
    const [after] = await server.deps.db.rows<{ location: string | null }>(
      sql`select location from meetings where id = ${mt!.id}`,
    );
    expect(after!.location).toBe(mt!.location);
  });
});

describe("consultations", () => {
  const vadso = sql`(select id from municipalities where slug = 'vadso')`;

  it("opening one: a field over its limit is named at the field, typed text kept, nothing created", async () => {
    const [c] = await server.deps.db.rows<{ id: string }>(sql`select id from cases where tenant_id = ${vadso} limit 1`);
    const count = async () =>
      (await server.deps.db.rows<{ n: number }>(sql`select count(*)::int as n from consultations`))[0]!.n;
    const before = await count();
    const r = await admin.post(`/vadso/admin/consultations/new?case=${c!.id}`, {
      title_nb: "Høring om badeplassen",
      summary_nb: "s".repeat(2001),
      closesAt: "2031-06-01T12:00",
    });
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toMatch(/<p [^>]*id="create-summary_nb-error" role="alert">Skriv høyst 2\u00a0000 tegn\.<\/p>/);
    expect(html).toContain('value="Høring om badeplassen"');
    expect(await count()).toBe(before);
  });

  it("its staff page: feedback over its limit and an unknown intent are a translated 400, nothing stored", async () => {
    const [c] = await server.deps.db.rows<{ id: string; feedback: unknown }>(
      sql`select id, feedback from consultations where tenant_id = ${vadso} limit 1`,
    );
    const path = `/vadso/admin/consultations/${c!.id}`;
    let r = await admin.post(path, { intent: "feedback", feedback: "f".repeat(5001) });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain("Skriv høyst 5\u00a0000 tegn.");
    r = await admin.post(path, { intent: "delete-all" });
    expect(r.status).toBe(400);
    // A question by SMS (ADR 065): a reminder field over its limit is refused before anything is queued.
    r = await admin.post(path, {
      intent: "sms-question",
      questionId: "q",
      audience: "",
      recipients: "+4741850001,nb",
      reminderHours: "12345",
    });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain("Skriv høyst 4 tegn.");
    const [sms] = await server.deps.db.rows<{ n: number }>(
      sql`select count(*)::int as n from sms_outbox where purpose = 'consultations.question'`,
    );
    expect(sms!.n).toBe(0);
    const [after] = await server.deps.db.rows<{ feedback: unknown }>(
      sql`select feedback from consultations where id = ${c!.id}`,
    );
    expect(after!.feedback).toEqual(c!.feedback);
  });
});

describe("the moderation page", () => {
  it("rules over their limit are named at the field with all the typed text kept; an unknown intent is a 400", async () => {
    const rules = async () =>
      await server.deps.db.rows(
        sql`select text from moderation_rules where tenant_id = (select id from municipalities where slug = 'vadso')`,
      );
    const before = await rules();
    const typed = `Vær saklig. ${"r".repeat(20_000)}`;
    let r = await admin.post("/vadso/admin/moderation", { intent: "rules", rules_nb: "Vær høflig.", rules_nn: typed });
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toContain('id="rules-rules_nn-error"');
    expect(html).toContain("Skriv høyst 20\u00a0000 tegn.");
    expect(html).toContain(typed.slice(0, 20_000)); // what was typed comes back (up to the field's limit)
    r = await admin.post("/vadso/admin/moderation", { intent: "purge", commentId: "x" });
    expect(r.status).toBe(400);
    expect(await rules()).toEqual(before);
  });
});

describe("the SMS composer", () => {
  it("a name over its limit is a translated 400 with the texts kept, nothing queued; an unknown intent too", async () => {
    const queued = async () =>
      (await server.deps.db.rows<{ n: number }>(sql`select count(*)::int as n from sms_outbox`))[0]!.n;
    const before = await queued();
    let r = await admin.post("/vadso/admin/sms", {
      intent: "send",
      name: "n".repeat(201),
      "body.nb": "Hei {{name}}, møtet er flyttet.",
      recipients: "phone\n+4791234567",
    });
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toContain("Skriv høyst 200 tegn.");
    expect(html).toContain("Hei {{name}}, møtet er flyttet.");
    r = await admin.post("/vadso/admin/sms", { intent: "blast", "body.nb": "x" });
    expect(r.status).toBe(400);
    expect(await queued()).toBe(before);
  });
});

describe("the staff page", () => {
  it("an e-mail over its limit is named at the field (a 400), nobody invited; an unknown intent is a 400", async () => {
    const invitations = async () =>
      (await server.deps.db.rows<{ n: number }>(sql`select count(*)::int as n from staff_invitations`))[0]!.n;
    const before = await invitations();
    let r = await admin.post("/vadso/admin/staff", {
      intent: "invite",
      email: `${"a".repeat(300)}@example.org`,
      role: "secretary",
    });
    expect(r.status).toBe(400);
    expect(await r.text()).toMatch(/<p id="email-error" class="field-error" role="alert">Skriv høyst 300 tegn\.<\/p>/);
    r = await admin.post("/vadso/admin/staff", { intent: "promote", personId: admin.personId });
    expect(r.status).toBe(400);
    expect(await invitations()).toBe(before);
  });
});

describe("a body's admin page", () => {
  it("a member's name over its limit is named at the field (a 400) and nobody is added", async () => {
    const [b] = await server.deps.db.rows<{ id: string }>(
      sql`select id from bodies where key = 'formannskap' and tenant_id = (select id from municipalities where slug = 'vadso')`,
    );
    const members = async () =>
      (
        await server.deps.db.rows<{ n: number }>(
          sql`select count(*)::int as n from body_members where body_id = ${b!.id}`,
        )
      )[0]!.n;
    const before = await members();
    const r = await admin.post(`/vadso/admin/bodies/${b!.id}`, {
      intent: "addMember",
      name: "N".repeat(201),
      role: "member",
      party: "Ap",
    });
    expect(r.status).toBe(400);
    expect(await r.text()).toMatch(/<span id="mb-name-err" class="field-error">Skriv høyst 200 tegn\.<\/span>/);
    expect(await members()).toBe(before);
  });
});

describe("the budget priorities staff page", () => {
  it("a title over its limit is named at the field (a 400) with the typed sectors kept; nothing created", async () => {
    const count = async () =>
      (await server.deps.db.rows<{ n: number }>(sql`select count(*)::int as n from pb_priorities`))[0]!.n;
    const before = await count();
    const r = await admin.post("/vadso/admin/budget-priorities", {
      intent: "create",
      key: "budsjett-2031",
      title: "T".repeat(301),
      sectors: "skole; Skole; 100000000; 90; 110",
    });
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toMatch(/<p id="title-error" class="field-error" role="alert">Skriv høyst 300 tegn\.<\/p>/);
    expect(html).toContain("skole; Skole; 100000000; 90; 110");
    expect(await count()).toBe(before);
  });
});
