import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInAs } from "#tests/setup/auth.ts";
import { expectAccessible, launchBrowser, routerIdle, watchPage } from "#tests/setup/browser.ts";
import { startTestServer } from "#tests/setup/server.ts";

// SMS in a real browser, without JavaScript (plain forms): staff compose a
// bilingual nb/se campaign, see the UCS-2 warning and the segment counts, and
// send it; the dev inbox (embedded `inbox` transport) shows the message; a
// reply typed there arrives as an inbound SMS. axe on every page.
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

describe("SMS campaigns and the dev inbox in the browser", () => {
  it("compose nb/se, see UCS-2 and segments, send; the inbox shows it; a reply typed there arrives", async () => {
    const staff = await signInAs(server, { tenant: "vadso", role: "secretary" });
    const context = await browser.newContext({ locale: "nb-NO", javaScriptEnabled: false });
    await staff.signInBrowser(context);
    const page = await context.newPage();
    const watch = watchPage(page);

    await page.goto(`${server.url}/vadso/admin/sms`);
    await expectAccessible(page, { javaScriptEnabled: false });
    await page.getByLabel("Navn på utsendingen").fill("Folkemøte");
    await page
      .getByLabel("Melding på Norsk bokmål")
      .fill("Hei {{name}}! Folkemøte om skolen i kveld kl. 19 på rådhuset.");
    await page
      .getByLabel("Melding på Davvisámegiella")
      .fill("Bures {{name}}! Álbmotčoahkkin skuvlla birra odne eahkes diibmu 19 gielddaviesus.");
    // Besides the CSV list, the groups Medvirk already has are offered (none chosen here).
    expect(
      await page.getByLabel("Send også til (i tillegg til CSV-listen)").locator("option").first().textContent(),
    ).toBe("Ingen – bare CSV-listen");
    await page.getByLabel(/^Mottakere/).fill("412 34 001,nb,Kari\n412 34 002,se,Máret\n12,nb,Feil");
    await page.getByLabel(/^Haster/).check();
    await page.getByRole("button", { name: "Vis tegn og segmenter" }).click();

    const nb = page.locator("li[data-lang=nb]");
    const se = page.locator("li[data-lang=se]");
    await expect.poll(() => nb.textContent()).toContain("GSM-7 · 1 segmenter · 1 mottakere");
    expect(await se.textContent()).toContain("UCS-2 · 2 segmenter · 1 mottakere");
    expect(await se.textContent()).toMatch(/Tegn utenfor GSM-7 \(.*č.*\) gjør at meldingen sendes som UCS-2/);
    expect(await nb.textContent()).not.toContain("UCS-2");
    expect(await page.getByText("Linje 3: «12» – ugyldig telefonnummer").count()).toBe(1);
    await expectAccessible(page, { javaScriptEnabled: false });

    // Sending is refused until staff confirm the invalid line.
    await page.getByRole("button", { name: "Send" }).click();
    await page.getByRole("alert").getByText("Noen linjer er ugyldige").waitFor();
    await page.getByLabel(/^Send til de gyldige linjene/).check();
    await page.getByRole("button", { name: "Send" }).click();
    await page.getByRole("status").getByText("2 meldinger er lagt i køen.").waitFor();
    await expectAccessible(page, { javaScriptEnabled: false });

    // The dev inbox shows the messages (the in-process worker delivered them through the inbox transport).
    const inbox = await context.newPage();
    const kari = inbox.locator('li[data-kind=sms][data-to="+4741234001"]');
    for (let i = 0; i < 100 && (await kari.count()) === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      await inbox.goto(`${server.url}/dev/inbox`);
    }
    expect(await kari.locator("pre").textContent()).toBe("Hei Kari! Folkemøte om skolen i kveld kl. 19 på rådhuset.");
    await expectAccessible(inbox, { javaScriptEnabled: false });

    // A reply typed there, as if from Kari's phone, arrives as an inbound SMS (and gets our answer).
    await kari.getByLabel("Svar fra +4741234001").fill("Hjelp");
    await kari.getByRole("button", { name: "Send svar" }).click();
    await inbox.getByRole("status").getByText("Svaret er mottatt som innkommende SMS.").waitFor();
    const received = inbox.locator('li[data-kind=smsIn][data-to="+4741234001"]');
    expect(await received.locator("pre").textContent()).toBe("Hjelp");
    expect(await received.textContent()).toContain("Tolket som: help");
    await expectAccessible(inbox, { javaScriptEnabled: false });
    // The only console error is the browser noting the 400 of the refused send (a form error page, by design).
    expect(watch.errors).toEqual(["Failed to load resource: the server responded with a status of 400 (Bad Request)"]);
  });

  it("with JavaScript the composer counts as you type and flags UCS-2 for Sami letters", async () => {
    const staff = await signInAs(server, { tenant: "vadso", role: "secretary" });
    const context = await browser.newContext({ locale: "nb-NO" });
    await staff.signInBrowser(context);
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}/vadso/admin/sms`);
    await routerIdle(page);
    await page.getByLabel("Melding på Norsk bokmål").pressSequentially("Hei {{name}}, møte i kveld.");
    await expect.poll(() => page.locator("output[data-live-count=nb]").textContent()).toContain("GSM-7 · 1 segmenter");
    await page.getByLabel("Melding på Davvisámegiella").pressSequentially("Bures, čoahkkin odne.");
    await expect.poll(() => page.locator("output[data-live-count=se]").textContent()).toContain("UCS-2 · 1 segmenter");
    expect(await page.locator("output[data-live-count=se]").textContent()).toContain("č");
    await expectAccessible(page);
    expect(watch.errors).toEqual([]);
  });
});
