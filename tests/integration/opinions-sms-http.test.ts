import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConsultation } from "#app/modules/consultations/commands.server.ts";
import { setOpinionSection, submitOpinionStatement } from "#app/modules/opinions/commands.server.ts";
import { signInAs } from "#tests/setup/auth.ts";
import { startTestServer } from "#tests/setup/server.ts";
import { consultationFixture, must } from "./consultations-setup.ts";
import { SMS_SECRET } from "./sms-setup.ts";

// Issue 23 over HTTP (ADR 066): the consultation's staff page sends its opinion statements by SMS
// (the embedded dev inbox is the transport). A secretary may; a resident, a moderator and another
// municipality's administrator are refused and nothing is queued. A bad list gets a translated
// 400 that keeps what was typed.
const offset = Date.parse("2026-11-23T10:00:00Z") - Date.now(); // daytime in Oslo
const now = () => new Date(Date.now() + offset);
let server: Awaited<ReturnType<typeof startTestServer>>;
let id = "";
const page = () => `/vadso/admin/consultations/${id}`;

const queued = async () =>
  (
    await server.deps.db.rows<{ n: number }>(
      sql`select count(*)::int as n from sms_outbox where purpose = 'opinions.statement'`,
    )
  )[0]!.n;

beforeAll(async () => {
  server = await startTestServer({ now, env: { MEDVIRK_SECRET: SMS_SECRET, MEDVIRK_DEV_INBOX: "1" } });
  const deps = server.deps;
  const tenantId = deps.tenants.bySlugOrAlias("vadso")!.municipality.id;
  const f = await consultationFixture(deps.db, tenantId, { sequence: 2324 });
  id = must(
    await createConsultation(deps, f.secretary, {
      tenantId,
      caseId: f.caseId,
      bodyId: f.bodies.deciding,
      title: { nb: "Skolevei" },
      opensAt: new Date(now().getTime() - 86_400_000),
      closesAt: new Date(now().getTime() + 14 * 86_400_000),
    }),
  ).id;
  must(await setOpinionSection(deps, f.secretary, { tenantId, consultationId: id, enabled: true }));
  const author = await f.resident("Forfatter");
  must(await submitOpinionStatement(deps, author, { tenantId, consultationId: id, text: "Skoleveien er trygg." }));
});
afterAll(async () => server?.stop());

const form = (recipients: string) => ({ intent: "opinions-sms", audience: "", recipients });

describe("sending statements by SMS from the consultation's staff page", () => {
  it("shows the form to a secretary and sends; the page says how many are on their way", async () => {
    const s = await signInAs(server, { tenant: "vadso", role: "secretary" });
    const before = await (await s.fetch(page())).text();
    expect(before).toContain("Påstander på SMS");
    expect(before).toContain("Stemmer på påstandene: 0 på nett, 0 på SMS.");
    const r = await s.post(page(), form("+4741824001,nb\n+4741824002,pl"));
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toContain("done=opinions-sms&sent=2");
    expect(await queued()).toBe(2);
    const after = await (await s.fetch(`${page()}?done=opinions-sms&sent=2`)).text();
    expect(after).toContain("Påstandene er på vei. Meldinger i kø: 2.");
  });

  it("answers a bad list with a translated 400 that keeps what was typed, and queues nothing", async () => {
    const s = await signInAs(server, { tenant: "vadso", role: "secretary" });
    const r = await s.post(page(), form("+4741824003,nb\nikke et nummer,nb"));
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toContain("Noen linjer i listen er ikke gyldige (linje 2). Rett dem eller fjern dem.");
    expect(html).toContain("ikke et nummer");
    const none = await s.post(page(), form(""));
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("Velg mottakere eller skriv minst ett telefonnummer.");
    expect(await queued()).toBe(2);
  });

  it("refuses a resident, a moderator and another municipality's administrator", async () => {
    const resident = await signInAs(server, { tenant: "vadso", role: "resident" });
    expect((await resident.post(page(), form("+4741824004,nb"))).status).toBe(403);
    const moderator = await signInAs(server, { tenant: "vadso", role: "moderator" });
    expect((await moderator.post(page(), form("+4741824004,nb"))).status).toBe(403);
    const oslo = await signInAs(server, { tenant: "oslo", role: "admin" });
    expect([403, 404]).toContain((await oslo.post(page(), form("+4741824004,nb"))).status);
    expect([403, 404]).toContain((await oslo.post(`/oslo/admin/consultations/${id}`, form("+4741824004,nb"))).status);
    expect(await queued()).toBe(2);
  });
});
