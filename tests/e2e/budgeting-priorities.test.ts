import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPriorities, setPrioritiesStatus } from "#app/modules/budgeting/priorities.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { signInAs } from "#tests/setup/auth.ts";
import { expectAccessible, launchBrowser, routerIdle, watchPage } from "#tests/setup/browser.ts";
import { startTestServer } from "#tests/setup/server.ts";

// Budget priorities in a real browser: a resident moves money with the live
// running total and sends a balanced budget; a resident without JavaScript
// gets the balance and the consequences from the server, fixes an
// over-spent budget and sends it; the closed consultation shows the results.
// axe on every page.
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let tenantId: string;
let staff: Actor;
let id: string;
const nb = (s: string) => s.replace(/ /g, "\u00a0");

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  tenantId = server.deps.tenants.bySlugOrAlias("vadso")!.municipality.id;
  const s = await signInAs(server, { tenant: "vadso", role: "admin" });
  staff = { id: s.personId, memberships: [{ tenantId, role: "admin", bodyId: null }], platformAdmin: false };
  const r = await createPriorities(server.deps, staff, {
    tenantId,
    key: "budsjett-2027",
    title: { nb: "Budsjett 2027" },
    year: 2027,
    sectors: [
      {
        key: "school",
        name: { nb: "Skole" },
        amount: "100000000",
        min: "90000000",
        max: "120000000",
        less: { nb: "Større klasser." },
        more: { nb: "Flere lærere." },
      },
      {
        key: "care",
        name: { nb: "Helse og omsorg" },
        amount: "150000000",
        min: "140000000",
        max: "170000000",
        less: { nb: "Færre sykehjemsplasser." },
      },
    ],
    revenue: [
      {
        key: "property-tax",
        name: { nb: "Høyere eiendomsskatt" },
        delta: "5000000",
        consequence: { nb: "Om lag 2 000 kr mer i året for en vanlig bolig." },
      },
    ],
    areas: ["Sentrum", "Kiby"],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  id = r.value.id;
  await setPrioritiesStatus(server.deps, staff, { tenantId, id, status: "open" });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("budget priorities in the browser", () => {
  it("a resident moves money with a live total, keyboard only, and sends a balanced budget", async () => {
    const resident = await signInAs(server, { tenant: "vadso", role: "resident" });
    const context = await browser.newContext({ locale: "nb-NO" });
    await resident.signInBrowser(context);
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}/vadso/budget-priorities/budsjett-2027`);
    await routerIdle(page);
    await expectAccessible(page);
    await page.getByText(nb("Budsjettet går i balanse.")).waitFor();
    await page.getByLabel("Skole (kroner)").focus();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("110000000");
    await expect
      .poll(() => page.locator("#priorities-total").textContent())
      .toContain("10\u00a0000\u00a0000\u00a0kr for mye");
    await page.keyboard.press("Tab"); // → Helse og omsorg
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("145000000");
    await page.keyboard.press("Tab"); // → eiendomsskatt
    await page.keyboard.press("Space");
    await expect.poll(() => page.locator("#priorities-total").textContent()).toContain("Budsjettet går i balanse.");
    await page.getByLabel("Alder").selectOption("30-44");
    await page.getByRole("button", { name: "Send inn fordelingen" }).focus();
    await page.keyboard.press("Enter");
    await page.getByText("Takk! Fordelingen din er sendt inn.").waitFor();
    await expectAccessible(page);
    expect(watch.errors).toEqual([]);
    await context.close();
  });

  it("without JavaScript the server shows the balance and the consequences; an over-spent budget is fixed and sent", async () => {
    const resident = await signInAs(server, { tenant: "vadso", role: "resident" });
    const context = await browser.newContext({ locale: "nb-NO", javaScriptEnabled: false });
    await resident.signInBrowser(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/vadso/budget-priorities/budsjett-2027`);
    await expectAccessible(page, { javaScriptEnabled: false });
    await page.getByLabel("Skole (kroner)").fill("95000000");
    await page.getByLabel("Helse og omsorg (kroner)").fill("160000000");
    await page.getByRole("button", { name: "Send inn fordelingen" }).click();
    await page.getByText(nb("Du har brukt 5 000 000 kr mer enn det er penger til.")).waitFor();
    await page.getByText(nb("5 000 000 kr mindre enn i år. Større klasser.")).waitFor();
    expect(await page.getByLabel("Helse og omsorg (kroner)").inputValue()).toBe("160000000"); // nothing typed is lost
    await expectAccessible(page, { javaScriptEnabled: false });
    await page.getByLabel("Helse og omsorg (kroner)").fill("155000000");
    await page.getByRole("button", { name: "Oppdater summen" }).click();
    await page.getByText("Budsjettet går i balanse.").waitFor();
    await page.getByLabel("Hvor bor du?").selectOption("Kiby");
    await page.getByRole("button", { name: "Send inn fordelingen" }).click();
    await page.getByText("Takk! Fordelingen din er sendt inn.").waitFor();
    await context.close();
  });

  it("when closed, everyone sees the results by sector, area and age", async () => {
    await setPrioritiesStatus(server.deps, staff, { tenantId, id, status: "closed" });
    const context = await browser.newContext({ locale: "nb-NO" });
    const page = await context.newPage();
    await page.goto(`${server.url}/vadso/budget-priorities/budsjett-2027`);
    await page.getByRole("heading", { name: "Resultat" }).waitFor();
    await page.getByText("2 innbyggere svarte.").waitFor();
    const school = page.getByRole("row", { name: /^Skole/ }).first();
    expect(await school.textContent()).toContain(nb("100 000 000 kr"));
    await page.getByRole("table", { name: "Median etter bosted" }).waitFor();
    await page.getByText("Høyere eiendomsskatt: valgt av 50 %").waitFor();
    await expectAccessible(page);
    await context.close();
  });
});
