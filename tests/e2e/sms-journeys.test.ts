import { sql } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInAs } from "#tests/setup/auth.ts";
import { expectAccessible, launchBrowser, routerIdle, watchPage } from "#tests/setup/browser.ts";
import { expectNoTranslationKeys } from "#tests/setup/keys.ts";
import { startTestServer } from "#tests/setup/server.ts";

// Issue 18 in Chromium: staff start the SMS ballot of the PB round from the round's own page
// (not by knowing the SMS page), the composer opens with "a reply is a vote in this round"
// chosen, they send it, and the campaign page lists the resident's reply as it arrives (over
// the socket, no reload): what was written, how it was read, what we answered.
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
beforeAll(async () => {
  server = await startTestServer({ env: { MEDVIRK_DEMO_STAFF: "1", MEDVIRK_DEV_INBOX: "1" } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("an SMS journey started from the page where staff work", () => {
  it("the PB round's staff page starts the SMS ballot; the reply shows on the campaign page, read and answered", async () => {
    const admin = await signInAs(server, { tenant: "vadso", role: "admin" });
    const context = await browser.newContext({ locale: "nb-NO", viewport: { width: 1280, height: 800 } });
    await admin.signInBrowser(context);
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}/vadso/admin`);
    await routerIdle(page);
    await page
      .getByRole("navigation", { name: "Dette kan du gjøre" })
      .getByRole("link", { name: "Deltakende budsjettering", exact: true })
      .click();
    await page.waitForURL(`${server.url}/vadso/admin/budgeting`);
    await page
      .getByRole("link", { name: /Nabolagsmidler/ })
      .first()
      .click();
    await page.waitForURL(/\/vadso\/admin\/budgeting\/nabolagsmidler-2027$/);
    await page.getByRole("link", { name: "Send stemmeseddelen på SMS" }).click();
    await page.waitForURL(/\/vadso\/admin\/sms\?replies=pb:/);
    await routerIdle(page);
    const replies = page.getByLabel("Hva et svar på meldingen gjør");
    expect(await replies.locator("option:checked").textContent()).toMatch(/^Prosjektkoder .* er en stemme i «/);
    await expectNoTranslationKeys(page);

    const [proposal] = await server.deps.db.rows<{ code: string }>(
      sql`select p.code from pb_proposals p join pb_rounds r on r.id = p.round_id where r.key = 'nabolagsmidler-2027' and p.status = 'feasible' order by p.code limit 1`,
    );
    await page.getByLabel("Navn på utsendingen").fill("Stemmeseddel nabolagsmidler");
    await page
      .getByLabel("Melding på Norsk bokmål")
      .fill("Hei {{name}}! Stem i nabolagsmidlene: svar med prosjektkodene.");
    await page.getByLabel(/^Mottakere/).fill("412 34 201,nb,Kari");
    await page.getByLabel(/^Haster/).check(); // past quiet hours, whatever the hour the test runs
    await page.getByRole("button", { name: "Send" }).click();
    await page.getByRole("status").getByText("1 meldinger er lagt i køen.").waitFor();
    await page.getByRole("link", { name: "Framdrift" }).click();
    await page.waitForURL(/\?c=[0-9a-f-]+$/);
    await routerIdle(page);
    const list = page.getByTestId("campaign-replies");
    expect(await list.textContent()).toContain("Ingen svar ennå.");
    await expectAccessible(page);

    // Kari answers from her phone (the dev inbox stands in for it).
    const inbox = await context.newPage();
    const kari = inbox.locator('li[data-kind=sms][data-to="+4741234201"]');
    for (let i = 0; i < 100 && (await kari.count()) === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      await inbox.goto(`${server.url}/dev/inbox`);
    }
    await kari.getByLabel("Svar fra +4741234201").fill(proposal!.code);
    await kari.getByRole("button", { name: "Send svar" }).click();
    await inbox.getByRole("status").getByText("Svaret er mottatt som innkommende SMS.").waitFor();

    // The campaign page, untouched, lists the reply: masked number, the text, how it was read, our answer.
    const row = list.locator("tbody tr").filter({ hasText: proposal!.code });
    await row.waitFor();
    const cells = await row.locator("td").allTextContents();
    expect(cells[1]).toBe("+47•••••201"); // masked
    expect(cells[2]).toBe(proposal!.code);
    expect(cells[3]).toBe("Svar, forstått og registrert");
    expect(cells[4]).not.toBe("–");
    await expectNoTranslationKeys(page);
    await expectAccessible(page);
    // On a phone the list scrolls in its own box; the page does not scroll sideways.
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: "tmp/screenshots/sms-campaign-360.png", fullPage: true });
    await expectAccessible(page);
    expect(watch.errors).toEqual([]);
    await context.close();
  });
});
