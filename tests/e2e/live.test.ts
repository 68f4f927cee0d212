import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInAs, type TestSession } from "#tests/setup/auth.ts";
import { expectAccessible, launchBrowser, watchPage } from "#tests/setup/browser.ts";
import { startTestServer } from "#tests/setup/server.ts";
import { liveMeeting, SECRET_TITLE } from "../integration/live-setup.ts";

// Issue 9 in Chromium: the secretary drives the meeting in one browser
// context, a resident follows it in another, without reloading.
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let m: Awaited<ReturnType<typeof liveMeeting>>;
let sec: TestSession;
beforeAll(async () => {
  server = await startTestServer({ demo: false });
  browser = await launchBrowser();
  m = await liveMeeting(server.deps);
  sec = await signInAs(server, { tenant: "vadso", role: "secretary", bodyIds: [m.bodyId] });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("live meeting with JavaScript", () => {
  it("the secretary moves to the next item and the public page updates without reload; axe finds nothing", async () => {
    const pub = await (await browser.newContext({ locale: "nb-NO" })).newPage();
    const pubWatch = watchPage(pub);
    await pub.goto(`${server.url}/vadso/meetings/${m.meetingId}/live`);
    await pub.getByText("Siden oppdateres av seg selv.").waitFor();
    await pub.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
    expect(await pub.getByTestId("live-status").textContent()).toContain("Møtet har ikke startet");
    await expectAccessible(pub);

    const secContext = await browser.newContext({ locale: "nb-NO" });
    await sec.signInBrowser(secContext);
    const con = await secContext.newPage();
    const conWatch = watchPage(con);
    await con.goto(`${server.url}/vadso/meetings/${m.meetingId}/console`);
    await con.getByText("Siden oppdateres av seg selv.").waitFor();
    await expectAccessible(con);

    await con.getByRole("button", { name: "Sett møtet" }).click();
    await expect.poll(() => pub.getByTestId("live-status").textContent()).toContain("Møtet pågår");
    await con.getByRole("button", { name: "Behandle nå Sak 2026/1: Budsjett for skoler" }).click();
    await expect.poll(() => pub.getByTestId("live-current").textContent()).toContain("Sak 2026/1: Budsjett for skoler");
    // The live region announced it.
    await expect
      .poll(() => pub.getByTestId("live-announce").textContent())
      .toBe("Siste: Nå behandles Sak 2026/1: Budsjett for skoler.");
    expect(await pub.getByTestId("live-announce").getAttribute("aria-live")).toBe("polite");

    // Speakers and the next item, then the closed item: the public page says only "closed".
    await con.getByLabel("Navn").fill("Kari Nordmann");
    await con.getByRole("button", { name: "Sett på talerlisten" }).click();
    await expect.poll(() => pub.locator("#live-floor-h + p + h3 + ol").textContent()).toContain("Kari Nordmann");
    // Kari gets the floor: the public page shows her speaking time counting (a timer, not announced each second).
    await con.getByRole("button", { name: "Gi ordet til nestemann" }).click();
    await expect.poll(() => pub.getByRole("timer").textContent()).toMatch(/^Taletid \d+:\d\d$/);
    expect(await pub.getByRole("timer").getAttribute("aria-live")).toBe("off");
    await expectAccessible(pub);
    await con.getByRole("button", { name: `Behandle nå Sak 2026/2: ${SECRET_TITLE}` }).click();
    await expect.poll(() => pub.getByTestId("live-current").textContent()).toContain("unntatt offentlighet");
    expect(await pub.content()).not.toContain(SECRET_TITLE);

    expect(await pub.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    await expectAccessible(pub);
    await expectAccessible(con);
    expect(pubWatch.errors).toEqual([]);
    expect(conWatch.errors).toEqual([]);

    // The municipality home says "live now".
    const home = await (await browser.newContext({ locale: "nb-NO" })).newPage();
    await home.goto(`${server.url}/vadso`);
    await home.getByRole("link", { name: "Følg møtet i Planutvalget" }).click();
    await home.waitForURL(new RegExp(`/meetings/${m.meetingId}/live$`));
    await expectAccessible(home);
    await Promise.all([pub.context().close(), secContext.close(), home.context().close()]);
  });
});

describe("live meeting without JavaScript", () => {
  it("the console's forms work as plain posts and the public page shows the change on reload", async () => {
    const secContext = await browser.newContext({ locale: "nb-NO", javaScriptEnabled: false });
    await sec.signInBrowser(secContext);
    const con = await secContext.newPage();
    await con.goto(`${server.url}/vadso/meetings/${m.meetingId}/console`);
    await con.getByRole("button", { name: "Behandle nå Referatsaker" }).click();
    await con.waitForLoadState();
    expect(await con.locator('li[aria-current="step"]').textContent()).toContain("Referatsaker");
    // A stale form (another console moved on) is refused with a translated message, nothing lost.
    const stale = await browser.newContext({ locale: "nb-NO", javaScriptEnabled: false });
    await sec.signInBrowser(stale);
    const old = await stale.newPage();
    await old.goto(`${server.url}/vadso/meetings/${m.meetingId}/console`);
    await con.getByLabel("Navn").fill("Ola");
    await con.getByRole("button", { name: "Sett på talerlisten" }).click();
    await con.waitForLoadState();
    await old.getByLabel("Navn").fill("Per Persen");
    await old.getByRole("button", { name: "Sett på talerlisten" }).click();
    await old.waitForLoadState();
    expect(await old.getByTestId("console-message").textContent()).toContain("Noen andre endret møtet samtidig");
    expect(await old.getByLabel("Navn").inputValue()).toBe("Per Persen");
    await expectAccessible(old, { javaScriptEnabled: false });

    const pub = await (await browser.newContext({ locale: "nb-NO", javaScriptEnabled: false })).newPage();
    await pub.goto(`${server.url}/vadso/meetings/${m.meetingId}/live`);
    expect(await pub.getByTestId("live-current").textContent()).toContain("Referatsaker");
    expect(await pub.getByRole("link", { name: "Oppdater siden" }).count()).toBe(1);
    await expectAccessible(pub, { javaScriptEnabled: false });

    // The draft minutes: built from the timeline, edited and saved as a plain form.
    const minutes = await secContext.newPage();
    await minutes.goto(`${server.url}/vadso/meetings/${m.meetingId}/minutes`);
    const draft = await minutes.getByLabel("Møtebok (ren tekst)").inputValue();
    expect(draft).toContain("Møtebok – Planutvalget");
    expect(draft).not.toContain(SECRET_TITLE);
    await minutes.getByLabel("Møtebok (ren tekst)").fill(`${draft}\nTil stede: alle.`);
    await minutes.getByRole("button", { name: "Lagre utkastet" }).click();
    await minutes.waitForLoadState();
    expect(await minutes.getByTestId("minutes-message").textContent()).toBe("Utkastet er lagret.");
    expect(await minutes.getByLabel("Møtebok (ren tekst)").inputValue()).toContain("Til stede: alle.");
    await expectAccessible(minutes, { javaScriptEnabled: false });
    await Promise.all([secContext.close(), stale.close(), pub.context().close()]);
  });
});
