import { sql } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { movePhase, reviewProposal, submitProposal } from "#app/modules/budgeting/commands.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { signInAs } from "#tests/setup/auth.ts";
import { expectAccessible, launchBrowser } from "#tests/setup/browser.ts";
import { startTestServer } from "#tests/setup/server.ts";

// Staff in a real browser, without JavaScript: create a round with areas,
// change its rules before voting, and see a change refused once voting has
// opened (the rules are frozen). axe on every page.
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("staff set up a PB round", () => {
  it("create with areas, change the rules before voting, refused once voting is open", async () => {
    const tenantId = server.deps.tenants.bySlugOrAlias("vadso")!.municipality.id;
    const s = await signInAs(server, { tenant: "vadso", role: "admin" });
    const staff: Actor = {
      id: s.personId,
      memberships: [{ tenantId, role: "admin", bodyId: null }],
      platformAdmin: false,
    };
    const context = await browser.newContext({ locale: "nb-NO", javaScriptEnabled: false });
    await s.signInBrowser(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/vadso/admin/budgeting`);
    await expectAccessible(page, { javaScriptEnabled: false });
    await page.getByLabel(/^Nøkkel i adressen/).fill("omraader-2027");
    await page.getByLabel("Tittel", { exact: true }).fill("Områdebudsjett 2027");
    await page.getByLabel("Områder med eget budsjett (valgfritt)").fill("sentrum; Sentrum; 50 000\nKiby; Kiby; 30000");
    await page.getByLabel("Stemmeseddel", { exact: true }).selectOption("knapsack");
    await page.getByRole("button", { name: "Opprett runden" }).click();
    await page.getByText("Hver linje må være: nøkkel; navn; budsjett i kroner.").waitFor();
    expect(await page.getByLabel("Tittel", { exact: true }).inputValue()).toBe("Områdebudsjett 2027"); // nothing typed is lost
    await expectAccessible(page, { javaScriptEnabled: false });
    await page.getByLabel("Områder med eget budsjett (valgfritt)").fill("sentrum; Sentrum; 50 000\nkiby; Kiby; 30000");
    await page.getByLabel("Avstemningen stenger (dato, valgfritt)").fill("2027-06-15");
    await page.getByRole("button", { name: "Opprett runden" }).click();
    await page.waitForURL(/\/vadso\/admin\/budgeting\/omraader-2027$/);
    const [round] = await server.deps.db.rows<{
      id: string;
      budget: string;
      rules: { ballot: { kind: string } };
      phase_dates: unknown;
    }>(sql`select id, budget::text, rules, phase_dates from pb_rounds where key = 'omraader-2027'`);
    expect(round).toMatchObject({
      budget: "80000",
      rules: { ballot: { kind: "knapsack" } },
      phase_dates: { voting: { endsAt: "2027-06-15T21:59:00.000Z" } },
    });
    const areas = await server.deps.db.rows<{ key: string; budget: string }>(
      sql`select key, budget::text from pb_areas where round_id = ${round!.id} order by key`,
    );
    expect(areas).toEqual([
      { key: "kiby", budget: "30000" },
      { key: "sentrum", budget: "50000" },
    ]);

    // Before voting the rules may change.
    await page.getByLabel("Stemmeseddel", { exact: true }).selectOption("approval");
    await page.getByLabel("Høyst antall prosjekter / poeng å fordele / plasser å rangere").fill("3");
    await page.getByRole("button", { name: "Lagre reglene" }).click();
    await page.getByText("Lagret").first().waitFor();
    const [after] = await server.deps.db.rows<{ rules: unknown }>(
      sql`select rules from pb_rounds where id = ${round!.id}`,
    );
    expect(after!.rules).toEqual({
      ballot: { kind: "approval", maxProjects: 3 },
      tally: { rule: "mes", completion: "add1" },
    });

    // Voting opens: the same change is refused and the rules stay as they were.
    const roundId = round!.id;
    await movePhase(server.deps, staff, { tenantId, roundId, to: "proposals" });
    const p = await submitProposal(
      server.deps,
      { id: staff.id },
      { tenantId, roundId, areaKey: "sentrum", title: "Torget", estimatedCost: 10_000n },
    );
    if (!p.ok) throw new Error("proposal");
    await reviewProposal(server.deps, staff, {
      tenantId,
      proposalId: p.value.id,
      decision: "feasible",
      officialCost: 10_000n,
    });
    await movePhase(server.deps, staff, { tenantId, roundId, to: "voting" });
    await page.goto(`${server.url}/vadso/admin/budgeting/omraader-2027`);
    await page.getByLabel("Høyst antall prosjekter / poeng å fordele / plasser å rangere").fill("1");
    await page.getByRole("button", { name: "Lagre reglene" }).click();
    await page.getByText("Reglene kan ikke endres etter at avstemningen har åpnet.").waitFor();
    await expectAccessible(page, { javaScriptEnabled: false });
    const [frozen] = await server.deps.db.rows<{ rules: unknown }>(
      sql`select rules from pb_rounds where id = ${roundId}`,
    );
    expect(frozen!.rules).toEqual(after!.rules);
    await context.close();
  });

  it("staff create budget priorities for the ordinary budget, open them, and residents find them", async () => {
    const s = await signInAs(server, { tenant: "vadso", role: "admin" });
    const context = await browser.newContext({ locale: "nb-NO", javaScriptEnabled: false });
    await s.signInBrowser(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/vadso/admin/budget-priorities`);
    await expectAccessible(page, { javaScriptEnabled: false });
    await page.getByLabel(/^Nøkkel i adressen/).fill("budsjett-2027");
    await page.getByLabel("Tittel", { exact: true }).fill("Budsjett 2027");
    await page
      .getByLabel("Områder i budsjettet")
      .fill(
        "school; Skole; 100 000 000; 90 000 000; 120 000 000\ncare; Helse og omsorg; 150000000; 160000000; 170000000",
      );
    await page.getByRole("button", { name: "Opprett" }).click();
    await page.getByText("Hvert område må ha minst ≤ årets beløp ≤ høyst.").waitFor(); // care: minimum above this year's amount
    await expectAccessible(page, { javaScriptEnabled: false });
    await page
      .getByLabel("Områder i budsjettet")
      .fill(
        "school; Skole; 100 000 000; 90 000 000; 120 000 000; Større klasser.; Flere lærere.\ncare; Helse og omsorg; 150000000; 140000000; 170000000",
      );
    await page.getByRole("button", { name: "Opprett" }).click();
    await page.getByRole("link", { name: "Budsjett 2027" }).waitFor();
    await page.getByRole("button", { name: /Åpne for innspill/ }).click();
    await page.getByText("Åpen for innspill").first().waitFor();
    const list = await context.newPage();
    await list.goto(`${server.url}/vadso/budgeting`);
    await list.getByRole("link", { name: "Budsjett 2027", exact: true }).click();
    await list.getByLabel("Skole (kroner)").waitFor();
    await expectAccessible(list, { javaScriptEnabled: false });
    await context.close();
  });
});
