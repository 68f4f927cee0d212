import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConsultation } from "#app/modules/consultations/commands.server.ts";
import { signInAs } from "#tests/setup/auth.ts";
import { startTestServer } from "#tests/setup/server.ts";
import { consultationFixture, must } from "./consultations-setup.ts";

// Issue 17, over HTTP: the consultation's staff page edits the texts and the deadline (a
// datetime in Norwegian time), says how many participants were told, and refuses a bad date with
// a translated 400 that keeps what was typed.
let server: Awaited<ReturnType<typeof startTestServer>>;
let id = "";
beforeAll(async () => {
  server = await startTestServer();
  const deps = server.deps;
  const tenantId = deps.tenants.bySlugOrAlias("vadso")!.municipality.id;
  const f = await consultationFixture(deps.db, tenantId, { sequence: 7171 });
  id = must(
    await createConsultation(deps, f.secretary, {
      tenantId,
      caseId: f.caseId,
      bodyId: f.bodies.deciding,
      title: { nb: "Turvei" },
      opensAt: new Date(deps.now().getTime() - 86_400_000),
      closesAt: new Date(deps.now().getTime() + 30 * 86_400_000),
    }),
  ).id;
});
afterAll(async () => server?.stop());

describe("editing a consultation on its staff page", () => {
  it("saves the new title and deadline and shows the download of the arkivmelding only once a report is attached", async () => {
    const s = await signInAs(server, { tenant: "vadso", role: "secretary" });
    const page = `/vadso/admin/consultations/${id}`;
    const before = await (await s.fetch(page)).text();
    expect(before).toContain("Endre høringen");
    expect(before).not.toContain("Last ned arkivmelding");
    const r = await s.post(page, {
      intent: "edit",
      title: "Turvei langs elva",
      summary: "Ny trasé.",
      closesAt: "2027-03-01T12:00",
    });
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toContain("done=edited");
    const [c] = await server.deps.db.rows<{ title: { nb: string }; closes_at: Date }>(
      sql`select title, closes_at from consultations where id = ${id}`,
    );
    expect(c!.title.nb).toBe("Turvei langs elva");
    expect(new Date(c!.closes_at).toISOString()).toBe("2027-03-01T11:00:00.000Z");
    const after = await (await s.fetch(`${page}?done=edited&sent=0`)).text();
    expect(after).toContain("Endringene er lagret. Deltakere som fikk beskjed om ny frist: 0.");
  });

  it("refuses a malformed date with a translated 400, keeping what was typed, and changes nothing", async () => {
    const s = await signInAs(server, { tenant: "vadso", role: "secretary" });
    const r = await s.post(`/vadso/admin/consultations/${id}`, {
      intent: "edit",
      title: "Noe annet",
      summary: "",
      closesAt: "31.02.2027",
    });
    expect(r.status).toBe(400);
    const [c] = await server.deps.db.rows<{ title: { nb: string } }>(
      sql`select title from consultations where id = ${id}`,
    );
    expect(c!.title.nb).toBe("Turvei langs elva");
    const resident = await signInAs(server, { tenant: "vadso", role: "resident" });
    expect(
      (
        await resident.post(`/vadso/admin/consultations/${id}`, {
          intent: "edit",
          title: "x",
          summary: "",
          closesAt: "",
        })
      ).status,
    ).toBe(403);
  });
});
