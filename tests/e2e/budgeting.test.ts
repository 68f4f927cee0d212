import { sql } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBody } from "#app/modules/bodies/commands.server.ts";
import { tenantOutline } from "#app/modules/bodies/queries.server.ts";
import {
  computeResult,
  createRound,
  movePhase,
  reviewProposal,
  submitProposal,
} from "#app/modules/budgeting/commands.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { signInAs } from "#tests/setup/auth.ts";
import { expectAccessible, launchBrowser, routerIdle, watchPage } from "#tests/setup/browser.ts";
import { startTestServer } from "#tests/setup/server.ts";

// Participatory budgeting in a real browser: a resident proposes through the
// form, votes a knapsack ballot with the keyboard only and reads the result
// explained; a voter without JavaScript completes an approval ballot using the
// server-side running total. axe on every page.
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let tenantId: string;
let staff: Actor;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  tenantId = server.deps.tenants.bySlugOrAlias("vadso")!.municipality.id;
  const s = await signInAs(server, { tenant: "vadso", role: "secretary" });
  staff = { id: s.personId, memberships: [{ tenantId, role: "secretary", bodyId: null }], platformAdmin: false };
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const must = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
};

describe("participatory budgeting in the browser", () => {
  it("a resident proposes, votes a knapsack ballot keyboard-only and sees the result explained", async () => {
    const deps = server.deps;
    // An area council with an area: the proposal map is framed on the municipality's areas.
    const admin: Actor = {
      id: staff.id,
      memberships: [{ tenantId, role: "admin", bodyId: null }],
      platformAdmin: false,
    };
    must(
      await createBody(deps, admin, {
        tenantId,
        key: "sentrum-pb",
        kind: "omraadeutvalg",
        name: { nb: "Sentrum områdeutvalg" },
        area: {
          type: "Polygon",
          coordinates: [
            [
              [29.7, 70.05],
              [29.8, 70.05],
              [29.8, 70.1],
              [29.7, 70.1],
              [29.7, 70.05],
            ],
          ],
        },
      }),
    );
    const roundId = must(
      await createRound(deps, staff, {
        tenantId,
        key: "pb-e2e",
        title: { nb: "Innbyggerbudsjett 2027" },
        budget: 100_000n,
        rules: { ballot: { kind: "knapsack" }, tally: { rule: "greedy" } },
        categories: ["park", "idrett"],
      }),
    ).id;
    must(await movePhase(deps, staff, { tenantId, roundId, to: "proposals" }));
    const resident = await signInAs(server, { tenant: "vadso", role: "resident" });
    const context = await browser.newContext({ locale: "nb-NO" });
    await resident.signInBrowser(context);
    const page = await context.newPage();
    const watch = watchPage(page);

    // Propose through the form (a bad cost first: the form keeps what was typed).
    await page.goto(`${server.url}/vadso/budgeting/pb-e2e/propose`);
    await routerIdle(page);
    await expectAccessible(page);
    await page.getByLabel("Tittel").fill("Benker langs strandpromenaden");
    await page.getByLabel("Beskrivelse").fill("Ti benker med ryggstø.");
    await page.getByLabel("Anslått kostnad (kroner)").fill("mange");
    await page.getByRole("button", { name: "Send inn forslaget" }).click();
    await page.getByText("Skriv kostnaden som et helt antall kroner større enn null.").waitFor();
    expect(await page.getByLabel("Tittel").inputValue()).toBe("Benker langs strandpromenaden");
    await expectAccessible(page);
    await page.getByLabel("Anslått kostnad (kroner)").fill("40000");
    // Two Sustainable Development Goals (keyboard: Space on the checkbox), and the place from the map.
    await page.getByRole("checkbox", { name: "Mål 3: God helse og livskvalitet" }).focus();
    await page.keyboard.press("Space");
    await page.getByRole("checkbox", { name: "Mål 11: Bærekraftige byer og lokalsamfunn" }).focus();
    await page.keyboard.press("Space");
    const map = page.getByRole("region", { name: "Kart over kommunen" });
    await map.locator(".leaflet-overlay-pane path").first().waitFor(); // the area's outline, on the plain background (no tiles configured)
    expect(await map.locator(".leaflet-tile").count()).toBe(0);
    await map.focus();
    await page.keyboard.press("Enter"); // the centre of the map
    const lat = Number((await page.getByLabel("Breddegrad (valgfritt)").inputValue()).replace(",", "."));
    const lon = Number((await page.getByLabel("Lengdegrad (valgfritt)").inputValue()).replace(",", "."));
    // The map is framed on all of Vadsø's areas (the demo's and this one): its centre lies inside their bounds.
    const pts = (await tenantOutline(deps.db.db, tenantId))!.coordinates.flat(2);
    expect(lat).toBeGreaterThan(Math.min(...pts.map((p) => p[1])));
    expect(lat).toBeLessThan(Math.max(...pts.map((p) => p[1])));
    expect(lon).toBeGreaterThan(Math.min(...pts.map((p) => p[0])));
    expect(lon).toBeLessThan(Math.max(...pts.map((p) => p[0])));
    await expectAccessible(page);
    await page.getByRole("button", { name: "Send inn forslaget" }).click();
    await page.waitForURL(/\/vadso\/budgeting\/pb-e2e\?proposed=/);
    await page.getByRole("heading", { name: "Benker langs strandpromenaden" }).waitFor();
    const [mine] = await deps.db.rows<{ code: string; sdg_tags: number[]; lat: string; lng: string }>(
      sql`select code, sdg_tags, lat::text, lng::text from pb_proposals where title = 'Benker langs strandpromenaden'`,
    );
    expect(mine!.sdg_tags).toEqual([3, 11]);
    expect(Number(mine!.lat)).toBeCloseTo(lat, 5);
    expect(Number(mine!.lng)).toBeCloseTo(lon, 5);
    await page.goto(`${server.url}/vadso/budgeting/pb-e2e/proposals/${mine!.code}`);
    await page
      .getByRole("list", { name: "Bærekraftsmål" })
      .getByText("Mål 11: Bærekraftige byer og lokalsamfunn")
      .waitFor();
    await page.getByText(`${lat.toFixed(5)}, ${lon.toFixed(5)}`).waitFor();
    await expectAccessible(page);

    // Two more proposals from others, then staff review and open voting.
    must(
      await submitProposal(
        deps,
        { id: staff.id },
        { tenantId, roundId, title: "Ny ballbinge", estimatedCost: 70_000n, category: "idrett" },
      ),
    );
    must(
      await submitProposal(
        deps,
        { id: staff.id },
        { tenantId, roundId, title: "Blomsterbed", estimatedCost: 20_000n, category: "park" },
      ),
    );
    const rows = await deps.db.rows<{ id: string; code: string; title: string; estimated_cost: string }>(
      sql`select id, code, title, estimated_cost::text from pb_proposals where round_id = ${roundId} order by created_at, code`,
    );
    for (const p of rows)
      must(
        await reviewProposal(deps, staff, {
          tenantId,
          proposalId: p.id,
          decision: "feasible",
          officialCost: BigInt(p.estimated_cost),
        }),
      );
    must(await movePhase(deps, staff, { tenantId, roundId, to: "voting" }));
    const code = (title: string) => rows.find((r) => r.title === title)!.code;

    // Vote with the keyboard only: tick the benches and the flower bed with Space, cast with Enter.
    await page.goto(`${server.url}/vadso/budgeting/pb-e2e/vote`);
    await routerIdle(page);
    await expectAccessible(page);
    const benches = page.getByLabel(/Benker langs strandpromenaden/);
    await benches.focus();
    await page.keyboard.press("Space");
    expect(await benches.isChecked()).toBe(true);
    // the running total updates live
    await expect.poll(() => page.locator("#running-total").textContent()).toContain("60\u00a0000\u00a0kr igjen");
    await page.keyboard.press("Tab"); // → ballbinge
    await page.keyboard.press("Space");
    await expect
      .poll(() => page.locator("#running-total").textContent())
      .toContain("10\u00a0000\u00a0kr over budsjettet");
    await page.keyboard.press("Space"); // untick it again
    await page.keyboard.press("Tab"); // → blomsterbed
    await page.keyboard.press("Space");
    await expect.poll(() => page.locator("#running-total").textContent()).toContain("40\u00a0000\u00a0kr igjen");
    await page.keyboard.press("Tab"); // → "Oppdater summen"
    await page.keyboard.press("Tab"); // → "Avgi stemme"
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Avgi stemme");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Takk for stemmen din" }).waitFor();
    const receipt = (await page.locator(".receipt").textContent())!;
    expect(receipt).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    await expectAccessible(page);
    await page.getByRole("link", { name: "Sjekk kvitteringen" }).click();
    const counted = page.getByText(/Stemmeseddelen din er med i opptellingen/);
    await counted.waitFor();
    expect(await counted.textContent()).toContain(code("Benker langs strandpromenaden"));
    expect(await counted.textContent()).toContain(code("Blomsterbed"));
    expect(await page.getByLabel("Kvitteringskode").inputValue()).toBe(receipt);

    // Close voting, compute, and read the explanation.
    must(await movePhase(deps, staff, { tenantId, roundId, to: "result" }));
    must(await computeResult(deps, staff, { tenantId, roundId }));
    await page.goto(`${server.url}/vadso/budgeting/pb-e2e/result`);
    await page.getByRole("heading", { level: 1, name: /Resultat/ }).waitFor();
    await page
      .getByRole("rowheader", {
        name: new RegExp(`Benker langs strandpromenaden \\(${code("Benker langs strandpromenaden")}\\)`),
      })
      .waitFor();
    // the ball court lost: it did not fit; it would have won at a cost of at most what was left
    const lost = page.locator("li", { hasText: "Ny ballbinge" });
    await expect
      .poll(() => lost.textContent())
      .toContain("Det ville ha vunnet hvis det hadde kostet høyst 40\u00a0000\u00a0kr.");
    await expectAccessible(page);
    expect(watch.errors).toEqual([]);
    await context.close();
  });

  it("a voter without JavaScript checks the total on the server, fixes an over-limit ballot and casts it", async () => {
    const deps = server.deps;
    const roundId = must(
      await createRound(deps, staff, {
        tenantId,
        key: "pb-nojs",
        title: { nb: "Ungdommens budsjett" },
        budget: 50_000n,
        rules: { ballot: { kind: "approval", maxProjects: 2 }, tally: { rule: "mes", completion: "add1" } },
        eligibility: { minAge: 13 },
      }),
    ).id;
    must(await movePhase(deps, staff, { tenantId, roundId, to: "proposals" }));
    for (const [title, cost] of [
      ["Skatepark", 30_000n],
      ["Konsert", 15_000n],
      ["Gaming-kveld", 5_000n],
    ] as const) {
      const p = must(await submitProposal(deps, { id: staff.id }, { tenantId, roundId, title, estimatedCost: cost }));
      must(await reviewProposal(deps, staff, { tenantId, proposalId: p.id, decision: "feasible", officialCost: cost }));
    }
    must(await movePhase(deps, staff, { tenantId, roundId, to: "voting" }));
    const voter = await signInAs(server, { tenant: "vadso", role: "resident" });
    const context = await browser.newContext({ locale: "nb-NO", javaScriptEnabled: false });
    await voter.signInBrowser(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/vadso/budgeting/pb-nojs/vote`);
    await expectAccessible(page, { javaScriptEnabled: false });
    await page.getByLabel(/Skatepark/).check();
    await page.getByLabel(/Konsert/).check();
    await page.getByLabel(/Gaming-kveld/).check();
    await page.getByRole("button", { name: "Oppdater summen" }).click();
    await page.getByText("Velg høyst 2 prosjekter (du har valgt 3).").waitFor();
    expect(await page.locator("#running-total").textContent()).toContain("3 valgt");
    expect(await page.getByLabel(/Gaming-kveld/).isChecked()).toBe(true); // nothing typed is lost
    await expectAccessible(page, { javaScriptEnabled: false });
    await page.getByLabel(/Gaming-kveld/).uncheck();
    // casting without confirming the age is refused, the choices are kept
    await page.getByRole("button", { name: "Avgi stemme" }).click();
    await page.getByText("Bekreft at du er minst 13 år.").waitFor();
    expect(await page.getByLabel(/Skatepark/).isChecked()).toBe(true);
    await page.getByLabel("Jeg er minst 13 år").check();
    await page.getByRole("button", { name: "Avgi stemme" }).click();
    await page.getByRole("heading", { name: "Takk for stemmen din" }).waitFor();
    const rows = await deps.db.rows<{ n: number }>(
      sql`select count(*)::int as n from pb_ballots where round_id = ${roundId}`,
    );
    expect(rows[0]!.n).toBe(1);
    await expectAccessible(page, { javaScriptEnabled: false });
    await context.close();
  });
});
