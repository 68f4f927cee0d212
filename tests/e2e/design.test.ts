import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInAs } from "#tests/setup/auth.ts";
import { expectAccessible, launchBrowser } from "#tests/setup/browser.ts";
import { expectNoTranslationKeys } from "#tests/setup/keys.ts";
import { startTestServer } from "#tests/setup/server.ts";

// Issue 19 in Chromium: the pages on Designsystemet pass axe and fit a phone
// and a laptop; the language menu works by keyboard; a brand colour without
// enough contrast is refused, a good one colours the pages.
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
beforeAll(async () => {
  // With the demo's staff and processes (a PB round open for voting, a consultation, a panel).
  server = await startTestServer({ env: { MEDVIRK_DEMO_STAFF: "1" } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** With MEDVIRK_SCREENSHOTS=<folder>, each checked page is also saved there (to look at the design). */
async function shot(page: Page, width: number): Promise<void> {
  const dir = process.env.MEDVIRK_SCREENSHOTS;
  if (!dir) return;
  const name = new URL(page.url()).pathname.replace(/[^a-z0-9]+/gi, "_");
  await page.screenshot({ path: `${dir}/${name}-${width}.png`, fullPage: true });
}

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

const PUBLIC_PAGES = ["/vadso", "/vadso/tilgjengelighet", "/vadso/personvern", "/vadso/cases", "/vadso/bodies"];

describe("pages at 360 and 1280 px", () => {
  for (const width of [360, 1280]) {
    it(`pass axe, show no translation key and do not scroll sideways at ${width} px`, async () => {
      const ctx = await browser.newContext({ viewport: { width, height: 800 }, locale: "nb-NO" });
      const page = await ctx.newPage();
      for (const path of PUBLIC_PAGES) {
        await page.goto(server.url + path);
        expect(await overflow(page), `${path} at ${width}px`).toBeLessThanOrEqual(0);
        await expectNoTranslationKeys(page);
        await expectAccessible(page);
      }
      // The consultation and the PB round, reached from the home page's cards.
      for (const name of ["Hvor føler du deg utrygg i trafikken?", "Nabolagsmidler 2027"]) {
        await page.goto(`${server.url}/vadso`);
        await Promise.all([page.waitForURL((u) => u.pathname !== "/vadso"), page.getByRole("link", { name }).click()]);
        expect(await overflow(page), `${page.url()} at ${width}px`).toBeLessThanOrEqual(0);
        await expectNoTranslationKeys(page);
        await expectAccessible(page);
      }
      // Every page of the municipality has the footer with the legal pages.
      await page.goto(`${server.url}/vadso`);
      const footer = page.locator("footer");
      await expect(footer.getByRole("link", { name: "Tilgjengelighetserklæring" }).count()).resolves.toBe(1);
      await expect(footer.getByRole("link", { name: "Personvernerklæring" }).count()).resolves.toBe(1);
      // Staff pages of the identity, signed in as the municipality's administrator.
      const admin = await signInAs(server, { tenant: "vadso", role: "admin" });
      await admin.signInBrowser(ctx);
      for (const path of ["/vadso/admin/identity", "/vadso/tilgjengelighet", "/vadso/personvern"]) {
        await page.goto(server.url + path);
        expect(await overflow(page), `${path} (staff) at ${width}px`).toBeLessThanOrEqual(0);
        await shot(page, width);
        await expectNoTranslationKeys(page);
        await expectAccessible(page);
      }
      // Signed in, the consultation shows its forms (questions, comment, about you).
      await page.goto(`${server.url}/vadso`);
      await Promise.all([
        page.waitForURL(/consultations/),
        page.getByRole("link", { name: "Hvor føler du deg utrygg i trafikken?" }).click(),
      ]);
      await page.locator("#comment-form").waitFor();
      expect(await overflow(page), `consultation (signed in) at ${width}px`).toBeLessThanOrEqual(0);
      await expectNoTranslationKeys(page);
      await expectAccessible(page);
      await shot(page, width);
      await ctx.close();
    });
  }
});

describe("language menu", () => {
  it("opens, chooses a language and closes by keyboard alone", async () => {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: "nb-NO" });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/vadso`);
    // Tab from the top: skip link, home link, then the language menu.
    const summary = page.locator(".lang-menu > summary");
    for (let i = 0; i < 6 && !(await summary.evaluate((el) => el === document.activeElement)); i++)
      await page.keyboard.press("Tab");
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press("Enter");
    expect(await page.locator(".lang-menu").evaluate((el) => (el as HTMLDetailsElement).open)).toBe(true);
    // The current language first, then the others: Tab to Nynorsk and choose it.
    const nynorsk = page.getByRole("button", { name: "Norsk nynorsk" });
    for (let i = 0; i < 10 && !(await nynorsk.evaluate((el) => el === document.activeElement)); i++)
      await page.keyboard.press("Tab");
    await Promise.all([page.waitForURL(/\/vadso$/), page.keyboard.press("Enter")]);
    await page.waitForLoadState("load");
    expect(await page.locator("html").getAttribute("lang")).toBe("nn");
    expect(await page.locator(".lang-menu > summary").innerText()).toContain("Norsk nynorsk");
    await expectNoTranslationKeys(page);
    await ctx.close();
  });
});

describe("the municipality's brand colour", () => {
  it("refuses a colour without enough contrast, with a message by the field; a dark one colours every page", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "nb-NO" });
    const admin = await signInAs(server, { tenant: "vadso", role: "admin" });
    await admin.signInBrowser(ctx);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/vadso/admin/identity`);
    await page.getByLabel("Profilfarge").fill("#7fb2e5");
    await page.getByRole("button", { name: "Lagre" }).click();
    const message = page.locator("#brandColor-error");
    await message.waitFor();
    expect(await message.innerText()).toMatch(/kontrast 2,\d+:1 mot hvitt; den må ha minst 4,5:1/);
    expect(await page.getByLabel("Profilfarge").getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(page);

    await page.getByLabel("Profilfarge").fill("#0b6a3a");
    await Promise.all([page.waitForURL(/saved/), page.getByRole("button", { name: "Lagre" }).click()]);
    await page.goto(`${server.url}/vadso`);
    const accent = await page.evaluate(() =>
      getComputedStyle(document.documentElement).getPropertyValue("--ds-color-accent-base-default").trim(),
    );
    expect(accent).toBe("#0b6a3a");
    await expectAccessible(page);
    await ctx.close();
  });
});

describe("the ballot's budget bar", () => {
  const VOTE = "/vadso/budgeting/nabolagsmidler-2027/vote"; // the demo's knapsack round: 500 000 kr
  const share = (page: Page) => page.getByTestId("budget-bar-fill").getAttribute("data-share");

  it("follows each choice with JavaScript, and turns to the danger colour over the budget", async () => {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: "nb-NO" });
    const resident = await signInAs(server, { tenant: "vadso", role: "resident", level: "phone" });
    await resident.signInBrowser(ctx);
    const page = await ctx.newPage();
    await page.goto(server.url + VOTE);
    expect(await share(page)).toBe("0.00");
    await page.getByLabel(/Gatelys langs skoleveien i Kiby/).check();
    await expect.poll(() => share(page)).toBe("36.00"); // 180 000 of 500 000
    await page.getByLabel(/Ny lekeplass ved Vadsø skole/).check();
    await expect.poll(() => share(page)).toBe("86.00");
    expect(await page.locator(".budget-bar").getAttribute("data-over")).toBeNull();
    await page.getByLabel(/Gapahuk ved Store Vadsøya/).check();
    await expect.poll(() => share(page)).toBe("104.00");
    expect(await page.locator(".budget-bar").getAttribute("data-over")).toBe("true");
    expect(await page.locator("#running-total").textContent()).toContain("20\u00a0000\u00a0kr over budsjettet");
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page);
    await ctx.close();
  });

  it("is drawn by the server from the posted ballot without JavaScript", async () => {
    const ctx = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 360, height: 800 },
      locale: "nb-NO",
    });
    const resident = await signInAs(server, { tenant: "vadso", role: "resident", level: "phone" });
    await resident.signInBrowser(ctx);
    const page = await ctx.newPage();
    await page.goto(server.url + VOTE);
    expect(await share(page)).toBe("0.00");
    await page.getByLabel(/Gatelys langs skoleveien i Kiby/).check();
    await page.getByLabel(/Benker og søppelkasser/).check();
    await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: "Oppdater summen" }).click()]);
    await page.locator("#running-total").waitFor();
    expect(await share(page)).toBe("48.00"); // 240 000 of 500 000
    expect(await page.locator("#running-total").textContent()).toContain("260\u00a0000\u00a0kr igjen");
    await expectAccessible(page, { javaScriptEnabled: false });
    await ctx.close();
  });
});
