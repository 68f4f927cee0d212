import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConsultation } from "#app/modules/consultations/commands.server.ts";
import { signInAs } from "#tests/setup/auth.ts";
import { startTestServer } from "#tests/setup/server.ts";
import { consultationFixture, must } from "./consultations-setup.ts";
import { SMS_SECRET } from "./sms-setup.ts";

// Issue 18, over HTTP: the consultation's staff page sends one of its questions by SMS (the
// embedded dev inbox is the transport). A secretary or an administrator of the municipality may;
// a resident and another municipality's administrator are refused and nothing is queued. A bad
// list gets a translated 400 that keeps what was typed.
const offset = Date.parse("2026-11-23T10:00:00Z") - Date.now(); // daytime in Oslo
const now = () => new Date(Date.now() + offset);
let server: Awaited<ReturnType<typeof startTestServer>>;
let id = "";
let questionId = "";
const page = () => `/vadso/admin/consultations/${id}`;

const queued = async () =>
  (
    await server.deps.db.rows<{ n: number }>(
      sql`select count(*)::int as n from sms_outbox where purpose = 'consultations.question'`,
    )
  )[0]!.n;

beforeAll(async () => {
  server = await startTestServer({ now, env: { MEDVIRK_SECRET: SMS_SECRET, MEDVIRK_DEV_INBOX: "1" } });
  const deps = server.deps;
  const tenantId = deps.tenants.bySlugOrAlias("vadso")!.municipality.id;
  const f = await consultationFixture(deps.db, tenantId, { sequence: 1819 });
  id = must(
    await createConsultation(deps, f.secretary, {
      tenantId,
      caseId: f.caseId,
      bodyId: f.bodies.deciding,
      title: { nb: "Skolevei" },
      opensAt: new Date(now().getTime() - 86_400_000),
      closesAt: new Date(now().getTime() + 14 * 86_400_000),
      questions: [{ kind: "scale", prompt: { nb: "Hvor trygg er skoleveien?" }, scaleMin: 1, scaleMax: 5 }],
    }),
  ).id;
  questionId = (
    await deps.db.rows<{ id: string }>(sql`select id from consultation_questions where consultation_id = ${id}`)
  )[0]!.id;
});
afterAll(async () => server?.stop());

const form = (recipients: string, reminderHours = "") => ({
  intent: "sms-question",
  questionId,
  audience: "",
  recipients,
  reminderHours,
});

describe("sending a question by SMS from the consultation's staff page", () => {
  it("shows the form to a secretary and sends with a reminder; the page lists the send", async () => {
    const s = await signInAs(server, { tenant: "vadso", role: "secretary" });
    const before = await (await s.fetch(page())).text();
    expect(before).toContain("Spørsmål på SMS");
    expect(before).toContain("Svar på spørsmålene: 0 på nett, 0 på SMS.");
    const r = await s.post(page(), form("+4741840001,nb\n+4741840002,pl", "24"));
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toContain("done=sms&sent=2");
    expect(await queued()).toBe(2);
    const [send] = await server.deps.db.rows<{ reminder_hours: number; recipients: number }>(
      sql`select reminder_hours, recipients from consultation_sms_sends where consultation_id = ${id}`,
    );
    expect(send).toEqual({ reminder_hours: 24, recipients: 2 });
    const after = await (await s.fetch(`${page()}?done=sms&sent=2`)).text();
    expect(after).toContain("Spørsmålet er på vei. Meldinger i kø: 2.");
    expect(after).toContain("Påminnelse 24 timer før fristen.");
  });

  it("lets an administrator send too", async () => {
    const a = await signInAs(server, { tenant: "vadso", role: "admin" });
    const r = await a.post(page(), form("+4741840003,en"));
    expect(r.status).toBe(303);
    expect(await queued()).toBe(3);
  });

  it("answers a bad list with a translated 400 that keeps what was typed, and queues nothing", async () => {
    const s = await signInAs(server, { tenant: "vadso", role: "secretary" });
    const r = await s.post(page(), form("+4741840004,nb\nikke et nummer,nb"));
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toContain("Noen linjer i listen er ikke gyldige (linje 2). Rett dem eller fjern dem.");
    expect(html).toContain("ikke et nummer");
    const none = await s.post(page(), form(""));
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("Velg mottakere eller skriv minst ett telefonnummer.");
    const hours = await s.post(page(), form("+4741840004,nb", "x"));
    expect(hours.status).toBe(400);
    expect(await queued()).toBe(3);
  });

  it("refuses a resident and another municipality's administrator", async () => {
    const resident = await signInAs(server, { tenant: "vadso", role: "resident" });
    expect((await resident.post(page(), form("+4741840005,nb"))).status).toBe(403);
    const oslo = await signInAs(server, { tenant: "oslo", role: "admin" });
    expect((await oslo.post(page(), form("+4741840005,nb"))).status).toBe(403);
    const moderator = await signInAs(server, { tenant: "vadso", role: "moderator" });
    expect((await moderator.post(page(), form("+4741840005,nb"))).status).toBe(403);
    expect(await queued()).toBe(3);
  });
});
