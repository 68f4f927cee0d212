import { and, eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodies, meetings } from "#db/schema/index.ts";
import { createTestPerson } from "#tests/setup/auth.ts";
import { expectAccessible, launchBrowser, routerIdle, watchPage } from "#tests/setup/browser.ts";
import { startTestServer } from "#tests/setup/server.ts";

// Issue 3, browser: a resident signs in with an e-mail code read from the dev
// inbox (with JavaScript and without), by keyboard, and every page on the way
// passes axe; a secretary limited to one body signs in the same way and sees
// only that body's meetings in the admin pages.
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
beforeAll(async () => {
  server = await startTestServer({ env: { MEDVIRK_DEV_INBOX: "1" } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function keyboardType(page: Page, label: string | RegExp, text: string) {
  await page.getByLabel(label).focus();
  await page.keyboard.type(text);
}

/** Reads the newest code sent to `email` from /dev/inbox, in a second tab, as a developer would. */
async function codeFromInbox(page: Page, email: string, js: boolean): Promise<string> {
  const inbox = await page.context().newPage();
  await inbox.goto(`${server.url}/dev/inbox`);
  if (js) await routerIdle(inbox);
  await expectAccessible(inbox, { javaScriptEnabled: js });
  const item = inbox.locator("li", { hasText: email }).first();
  const code = /\b(\d{6})\b/.exec(await item.innerText())?.[1];
  await inbox.close();
  expect(code).toMatch(/^\d{6}$/);
  return code!;
}

/** The whole sign-in by keyboard: address → code from the inbox → back where the person started. */
async function signInThroughUi(page: Page, email: string, startAt: string, js: boolean): Promise<void> {
  await page.goto(`${server.url}${startAt}`);
  // Not signed in: sent to the sign-in page, which remembers where to go back to.
  await page.waitForURL(/\/signin\?returnTo=/);
  if (js) await routerIdle(page);
  await expectAccessible(page, { javaScriptEnabled: js });
  // A malformed address first: a translated field error, and what was typed is kept.
  await keyboardType(page, "E-postadresse eller mobilnummer", "ikke-en-adresse@");
  await page.keyboard.press("Enter");
  const field = page.getByLabel("E-postadresse eller mobilnummer");
  await expect.poll(() => field.getAttribute("aria-invalid")).toBe("true");
  expect(await field.inputValue()).toBe("ikke-en-adresse@");
  if (js) await routerIdle(page);
  await field.fill("");
  await keyboardType(page, "E-postadresse eller mobilnummer", email);
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/signin\/code/);
  await page.getByText(`Vi har sendt en kode til ${email}`).waitFor();
  if (js) await routerIdle(page);
  await expectAccessible(page, { javaScriptEnabled: js });
  const code = await codeFromInbox(page, email, js);
  await keyboardType(page, /^Kode \(6 siffer\)/, code);
  await page.keyboard.press("Enter");
  await page.waitForURL(`${server.url}${startAt}`);
}

describe("signing in with a one-time code", () => {
  for (const js of [true, false]) {
    it(`a resident signs in with an e-mail code from the dev inbox (JavaScript ${js ? "on" : "off"}), by keyboard, axe-clean`, async () => {
      const email = `beboer-${js ? "js" : "nojs"}@example.org`;
      const context = await browser.newContext({ javaScriptEnabled: js, locale: "nb-NO" });
      const page = await context.newPage();
      const watch = watchPage(page);
      await signInThroughUi(page, email, "/account", js);
      // My page shows the confirmed address; the session cookie is HttpOnly and SameSite=Lax.
      await page.getByText(email).first().waitFor();
      await expectAccessible(page, { javaScriptEnabled: js });
      const session = (await context.cookies()).find((c) => c.name === "medvirk_session");
      expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });
      expect(watch.errors).toEqual([]);
      await context.close();
    });
  }

  it("a secretary limited to one body signs in and sees only that body's meetings", async () => {
    const db = server.deps.db.db;
    const vadso = server.deps.tenants.bySlugOrAlias("vadso")!.municipality;
    const [own] = await db
      .select()
      .from(bodies)
      .where(and(eq(bodies.tenantId, vadso.id), eq(bodies.key, "eldreraad")));
    const [other] = await db
      .select()
      .from(bodies)
      .where(and(eq(bodies.tenantId, vadso.id), eq(bodies.key, "kommunestyre")));
    expect(own && other).toBeTruthy();
    const soon = new Date(server.deps.now().getTime() + 20 * 86_400_000);
    const [ownMeeting] = await db
      .insert(meetings)
      .values({ tenantId: vadso.id, bodyId: own!.id, key: "e2e-eldre", startsAt: soon })
      .returning();
    const [otherMeeting] = await db
      .insert(meetings)
      .values({ tenantId: vadso.id, bodyId: other!.id, key: "e2e-ks", startsAt: soon })
      .returning();
    const email = "sekretar-eldre@example.org";
    await createTestPerson(server.deps, { tenant: "vadso", role: "secretary", bodyIds: [own!.id], email });

    const context = await browser.newContext({ locale: "nb-NO" });
    const page = await context.newPage();
    const watch = watchPage(page);
    await signInThroughUi(page, email, "/vadso/admin/meetings", true);
    await routerIdle(page);
    await expectAccessible(page);
    // The list and the new-meeting form offer only the secretary's body.
    const table = page.getByRole("table");
    await table.getByRole("link").first().waitFor();
    const bodyCells = await table.locator("tbody tr td:nth-child(2)").allInnerTexts();
    expect(new Set(bodyCells)).toEqual(new Set(["Eldrerådet"]));
    expect(await page.locator("select#m-body option").allTextContents()).toEqual(["Eldrerådet"]);
    // Their meeting opens; another body's meeting is refused, also when typed into the address bar.
    expect((await page.goto(`${server.url}/vadso/admin/meetings/${ownMeeting!.id}`))!.status()).toBe(200);
    expect((await page.goto(`${server.url}/vadso/admin/meetings/${otherMeeting!.id}`))!.status()).toBe(403);
    // What a secretary may not use is not offered on the start page.
    await page.goto(`${server.url}/vadso/admin`);
    const nav = page.getByRole("navigation", { name: "Dette kan du gjøre" });
    expect(await nav.getByRole("link", { name: "Møter", exact: true }).isVisible()).toBe(true);
    for (const hidden of ["Ansatte og tilgang", "Revisjonslogg"])
      expect(await nav.getByRole("link", { name: hidden, exact: true }).count()).toBe(0);
    // The only console error is the browser reporting the refused page itself.
    expect(watch.errors).toEqual(["Failed to load resource: the server responded with a status of 403 (Forbidden)"]);
    await context.close();
  });
});
