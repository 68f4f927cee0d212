import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addComment, closeConsultation, createConsultation } from "#app/modules/consultations/commands.server.ts";
import { attachReport, generateReport } from "#app/modules/consultations/report.server.ts";
import { signInAs } from "#tests/setup/auth.ts";
import { startTestServer } from "#tests/setup/server.ts";
import { xmllint } from "#tests/setup/xmllint.ts";
import { consultationFixture, must } from "./consultations-setup.ts";

// The archive export that case systems pull over HTTP (issue 6): the Fiks
// Arkiv arkivmelding zip of the attached input report, for the municipality's
// staff with case rights only; the same message (external key) on every pull.
let server: Awaited<ReturnType<typeof startTestServer>>;
let path = "";
beforeAll(async () => {
  server = await startTestServer();
  const deps = server.deps;
  const tenantId = deps.tenants.bySlugOrAlias("vadso")!.municipality.id;
  const f = await consultationFixture(deps.db, tenantId, { year: 2025, sequence: 4321 });
  const id = must(
    await createConsultation(deps, f.secretary, {
      tenantId,
      caseId: f.caseId,
      bodyId: f.bodies.deciding,
      meetingId: f.meetings.m1,
      title: { nb: "Gangvei" },
      opensAt: new Date(deps.now().getTime() - 86_400_000),
    }),
  ).id;
  must(
    await addComment(deps, await f.resident("Kari"), {
      tenantId,
      consultationId: id,
      body: "Husk benker langs gangveien.",
    }),
  );
  must(await closeConsultation(deps, f.secretary, { tenantId, consultationId: id }));
  const rep = must(await generateReport(deps, f.secretary, { tenantId, consultationId: id }));
  must(await attachReport(deps, f.secretary, { tenantId, reportId: rep.id }));
  path = `/vadso/admin/consultations/${id}/arkivmelding.zip`;
});
afterAll(async () => server?.stop());

describe("the arkivmelding pull endpoint", () => {
  it("gives staff the message zip: the XML validates against the XSD, with the PDF and the JSON; the external key is stable", async () => {
    const admin = await signInAs(server, { tenant: "vadso", role: "admin" });
    const r = await admin.fetch(path);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/zip");
    expect(r.headers.get("cache-control")).toBe("private, no-store");
    const key = r.headers.get("x-medvirk-external-key");
    expect(key).toBeTruthy();
    const zip = unzipSync(new Uint8Array(await r.arrayBuffer()));
    expect(Object.keys(zip).sort()).toEqual([
      "arkivmelding.xml",
      "innspillsrapport-v1.json",
      "innspillsrapport-v1.pdf",
    ]);
    const xml = new TextDecoder().decode(zip["arkivmelding.xml"]);
    expect(xml).toContain("<saksaar>2025</saksaar><sakssekvensnummer>4321</sakssekvensnummer>");
    expect(xmllint(xml).ok).toBe(true);
    expect(JSON.parse(new TextDecoder().decode(zip["innspillsrapport-v1.json"])).comments[0].body).toBe(
      "Husk benker langs gangveien.",
    );
    const again = await admin.fetch(path);
    expect(again.headers.get("x-medvirk-external-key")).toBe(key);
    expect((await admin.fetch(`${path}?version=9`)).status).toBe(404);
  });

  it("is refused to anonymous callers, residents, moderators and another municipality's staff", async () => {
    const anonymous = await fetch(`${server.url}${path}`, { redirect: "manual" });
    expect([302, 303, 401]).toContain(anonymous.status);
    for (const who of [
      await signInAs(server, { tenant: "vadso", role: "resident" }),
      await signInAs(server, { tenant: "vadso", role: "moderator" }),
      await signInAs(server, { tenant: "tromso", role: "admin" }),
    ])
      expect((await who.fetch(path, { redirect: "manual" })).status).toBe(403);
  });
});
