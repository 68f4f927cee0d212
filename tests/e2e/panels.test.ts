import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { joinPool } from "#app/modules/panels/commands.server.ts";
import { getPanelByKey } from "#app/modules/panels/queries.server.ts";
import { sql } from "drizzle-orm";
import { createTestPerson, sessionFor, signInAs } from "#tests/setup/auth.ts";
import { expectAccessible, launchBrowser, routerIdle, watchPage } from "#tests/setup/browser.ts";
import { startTestServer } from "#tests/setup/server.ts";

// Citizen panels in a real browser: staff define the quotas and open
// recruitment; a resident signs up keyboard-only; staff watch the pool,
// run the draw and see it finish live (socket.io), publish the audit; the
// audit page is read keyboard-only. axe on every page.
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

/** Presses Tab until the focused element matches `selector` (fails after 80 presses). */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${selector}`);
}
const hydrated = (page: Page) => routerIdle(page);

describe("citizen panels in the browser", () => {
  it("staff set up quotas, a resident signs up keyboard-only, staff draw with live status and publish; the audit reads keyboard-only", async () => {
    const staff = await signInAs(server, { tenant: "vadso", role: "secretary" });
    const staffContext = await browser.newContext({ locale: "nb-NO" });
    await staff.signInBrowser(staffContext);
    const admin = await staffContext.newPage();
    const adminWatch = watchPage(admin);

    // Create the panel and its quotas.
    await admin.goto(`${server.url}/vadso/admin/panels`);
    await hydrated(admin);
    await expectAccessible(admin);
    await admin.getByLabel("Tittel").fill("Ungdomspanelet");
    await admin.getByLabel("Kortnavn i adressen").fill("ungdom");
    await admin.getByLabel("Panelets størrelse (plasser)").fill("4");
    await admin.getByRole("button", { name: "Opprett panelet" }).click();
    await admin.waitForURL(/\/vadso\/admin\/panels\/ungdom$/);
    await admin.getByLabel("Kvoter, én per linje").fill("Kjønn,Jente,2,2\nKjønn,Gutt,2,2\nSkole,Ungdomsskole,3,2");
    await admin.getByRole("button", { name: "Lagre kvotene" }).click();
    await admin.getByText("Linje 3: min og maks må være hele tall med min ≤ maks.").waitFor();
    await expectAccessible(admin);
    await admin
      .getByLabel("Kvoter, én per linje")
      .fill("Kjønn,Jente,2,2\nKjønn,Gutt,2,2\nSkole,Ungdomsskole,1,3\nSkole,Videregående,1,3");
    await admin.getByRole("button", { name: "Lagre kvotene" }).click();
    await admin.getByRole("status").getByText("Lagret.").waitFor();
    await admin.getByRole("button", { name: "Åpne påmeldingen" }).click();
    await admin.getByRole("button", { name: "Steng påmeldingen" }).waitFor();
    await expectAccessible(admin);

    // A resident signs up with the keyboard only.
    const resident = await signInAs(server, { name: "Sara Nilsen" });
    const residentContext = await browser.newContext({ locale: "nb-NO" });
    await resident.signInBrowser(residentContext);
    const page = await residentContext.newPage();
    const residentWatch = watchPage(page);
    await page.goto(`${server.url}/vadso/panels`);
    await hydrated(page);
    await expectAccessible(page);
    await page.getByRole("link", { name: "Ungdomspanelet" }).click();
    await page.waitForURL(/\/vadso\/panels\/ungdom$/);
    await expectAccessible(page);
    await tabTo(page, "#name");
    expect(await page.inputValue("#name")).toBe("Sara Nilsen");
    await tabTo(page, "input[name=c0]");
    await page.keyboard.press("Space"); // Jente
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe("c1");
    await page.keyboard.press("ArrowDown"); // Videregående
    await tabTo(page, "#consent");
    await page.keyboard.press("Space");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Meld meg på");
    await page.keyboard.press("Enter");
    await page.getByRole("status").getByText("Takk! Du er med i utvalget.").waitFor();
    await expectAccessible(page);
    const panel = (await getPanelByKey(server.deps.db.db, tenantId, "ungdom"))!;
    const deps = { ...server.deps };

    // Staff see the pool change live (no reload): the sign-up above, then four more.
    await admin.getByText("1 frivillige i utvalget.").waitFor();
    const more = [
      { Kjønn: "Jente", Skole: "Ungdomsskole" },
      { Kjønn: "Gutt", Skole: "Ungdomsskole" },
      { Kjønn: "Gutt", Skole: "Videregående" },
      { Kjønn: "Jente", Skole: "Ungdomsskole" },
      { Kjønn: "Gutt", Skole: "Videregående" },
    ];
    for (const [i, profile] of more.entries()) {
      const p = await createTestPerson(server.deps);
      const r = await joinPool(deps, p.personId, {
        tenantId,
        panelId: panel.id,
        name: `Frivillig ${i}`,
        profile,
        consent: true,
      });
      expect(r.ok).toBe(true);
    }
    await admin.getByText("6 frivillige i utvalget.").waitFor();

    // The draw: the request returns at once; the page shows the result when the job finishes.
    await admin.getByLabel("Frø (valgfritt)").fill("ungdom-2026");
    await admin.getByRole("button", { name: "Start trekningen" }).click();
    await admin.getByText("Trekningen er ferdig").waitFor();
    await admin.getByRole("heading", { name: "Panelet", exact: true }).waitFor();
    await expectAccessible(admin);
    await admin.getByRole("button", { name: "Publiser trekningsrapporten" }).click();
    await admin.getByRole("link", { name: "Den publiserte trekningsrapporten" }).waitFor();

    // The audit, keyboard-only: open the full list of probabilities.
    await page.goto(`${server.url}/vadso/panels/ungdom/audit`);
    await hydrated(page);
    await expectAccessible(page);
    await page.getByText("ungdom-2026", { exact: true }).waitFor();
    await tabTo(page, "summary");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.querySelector("details")!.open)).toBe(true);
    expect(await page.locator("pre code").textContent()).toContain("--seed 'ungdom-2026'");
    await expectAccessible(page);

    // A survey to the panel; a seated member answers it with the keyboard only.
    await admin.goto(`${server.url}/vadso/admin/panels/ungdom`);
    await hydrated(admin);
    await admin.getByLabel("Undersøkelsens tittel").fill("Skolevei");
    await admin.locator("#surveyKey").fill("skolevei");
    await admin
      .getByLabel("Spørsmål, ett per linje")
      .fill(
        "single: Hvordan kommer du deg til skolen? | Går; Sykler; Buss\nscale 1-5: Hvor trygg er skoleveien?\nmatrix: Hvor enig er du? | Enig; Uenig | Flere gangfelt; Lavere fart\ntext: Noe annet?",
      );
    await admin.getByRole("button", { name: "Opprett undersøkelsen" }).click();
    await admin.getByRole("button", { name: "Send Skolevei til panelet" }).click();
    await admin.getByText("0 av 4 har svart (0 %).").waitFor();
    await expectAccessible(admin);
    const seated = (
      await server.deps.db.rows<{ person_id: string }>(
        sql`select p.person_id from panel_members m join panel_pool_members p on p.id = m.pool_member_id where m.status = 'active' and p.person_id is not null`,
      )
    ).map((r) => r.person_id);
    const memberContext = await browser.newContext({ locale: "nb-NO" });
    await (await sessionFor(server, seated[0]!)).signInBrowser(memberContext);
    const member = await memberContext.newPage();
    const memberWatch = watchPage(member);
    await member.goto(`${server.url}/vadso/panels/ungdom/surveys/skolevei`);
    await hydrated(member);
    await expectAccessible(member);
    await tabTo(member, "input[name=q1]");
    await member.keyboard.press("ArrowDown"); // Sykler
    await tabTo(member, "input[name=q2]");
    await member.keyboard.press("ArrowRight"); // 2
    await member.keyboard.press("ArrowRight"); // 3
    await tabTo(member, "input[name='q3.0']");
    await member.keyboard.press("Space"); // Enig
    await tabTo(member, "textarea[name=q4]");
    await member.keyboard.type("Lys i undergangen");
    await tabTo(member, "button[type=submit]");
    await member.keyboard.press("Enter");
    await member.getByRole("status").getByText("Takk for svarene dine!").waitFor();
    await expectAccessible(member);

    // Staff read the results (raw and weighted).
    await admin.goto(`${server.url}/vadso/admin/panels/ungdom/surveys/skolevei`);
    await admin.getByText("1 av 4 har svart (25 %).").waitFor();
    await admin.getByRole("heading", { level: 1, name: "Resultater av undersøkelsen: Skolevei" }).waitFor();
    await admin.getByText("Lys i undergangen").waitFor();
    await expectAccessible(admin);

    expect(adminWatch.errors).toEqual([]);
    expect(residentWatch.errors).toEqual([]);
    expect(memberWatch.errors).toEqual([]);
    await staffContext.close();
    await residentContext.close();
    await memberContext.close();
  }, 180_000);
});
