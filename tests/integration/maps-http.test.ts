import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createRound, movePhase } from "#app/modules/budgeting/commands.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { signInAs } from "#tests/setup/auth.ts";
import { startTestServer } from "#tests/setup/server.ts";
import { makeTileDir } from "#tests/setup/tiles.ts";

// Maps (issues 6 and 8): a local tile folder served at /map-tiles/ and nothing
// else from it; a tile server elsewhere is allowed by the Content-Security-Policy;
// a proposal's place and Sustainable Development Goals through the plain form.
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({ env: { MEDVIRK_MAP_TILES_DIR: makeTileDir([29.6, 70.0, 29.9, 70.2], 4) } });
});
afterAll(async () => {
  await server?.stop();
});

describe("map tiles", () => {
  it("serves {z}/{x}/{y}.png from the local folder and refuses anything else", async () => {
    const ok = await fetch(new URL("/map-tiles/0/0/0.png", server.url));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("image/png");
    expect(
      Buffer.from(await ok.arrayBuffer())
        .subarray(1, 4)
        .toString("ascii"),
    ).toBe("PNG");
    expect((await fetch(new URL("/map-tiles/0/0/9.png", server.url))).status).toBe(404); // not in the folder
    expect((await fetch(new URL("/map-tiles/0/0/0.txt", server.url))).status).toBe(404);
    expect((await fetch(new URL("/map-tiles/%2e%2e/%2e%2e/etc/passwd", server.url))).status).toBe(404);
    // The default CSP allows images from this server only.
    expect((await fetch(new URL("/", server.url))).headers.get("content-security-policy")).toMatch(
      /img-src 'self' data:;/,
    );
  });

  it("lets the CSP load tiles from a configured tile server, and nothing is served locally then", async () => {
    const other = await startTestServer({
      env: { MEDVIRK_MAP_TILES_URL: "https://{s}.tiles.example.org/{z}/{x}/{y}.png" },
    });
    try {
      expect((await fetch(new URL("/", other.url))).headers.get("content-security-policy")).toMatch(
        /img-src 'self' data: https:\/\/\*\.tiles\.example\.org;/,
      );
      expect((await fetch(new URL("/map-tiles/0/0/0.png", other.url))).status).toBe(404);
    } finally {
      await other.stop();
    }
  });
});

describe("a proposal's place and goals through the plain form", () => {
  it("stores the goals and the place; a bad goal or place gets a translated error and keeps what was typed", async () => {
    const deps = server.deps;
    const tenantId = deps.tenants.bySlugOrAlias("vadso")!.municipality.id;
    const s = await signInAs(server, { tenant: "vadso", role: "secretary" });
    const staff: Actor = {
      id: s.personId,
      memberships: [{ tenantId, role: "secretary", bodyId: null }],
      platformAdmin: false,
    };
    const round = await createRound(deps, staff, {
      tenantId,
      key: "pb-map",
      title: { nb: "Kartrunden" },
      budget: 100_000n,
      rules: { ballot: { kind: "knapsack" }, tally: { rule: "greedy" } },
      categories: [],
    });
    if (!round.ok) throw new Error(JSON.stringify(round.error));
    expect((await movePhase(deps, staff, { tenantId, roundId: round.value.id, to: "proposals" })).ok).toBe(true);
    const resident = await signInAs(server, { tenant: "vadso", role: "resident" });
    const base = { title: "Lys i lysløypa", description: "", estimatedCost: "30000", placeName: "Lysløypa" };

    const badGoal = await resident.post("/vadso/budgeting/pb-map/propose", { ...base, sdg: "18", lat: "", lon: "" });
    expect(badGoal.status).toBe(200);
    const html = await badGoal.text();
    expect(html).toContain("Ugyldig bærekraftsmål.");
    expect(html).toContain('value="Lys i lysløypa"');

    const badPlace = await resident.post("/vadso/budgeting/pb-map/propose", {
      ...base,
      sdg: "7",
      lat: "70,07",
      lon: "",
    });
    expect(await badPlace.text()).toContain("Ugyldig sted.");
    const farAway = await resident.post("/vadso/budgeting/pb-map/propose", {
      ...base,
      sdg: "7",
      lat: "95",
      lon: "29,7",
    });
    expect(await farAway.text()).toContain("Ugyldig sted.");
    expect(await deps.db.rows(sql`select 1 from pb_proposals where round_id = ${round.value.id}`)).toHaveLength(0);

    const good = await resident.post("/vadso/budgeting/pb-map/propose", {
      ...base,
      sdg: "7",
      lat: "70,07123",
      lon: "29,75",
    });
    expect(good.status).toBe(303);
    const [row] = await deps.db.rows<{ code: string; sdg_tags: number[]; lat: string; lng: string }>(
      sql`select code, sdg_tags, lat::text, lng::text from pb_proposals where round_id = ${round.value.id}`,
    );
    expect(row).toMatchObject({ sdg_tags: [7] });
    expect(Number(row!.lat)).toBe(70.07123);
    expect(Number(row!.lng)).toBe(29.75);
    const page = await (await fetch(new URL(`/vadso/budgeting/pb-map/proposals/${row!.code}`, server.url))).text();
    expect(page).toContain("Mål 7: Ren energi for alle");
    expect(page).toContain("70.07123, 29.75000");
  });
});
