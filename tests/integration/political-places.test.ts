import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBodyByKey } from "#app/modules/bodies/queries.server.ts";
import { createCase } from "#app/modules/cases/commands.server.ts";
import type { Actor } from "#app/modules/meetings/permissions.ts";
import { signInAs, type TestSession } from "#tests/setup/auth.ts";
import { startTestServer } from "#tests/setup/server.ts";

// Areas drawn on the map (or typed as coordinate lines) and cases placed by a
// point or an area, through the console: translated, line-numbered refusals
// that change nothing; the area council a point lies in is found; audited.
let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: TestSession;
const ids = { vadso: "", area: "", caseId: "" };
const AREA_LINES = "70.10, 29.90\n70.10, 30.10\n70.20, 30.10\n70.20, 29.90";

beforeAll(async () => {
  server = await startTestServer();
  ids.vadso = server.deps.tenants.bySlugOrAlias("vadso")!.municipality.id;
  ids.area = (await getBodyByKey(server.deps.db.db, ids.vadso, "grend-ekkeroy"))!.id;
  const boss: Actor = { id: "places-admin", memberships: [{ tenantId: ids.vadso, role: "admin" }] };
  const c = await createCase(server.deps, boss, {
    tenantId: ids.vadso,
    year: 2026,
    sequence: 8301,
    title: { nb: "Ny kai på Ekkerøy" },
  });
  if (!c.ok) throw new Error(JSON.stringify(c.error));
  ids.caseId = c.value.id;
  admin = await signInAs(server, { tenant: "vadso", role: "admin" });
});
afterAll(async () => {
  await server?.stop();
});

const areaOf = async () =>
  (await server.deps.db.rows<{ area: unknown }>(sql`select area from bodies where id = ${ids.area}`))[0]!.area;
const placeOf = async () =>
  (
    await server.deps.db.rows<{ geo: unknown; area_body_id: string | null }>(
      sql`select geo, area_body_id from cases where id = ${ids.caseId}`,
    )
  )[0]!;

describe("an area drawn on the map", () => {
  it("the console offers the map drawer's field with the area as coordinate lines", async () => {
    const html = await (await admin.fetch(`/vadso/admin/bodies/${ids.area}`)).text();
    expect(html).toContain('id="eb-area"');
    expect(html).toContain("Tegn området ved å klikke på kartet");
  });

  it("a bad line is refused with its number, translated, and the area is unchanged", async () => {
    const before = await areaOf();
    const r = await admin.post(`/vadso/admin/bodies/${ids.area}`, {
      intent: "update",
      name_nb: "Grendeutvalget på Ekkerøy",
      noticeLeadDays: "7",
      area: "70.10, 29.90\n70.10, 30.10\nved kirka",
    });
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toContain("Linje 3: Skriv breddegrad og lengdegrad, for eksempel 70.0736, 29.7486.");
    expect(html).toContain("ved kirka"); // what was typed is kept
    expect(await areaOf()).toEqual(before);
    const few = await admin.post(`/vadso/admin/bodies/${ids.area}`, {
      intent: "update",
      name_nb: "Grendeutvalget på Ekkerøy",
      noticeLeadDays: "7",
      area: "70.10, 29.90\n70.10, 30.10",
    });
    expect(few.status).toBe(400);
    expect(await few.text()).toContain("Et område må ha minst tre forskjellige punkter.");
  });

  it("drawn points are stored as a closed GeoJSON polygon and the public area page draws it", async () => {
    const r = await admin.post(`/vadso/admin/bodies/${ids.area}`, {
      intent: "update",
      name_nb: "Grendeutvalget på Ekkerøy",
      noticeLeadDays: "7",
      area: AREA_LINES,
    });
    expect(r.status).toBe(200);
    expect(await areaOf()).toEqual({
      type: "Polygon",
      coordinates: [
        [
          [29.9, 70.1],
          [30.1, 70.1],
          [30.1, 70.2],
          [29.9, 70.2],
          [29.9, 70.1],
        ],
      ],
    });
    expect(await (await admin.fetch(`/vadso/admin/bodies/${ids.area}`)).text()).toContain("70.1, 29.9\n70.1, 30.1");
    expect((await fetch(`${server.url}/vadso/areas/grend-ekkeroy`)).status).toBe(200);
  });
});

describe("a case placed by a point", () => {
  it("finds the area council the point lies in, shows it on the case page, and is audited", async () => {
    const r = await admin.post(`/vadso/admin/cases/${ids.caseId}`, {
      intent: "place",
      geo: "70.15, 30.0",
      areaBodyId: "auto",
    });
    expect(r.status).toBe(200);
    const p = await placeOf();
    expect(p.geo).toEqual({ type: "Point", coordinates: [30, 70.15] });
    expect(p.area_body_id).toBe(ids.area);
    const casePage = await (await fetch(`${server.url}/vadso/cases/2026-8301`)).text();
    expect(casePage).toContain('href="/vadso/areas/grend-ekkeroy"');
    expect(casePage).toContain("Punkt: 70.15, 30 (breddegrad, lengdegrad).");
    expect(casePage).toContain("https://www.openstreetmap.org/?mlat=70.15&amp;mlon=30#map=15/70.15/30");
    expect(await (await fetch(`${server.url}/vadso/areas/grend-ekkeroy`)).text()).toContain("Ny kai på Ekkerøy");
    const actions = await server.deps.db.rows<{ action: string }>(
      sql`select action from audit_events where subject_id = ${ids.caseId} order by seq`,
    );
    expect(actions.map((a) => a.action)).toContain("cases.case.placed");
  });

  it("a bad place is refused and nothing changes; 'none' removes the area, an empty field the tag", async () => {
    let r = await admin.post(`/vadso/admin/cases/${ids.caseId}`, {
      intent: "place",
      geo: "langt nord",
      areaBodyId: "auto",
    });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain("Linje 1: Skriv breddegrad og lengdegrad");
    expect((await placeOf()).area_body_id).toBe(ids.area);
    // an area as the tag: drawn on the case page as an outline, its area council found from its middle
    r = await admin.post(`/vadso/admin/cases/${ids.caseId}`, {
      intent: "place",
      geo: "70.14, 29.95\n70.14, 30.05\n70.16, 30.0",
      areaBodyId: "auto",
    });
    expect(r.status).toBe(200);
    expect((await placeOf()).area_body_id).toBe(ids.area);
    expect(await (await fetch(`${server.url}/vadso/cases/2026-8301`)).text()).toContain(
      "Omrisset av stedet saken gjelder",
    );
    r = await admin.post(`/vadso/admin/cases/${ids.caseId}`, {
      intent: "place",
      geo: "70.15, 30.0",
      areaBodyId: "none",
    });
    expect(r.status).toBe(200);
    expect(await placeOf()).toEqual({ geo: { type: "Point", coordinates: [30, 70.15] }, area_body_id: null });
    r = await admin.post(`/vadso/admin/cases/${ids.caseId}`, { intent: "place", geo: "", areaBodyId: "auto" });
    expect(r.status).toBe(200);
    expect(await placeOf()).toEqual({ geo: null, area_body_id: null });
  });
});
