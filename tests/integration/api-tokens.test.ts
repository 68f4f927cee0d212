import { sql } from "drizzle-orm";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addComment, closeConsultation, createConsultation } from "#app/modules/consultations/commands.server.ts";
import { attachReport, generateReport } from "#app/modules/consultations/report.server.ts";
import { signInAs } from "#tests/setup/auth.ts";
import { startTestServer } from "#tests/setup/server.ts";
import { consultationFixture, must } from "./consultations-setup.ts";

// Issue 17: a case system fetches the arkivmelding unattended with a per-municipality API token.
// Staff create it (shown once) and revoke it on the API-keys page; the token is stored hashed,
// reads reports and nothing else, only in its own municipality, and every use is audited.
let server: Awaited<ReturnType<typeof startTestServer>>;
let consultationId = "";
const api = (tenant: string, id: string) => `/api/v1/${tenant}/consultations/${id}/arkivmelding.zip`;
const pull = (path: string, token: string | null, lang = "nb") =>
  fetch(`${server.url}${path}`, {
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), "Accept-Language": lang },
    redirect: "manual",
  });

/** Creates a token through the staff page, as an admin would, and reads it from the page (shown once). */
async function createThroughPage(tenant: string, name: string): Promise<string> {
  const admin = await signInAs(server, { tenant, role: "admin" });
  const r = await admin.post(`/${tenant}/admin/api-tokens`, { intent: "create", name });
  expect(r.status).toBe(200);
  const html = await r.text();
  const token = /(mvk_[A-Za-z0-9_-]{40,})/.exec(html)?.[1];
  expect(token).toBeTruthy();
  return token!;
}

beforeAll(async () => {
  server = await startTestServer();
  const deps = server.deps;
  const tenantId = deps.tenants.bySlugOrAlias("vadso")!.municipality.id;
  const f = await consultationFixture(deps.db, tenantId, { year: 2025, sequence: 777 });
  consultationId = must(
    await createConsultation(deps, f.secretary, {
      tenantId,
      caseId: f.caseId,
      bodyId: f.bodies.deciding,
      meetingId: f.meetings.m1,
      title: { nb: "Kaifronten" },
      opensAt: new Date(deps.now().getTime() - 86_400_000),
    }),
  ).id;
  must(await addComment(deps, await f.resident("Ola"), { tenantId, consultationId, body: "Flere benker." }));
  must(await closeConsultation(deps, f.secretary, { tenantId, consultationId }));
  const rep = must(await generateReport(deps, f.secretary, { tenantId, consultationId }));
  must(await attachReport(deps, f.secretary, { tenantId, reportId: rep.id }));
});
afterAll(async () => server?.stop());

describe("API tokens for case systems", () => {
  it("lets a case system fetch the arkivmelding with the token, stored only as a hash, and audits each use", async () => {
    const token = await createThroughPage("vadso", "Elements");
    const stored = await server.deps.db.rows<{ token_hash: string; hint: string }>(
      sql`select token_hash, hint from api_tokens where name = 'Elements'`,
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(token.slice(4));
    expect(token.startsWith(stored[0]!.hint)).toBe(true);

    const r = await pull(api("vadso", consultationId), token);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/zip");
    expect(Object.keys(unzipSync(new Uint8Array(await r.arrayBuffer())))).toContain("arkivmelding.xml");
    const used = await server.deps.db.rows<{ n: number }>(
      sql`select count(*)::int as n from audit_events where action = 'identity.apiToken.used' and subject_id = ${consultationId}`,
    );
    expect(used[0]!.n).toBe(1);
    // The list shows when it was last used, never the token.
    const admin = await signInAs(server, { tenant: "vadso", role: "admin" });
    const page = await (await admin.fetch("/vadso/admin/api-tokens")).text();
    expect(page).toContain("Elements");
    expect(page).not.toContain(token);
    expect(page).not.toContain("Aldri");
  });

  it("refuses a missing, wrong, foreign or revoked token with a message in the caller's language, and reads nothing else", async () => {
    const token = await createThroughPage("vadso", "Revoked later");
    const foreign = await createThroughPage("tromso", "Tromsø's system");
    const path = api("vadso", consultationId);

    const missing = await pull(path, null);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe("Bearer");
    expect(await missing.json()).toEqual({ error: "Mangler API-nøkkel (Authorization: Bearer …)." });
    expect((await pull(path, "mvk_" + "x".repeat(43))).status).toBe(401);
    // Tromsø's token does not open Vadsø's reports.
    const other = await pull(path, foreign, "en");
    expect(other.status).toBe(401);
    expect(await other.json()).toEqual({ error: "The API key is invalid or revoked." });

    // The token reads reports, not pages: no staff page opens with it.
    const staffPage = await fetch(`${server.url}/vadso/admin`, {
      headers: { Authorization: `Bearer ${token}` },
      redirect: "manual",
    });
    expect(staffPage.status).not.toBe(200);

    // Revoked on the page: refused from then on, and the revocation is audited.
    const admin = await signInAs(server, { tenant: "vadso", role: "admin" });
    const [row] = await server.deps.db.rows<{ id: string }>(
      sql`select id from api_tokens where name = 'Revoked later'`,
    );
    expect((await pull(path, token)).status).toBe(200);
    const revoked = await admin.post("/vadso/admin/api-tokens", { intent: "revoke", tokenId: row!.id });
    expect(await revoked.text()).toContain("Nøkkelen er trukket tilbake.");
    expect((await pull(path, token)).status).toBe(401);
    const again = await admin.post("/vadso/admin/api-tokens", { intent: "revoke", tokenId: row!.id });
    expect(await again.text()).toContain("Fant ikke nøkkelen, eller den er allerede trukket tilbake.");
    const audits = await server.deps.db.rows<{ n: number }>(
      sql`select count(*)::int as n from audit_events where action = 'identity.apiToken.revoked' and subject_id = ${row!.id}`,
    );
    expect(audits[0]!.n).toBe(1);
    // A live token on a consultation with no report: 404 with a message, not a 500.
    const live = await createThroughPage("vadso", "Second system");
    const none = await pull(api("vadso", "00000000-0000-0000-0000-000000000000"), live);
    expect(none.status).toBe(404);
    expect(await none.json()).toEqual({ error: "Fant ingen innspillsrapport for denne høringen." });
  });

  it("lets only the municipality's admins manage tokens, and asks for a name", async () => {
    for (const role of ["secretary", "moderator"] as const) {
      const s = await signInAs(server, { tenant: "vadso", role });
      expect((await s.fetch("/vadso/admin/api-tokens", { redirect: "manual" })).status).toBe(403);
      expect((await s.post("/vadso/admin/api-tokens", { intent: "create", name: "x" })).status).toBe(403);
    }
    const foreignAdmin = await signInAs(server, { tenant: "tromso", role: "admin" });
    expect((await foreignAdmin.post("/vadso/admin/api-tokens", { intent: "create", name: "x" })).status).toBe(403);
    const admin = await signInAs(server, { tenant: "vadso", role: "admin" });
    const blank = await admin.post("/vadso/admin/api-tokens", { intent: "create", name: "   " });
    expect(await blank.text()).toContain("Gi nøkkelen et navn.");
    const n = await server.deps.db.rows<{ n: number }>(
      sql`select count(*)::int as n from api_tokens where name in ('x', '')`,
    );
    expect(n[0]!.n).toBe(0);
  });
});
