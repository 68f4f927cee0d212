import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInAs } from "#tests/setup/auth.ts";
import { expectAccessible, launchBrowser, watchPage } from "#tests/setup/browser.ts";
import { startTestServer } from "#tests/setup/server.ts";

// The staff start page (/:tenant/admin): each role sees only the sections it
// may use; it passes axe and is used by keyboard alone; another municipality's
// admin gets a 403, a resident too.
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

describe("the staff start page", () => {
  it("shows an administrator every section, passes axe and works by keyboard", async () => {
    const admin = await signInAs(server, { tenant: "vadso", role: "admin" });
    const context = await browser.newContext({ locale: "nb-NO" });
    await admin.signInBrowser(context);
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}/vadso/admin`);
    const nav = page.getByRole("navigation", { name: "Dette kan du gjøre" });
    for (const name of ["Møter", "Saker", "Organer", "Innbyggerpaneler", "Ansatte og tilgang", "Revisjonslogg"])
      expect(await nav.getByRole("link", { name, exact: true }).isVisible()).toBe(true);
    await expectAccessible(page);
    // Keyboard: Tab until the "Saker" link has focus, then Enter follows it.
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      // (the municipality's menu in the header has a public "Saker" too: stop at the staff one)
      const focused = await page.evaluate(() => ({
        text: document.activeElement?.textContent,
        href: document.activeElement?.getAttribute("href"),
      }));
      if (focused.text === "Saker" && focused.href === "/vadso/admin/cases") break;
    }
    await Promise.all([page.waitForURL(`${server.url}/vadso/admin/cases`), page.keyboard.press("Enter")]);
    expect(watch.errors).toEqual([]);
    await context.close();
  });

  it("shows a moderator only what a moderator may use", async () => {
    const mod = await signInAs(server, { tenant: "vadso", role: "moderator" });
    const r = await mod.fetch("/vadso/admin");
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain('href="/vadso/admin/meetings"');
    for (const hidden of [
      "/vadso/admin/bodies",
      "/vadso/admin/panels",
      "/vadso/admin/staff",
      "/vadso/admin/audit",
      "/vadso/admin/cases",
    ])
      expect(html).not.toContain(`href="${hidden}"`);
  });

  it("refuses a resident and another municipality's administrator", async () => {
    const resident = await signInAs(server, { role: "resident" });
    expect((await resident.fetch("/vadso/admin")).status).toBe(403);
    const foreign = await signInAs(server, { tenant: "tromso", role: "admin" });
    expect((await foreign.fetch("/vadso/admin")).status).toBe(403);
    expect((await foreign.fetch("/tromso/admin")).status).toBe(200);
  });
});
