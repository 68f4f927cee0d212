import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, launchBrowser, routerIdle, watchPage } from "#tests/setup/browser.ts";
import { startTestServer } from "#tests/setup/server.ts";

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

for (const javaScriptEnabled of [true, false]) {
  describe(`a newcomer finds Kautokeino and changes language (JavaScript ${javaScriptEnabled ? "on" : "off"})`, () => {
    it("works with the keyboard, in Sami and in Arabic, and axe finds nothing", async () => {
      const context = await browser.newContext({ javaScriptEnabled, locale: "nb-NO" });
      const page = await context.newPage();
      const watch = watchPage(page);
      await page.goto(`${server.url}/`);
      expect(await page.locator("html").getAttribute("lang")).toBe("nb");
      await expect.poll(() => page.locator("h1").textContent()).toBe("Finn din kommune");
      if (javaScriptEnabled) await routerIdle(page);
      await expectAccessible(page, { javaScriptEnabled });

      // Keyboard only: skip link, then into the search field.
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Gå til hovedinnhold");
      await page.getByLabel("Søk etter kommune, kommunenummer eller fylke").focus();
      await page.keyboard.type("Guovdageaidnu");
      await page.keyboard.press("Enter");
      await page.waitForURL(/q=Guovdageaidnu/);
      const link = page.getByRole("link", { name: "Guovdageaidnu - Kautokeino" });
      await link.waitFor();
      await expect.poll(() => page.getByText("Antall treff: 1").count()).toBe(1);
      await expectAccessible(page, { javaScriptEnabled });
      await link.focus();
      await page.keyboard.press("Enter");
      await page.waitForURL(`${server.url}/kautokeino`);
      await page.getByRole("heading", { level: 1, name: "Guovdageaidnu - Kautokeino" }).waitFor();
      await expectAccessible(page, { javaScriptEnabled });

      // Sami is offered prominently here, beside the notice that says so in Sami; choose it.
      await page.locator(".sami-offer").getByRole("button", { name: "Davvisámegiella" }).click();
      await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("se");
      await page.getByRole("heading", { name: "Boahttevaš čoahkkimat" }).waitFor();
      expect(await page.locator("html").getAttribute("dir")).toBe("ltr");
      // The language menu is one control naming the current language; it opens by keyboard.
      const languages = page.locator("summary", { hasText: "Davvisámegiella" });
      await languages.focus();
      await page.keyboard.press("Enter");
      expect(await page.getByRole("button", { name: "Davvisámegiella" }).getAttribute("aria-current")).toBe("true");
      await expectAccessible(page, { javaScriptEnabled });

      // Arabic: right to left, chosen in the open menu by keyboard.
      await page.getByRole("button", { name: "العربية" }).focus();
      await page.keyboard.press("Enter");
      await expect.poll(() => page.locator("html").getAttribute("dir")).toBe("rtl");
      expect(await page.locator("html").getAttribute("lang")).toBe("ar");
      await page.getByRole("heading", { name: "الاجتماعات القادمة" }).waitFor();
      await expectAccessible(page, { javaScriptEnabled });

      // The choice sticks across pages.
      await page.goto(`${server.url}/`);
      expect(await page.locator("html").getAttribute("lang")).toBe("ar");
      expect(watch.errors).toEqual([]);
      await context.close();
    });
  });
}

describe("other pages", () => {
  it("the demo municipality and a translated 404 page pass axe", async () => {
    const context = await browser.newContext({ locale: "nb-NO" });
    const page = await context.newPage();
    await page.goto(`${server.url}/vadso`);
    await page.getByRole("heading", { name: "Kommende møter" }).waitFor();
    expect(await page.getByText("Unntatt offentlighet").count()).toBe(1);
    await expectAccessible(page);
    const r = await page.goto(`${server.url}/ingen-slik-kommune`);
    expect(r?.status()).toBe(404);
    await page.getByRole("heading", { name: "Fant ikke siden" }).waitFor();
    await expectAccessible(page);
    await context.close();
  });
});
