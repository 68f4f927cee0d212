import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRound, movePhase, submitProposal } from "#app/modules/budgeting/commands.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { signInAs } from "#tests/setup/auth.ts";
import { expectAccessible, launchBrowser, routerIdle, watchPage } from "#tests/setup/browser.ts";
import { startTestServer } from "#tests/setup/server.ts";

// Proposals in a real browser: the list filtered by category (a plain GET
// form, no JavaScript), a proposal's page where a resident supports it and
// comments with the keyboard only. axe on every page.
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let tenantId: string;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  tenantId = server.deps.tenants.bySlugOrAlias("vadso")!.municipality.id;
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("proposals in the browser", () => {
  it("the list filters by category without JavaScript; a resident supports and comments with the keyboard", async () => {
    const deps = server.deps;
    const s = await signInAs(server, { tenant: "vadso", role: "admin" });
    const staff: Actor = {
      id: s.personId,
      memberships: [{ tenantId, role: "admin", bodyId: null }],
      platformAdmin: false,
    };
    const r = await createRound(deps, staff, {
      tenantId,
      key: "pb-forslag-e2e",
      title: { nb: "Innbyggerbudsjett 2027" },
      budget: 100_000n,
      rules: { ballot: { kind: "approval" }, tally: { rule: "greedy" } },
      categories: ["park", "idrett"],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    await movePhase(deps, staff, { tenantId, roundId: r.value.id, to: "proposals" });
    const bench = await submitProposal(
      deps,
      { id: staff.id },
      {
        tenantId,
        roundId: r.value.id,
        title: "Benker i parken",
        description: "Ti benker med ryggstø.",
        estimatedCost: 30_000n,
        category: "park",
      },
    );
    await submitProposal(
      deps,
      { id: staff.id },
      { tenantId, roundId: r.value.id, title: "Ny ballbinge", estimatedCost: 60_000n, category: "idrett" },
    );
    if (!bench.ok) throw new Error("proposal");

    const noJs = await browser.newContext({ locale: "nb-NO", javaScriptEnabled: false });
    const list = await noJs.newPage();
    await list.goto(`${server.url}/vadso/budgeting/pb-forslag-e2e`);
    await list.getByLabel("Kategori").selectOption("idrett");
    await list.locator("form.filter-form").getByRole("button", { name: "Vis" }).click();
    await list.waitForURL(/category=idrett/);
    await list.getByRole("link", { name: "Ny ballbinge" }).waitFor();
    expect(await list.getByRole("link", { name: "Benker i parken" }).count()).toBe(0);
    await expectAccessible(list, { javaScriptEnabled: false });
    await noJs.close();

    const resident = await signInAs(server, { tenant: "vadso", role: "resident" });
    const context = await browser.newContext({ locale: "nb-NO" });
    await resident.signInBrowser(context);
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}/vadso/budgeting/pb-forslag-e2e/proposals/${bench.value.code}`);
    await routerIdle(page);
    await page.getByRole("heading", { level: 1, name: /Benker i parken/ }).waitFor();
    await expectAccessible(page);
    await page.getByText("Støttes av 0").waitFor();
    await page.getByRole("button", { name: "Støtt forslaget" }).focus();
    await page.keyboard.press("Enter");
    await page.getByText("Du støtter dette forslaget.").waitFor();
    await page.getByText("Støttes av 1").waitFor();
    // an empty comment is refused with a message tied to the field
    await page.getByRole("button", { name: "Send kommentaren" }).focus();
    await page.keyboard.press("Enter");
    await page.getByText("Kommentaren må ha mellom 1 og 2000 tegn.").waitFor();
    await expectAccessible(page);
    await page.getByLabel("Din kommentar").focus();
    await page.keyboard.type("Gjerne med armlener også.");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.getByText("Gjerne med armlener også.").first().waitFor();
    await expect.poll(() => page.locator(".card-list li").count()).toBe(1);
    await expectAccessible(page);
    expect(watch.errors).toEqual([]);
    await context.close();
  });
});
