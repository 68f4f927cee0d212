import { sql } from "drizzle-orm";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInAs } from "#tests/setup/auth.ts";
import { expectAccessible, launchBrowser, routerIdle, watchPage } from "#tests/setup/browser.ts";
import { expectNoTranslationKeys } from "#tests/setup/keys.ts";
import { startTestServer } from "#tests/setup/server.ts";

// Issue 17: each person gets from the front page to the end of what they came for by clicking
// only (no typed address after the first), in a real Chromium with JavaScript, so every step
// after the first is a client-side navigation: the page must never show a translation key.
// The server runs the full demo of `npm start` (MEDVIRK_DEMO_STAFF=1): the consultation, a PB
// round open for voting, a panel recruiting and budget priorities.
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

/** A page reached by a click: hydrated and idle, in the reader's language, passing axe. */
async function arrived(page: Page, url: RegExp | string, heading?: string | RegExp) {
  await page.waitForURL(url);
  await routerIdle(page);
  if (heading) await page.getByRole("heading", { level: 1, name: heading }).waitFor();
  await expectNoTranslationKeys(page);
  await expectAccessible(page);
}

async function signedIn(role: "resident" | "admin" | "secretary" | "moderator", width: number) {
  const s = await signInAs(server, role === "resident" ? { role } : { tenant: "vadso", role, name: "Siri Sekretær" });
  const context: BrowserContext = await browser.newContext({ locale: "nb-NO", viewport: { width, height: 800 } });
  await s.signInBrowser(context);
  const page = await context.newPage();
  return { s, context, page, watch: watchPage(page) };
}

const menu = (page: Page) => page.getByRole("navigation", { name: "Meny" });

describe("a resident, on a phone", () => {
  it("finds and takes part in a consultation, a PB vote and a panel sign-up, by clicking from the home page", async () => {
    const { s, context, page, watch } = await signedIn("resident", 390);
    await page.goto(`${server.url}/vadso`);
    await arrived(page, `${server.url}/vadso`, "Vadsø");

    // Every kind of active process is on the home page, with its phase.
    const processes = page.getByRole("region", { name: "Pågående medvirkning" });
    for (const title of [
      "Hvor føler du deg utrygg i trafikken?",
      "Nabolagsmidler 2027",
      "Hva skal Vadsø prioritere i budsjettet for 2027?",
      "Innbyggerpanel om sentrumsplanen",
    ])
      expect(await processes.getByRole("link", { name: title }).isVisible()).toBe(true);
    expect(await processes.getByText("Avstemning").isVisible()).toBe(true);

    // 1. The consultation: a comment, sent twice by an impatient double click, is stored once,
    //    and the box is empty afterwards.
    await processes.getByRole("link", { name: "Hvor føler du deg utrygg i trafikken?" }).click();
    await arrived(page, /\/vadso\/consultations\//, "Hvor føler du deg utrygg i trafikken?");
    const box = page.getByLabel("Kommentaren din");
    await box.fill("Krysset ved skolen er farlig om morgenen.");
    await page.locator("#comment-form").getByRole("button", { name: "Send" }).dblclick();
    await page.getByText("Krysset ved skolen er farlig om morgenen.").first().waitFor();
    await routerIdle(page);
    await expect.poll(() => page.getByLabel("Kommentaren din").inputValue()).toBe("");
    const comments = await server.deps.db.rows<{ n: number }>(
      sql`select count(*)::int as n from consultation_comments where person_id = ${s.personId}`,
    );
    expect(comments[0]!.n).toBe(1);
    await expectNoTranslationKeys(page);

    // 2. PB: from the menu to the round, the ballot, the receipt.
    await menu(page).getByRole("link", { name: "Budsjett" }).click();
    await arrived(page, `${server.url}/vadso/budgeting`);
    await page.getByRole("link", { name: "Nabolagsmidler 2027" }).click();
    await arrived(page, /\/vadso\/budgeting\/nabolagsmidler-2027$/, "Nabolagsmidler 2027");
    await page.getByRole("link", { name: "Stem", exact: true }).first().click();
    await arrived(page, /\/vote$/);
    // Signed in by e-mail, the voter lacks the level the round asks (a confirmed mobile number):
    // the page offers the way there and then, and comes back to the ballot afterwards.
    await page.getByRole("heading", { name: "Bekreft hvem du er" }).waitFor();
    await page.getByRole("link", { name: "Bekreft mobilnummeret ditt med en kode på SMS" }).click();
    await arrived(page, /\/account\/phone\?returnTo=/, "Bekreft mobilnummeret ditt");
    await page.getByLabel("Mobilnummer").fill("412 34 567");
    await page.getByRole("button", { name: "Send kode" }).click();
    await page.getByText("Vi har sendt en kode på SMS til +4741234567").waitFor();
    // The phone is played by the dev inbox, which shows the SMS once the outbox worker sent it.
    const inbox = await context.newPage();
    let sms = "";
    await expect
      .poll(async () => {
        await inbox.goto(`${server.url}/dev/inbox`);
        const item = inbox.locator("li", { hasText: "+4741234567" }).first();
        sms = (await item.count()) ? await item.innerText() : "";
        return /\b\d{6}\b/.test(sms);
      })
      .toBe(true);
    await inbox.close();
    await page.getByLabel("Kode (6 siffer)").fill(/\b(\d{6})\b/.exec(sms)![1]!);
    await page.getByRole("button", { name: "Bekreft nummeret" }).click();
    await arrived(page, /\/vadso\/budgeting\/nabolagsmidler-2027\/vote$/);
    await page.getByLabel(/Gapahuk ved Store Vadsøya/).check();
    await page.getByLabel(/Benker og søppelkasser/).check();
    await page.getByRole("button", { name: "Avgi stemme" }).click();
    await page.getByText("Kvitteringskoden din:").waitFor();
    await expectNoTranslationKeys(page);
    const ballots = await server.deps.db.rows<{ n: number }>(
      sql`select count(*)::int as n from pb_ballots b join pb_rounds r on r.id = b.round_id where r.key = 'nabolagsmidler-2027'`,
    );
    expect(ballots[0]!.n).toBe(1);

    // 3. The panel: from the menu, sign up with a profile and consent.
    await menu(page).getByRole("link", { name: "Innbyggerpanel" }).click();
    await arrived(page, `${server.url}/vadso/panels`);
    await page.getByRole("link", { name: "Innbyggerpanel om sentrumsplanen" }).click();
    await arrived(page, /\/vadso\/panels\/innbyggerpanel-2027/, "Innbyggerpanel om sentrumsplanen");
    await page.getByLabel("Navn", { exact: true }).fill("Kari Nordmann");
    await page.getByLabel("Kvinne").check();
    await page.getByLabel("35–59 år").check();
    await page.getByLabel("Jeg samtykker").check();
    await page.getByRole("button", { name: "Meld meg på" }).click();
    await expect
      .poll(
        async () =>
          (
            await server.deps.db.rows<{ n: number }>(
              sql`select count(*)::int as n from panel_pool_members m join panels p on p.id = m.panel_id where p.key = 'innbyggerpanel-2027'`,
            )
          )[0]!.n,
      )
      .toBe(1);
    await routerIdle(page);
    await expectNoTranslationKeys(page);
    await expectAccessible(page);

    // 4. Min side: what I have done and what became of it, all three, from the header.
    await page.getByRole("link", { name: "Min side" }).click();
    await arrived(page, `${server.url}/account`, "Min side");
    const mine = page.getByRole("region", { name: "Det du har gjort" });
    await mine.getByRole("link", { name: "Hvor føler du deg utrygg i trafikken?" }).waitFor();
    expect(await mine.getByText("publisert · høringen er åpen").isVisible()).toBe(true);
    expect(await mine.getByRole("link", { name: "Nabolagsmidler 2027" }).isVisible()).toBe(true);
    expect(await mine.getByText(/Du stemte .* · Avstemning/).isVisible()).toBe(true);
    expect(await mine.getByRole("link", { name: "Innbyggerpanel om sentrumsplanen" }).isVisible()).toBe(true);

    // No page was wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(watch.errors).toEqual([]);
    await context.close();
  });

  it("signing in from a page comes back to it, and the sign-in page shows text, not keys", async () => {
    const context = await browser.newContext({ locale: "nb-NO", viewport: { width: 390, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/vadso`);
    await routerIdle(page);
    await page.getByRole("link", { name: "Logg inn" }).click();
    await arrived(page, /\/signin\?returnTo=%2Fvadso/);
    expect(await page.locator("main input[name=returnTo]").first().inputValue()).toBe("/vadso");
    await context.close();
  });
});

describe("a reader of Arabic", () => {
  it("sees the municipality's Norwegian text (never English first) isolated left to right in the right-to-left page", async () => {
    const context = await browser.newContext({ locale: "ar", viewport: { width: 390, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/vadso`);
    await routerIdle(page);
    expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
    // The demo consultation's title exists in nb, nn, se and en: an Arabic reader gets Bokmål.
    const title = page.locator('span[lang="nb"]', { hasText: "Hvor føler du deg utrygg i trafikken?" }).first();
    expect(await title.getAttribute("dir")).toBe("ltr");
    expect(await page.getByText("Where do you feel unsafe in traffic?").count()).toBe(0);
    await expectNoTranslationKeys(page);
    await expectAccessible(page);
    await context.close();
  });
});

describe("staff, on a laptop", () => {
  it("an administrator reaches PB, SMS, panels, moderation, budget priorities, the audit log and the API keys from the staff home", async () => {
    const { context, page, watch } = await signedIn("admin", 1280);
    await page.goto(`${server.url}/vadso`);
    await routerIdle(page);
    await menu(page).getByRole("link", { name: "For ansatte" }).click();
    await arrived(page, `${server.url}/vadso/admin`);
    const tools = page.getByRole("navigation", { name: "Dette kan du gjøre" });
    for (const [name, url] of [
      ["Deltakende budsjettering", "/vadso/admin/budgeting"],
      ["SMS", "/vadso/admin/sms"],
      ["Innbyggerpaneler", "/vadso/admin/panels"],
      ["Moderering", "/vadso/admin/moderation"],
      ["Budsjettprioriteringer", "/vadso/admin/budget-priorities"],
      ["Revisjonslogg", "/vadso/admin/audit"],
      ["API-nøkler", "/vadso/admin/api-tokens"],
    ] as const) {
      await tools.getByRole("link", { name, exact: true }).click();
      await arrived(page, `${server.url}${url}`);
      // Back to the staff home by the menu, as a person would.
      await menu(page).getByRole("link", { name: "For ansatte" }).click();
      await arrived(page, `${server.url}/vadso/admin`);
    }
    expect(watch.errors).toEqual([]);
    await context.close();
  });

  it("a resident reports a comment, a moderator hides it from the queue, and the author sees the placeholder and gets the notice", async () => {
    const text = "Ring meg på 41 00 00 00, så forteller jeg hvem som kjører for fort.";
    const toConsultation = async (page: Page) => {
      await page.goto(`${server.url}/vadso`);
      await routerIdle(page);
      await page
        .getByRole("region", { name: "Pågående medvirkning" })
        .getByRole("link", { name: "Hvor føler du deg utrygg i trafikken?" })
        .click();
      await arrived(page, /\/vadso\/consultations\//, "Hvor føler du deg utrygg i trafikken?");
    };
    const author = await signedIn("resident", 390);
    await toConsultation(author.page);
    await author.page.getByLabel("Kommentaren din").fill(text);
    await author.page.locator("#comment-form").getByRole("button", { name: "Send" }).click();
    await author.page.getByText(text).first().waitFor();

    const reporter = await signedIn("resident", 390);
    await toConsultation(reporter.page);
    const comment = reporter.page.locator("article").filter({ hasText: text }).first();
    await comment.getByText("Meld fra").click();
    await comment.getByRole("button", { name: "Send melding" }).click();
    await reporter.page.getByText("Takk. En moderator ser på det.").waitFor();

    const mod = await signedIn("moderator", 1280);
    await mod.page.goto(`${server.url}/vadso/admin`);
    await routerIdle(mod.page);
    await mod.page
      .getByRole("navigation", { name: "Dette kan du gjøre" })
      .getByRole("link", { name: "Moderering", exact: true })
      .click();
    await arrived(mod.page, `${server.url}/vadso/admin/moderation`);
    const queued = mod.page.locator("article").filter({ hasText: text });
    expect(await queued.textContent()).toContain("Meldt");
    await queued.getByLabel("Begrunnelse").fill("Telefonnummer til en privatperson");
    await queued.getByRole("button", { name: "Skjul" }).click();
    await mod.page.getByText("Ferdig.").waitFor();
    expect(await mod.page.locator("article").filter({ hasText: text }).count()).toBe(0);

    // The author: a placeholder with the reason where the comment was, and an e-mail saying so.
    await author.page.reload();
    await author.page
      .getByText("Denne kommentaren er skjult av moderator. Begrunnelse: Telefonnummer til en privatperson")
      .waitFor();
    expect(await author.page.getByText(text).count()).toBe(0);
    await expectNoTranslationKeys(author.page);
    await expectAccessible(author.page);
    const inbox = await author.context.newPage();
    const mail = inbox
      .locator(`li[data-kind=email][data-to="${author.s.email}"]`)
      .filter({ hasText: "Kommentaren din er skjult" });
    for (let i = 0; i < 50 && (await mail.count()) === 0; i++) {
      await inbox.goto(`${server.url}/dev/inbox`);
      if ((await mail.count()) === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(await mail.first().textContent()).toContain("Begrunnelse: Telefonnummer til en privatperson");
    expect(author.watch.errors).toEqual([]);
    await Promise.all([author.context.close(), reporter.context.close(), mod.context.close()]);
  });

  it("a moderator sees the queue with its count and reaches it in one click", async () => {
    const { context, page } = await signedIn("moderator", 1280);
    await page.goto(`${server.url}/vadso/admin`);
    await routerIdle(page);
    const tools = page.getByRole("navigation", { name: "Dette kan du gjøre" });
    expect(await tools.getByRole("link", { name: "Moderering", exact: true }).isVisible()).toBe(true);
    // What a moderator may not use is not offered.
    expect(await tools.getByRole("link", { name: "SMS", exact: true }).count()).toBe(0);
    await tools.getByRole("link", { name: "Moderering", exact: true }).click();
    await arrived(page, `${server.url}/vadso/admin/moderation`);
    await context.close();
  });

  it("a secretary goes from the home page to a meeting and its console, live page and minutes", async () => {
    const { context, page, watch } = await signedIn("secretary", 1280);
    await page.goto(`${server.url}/vadso`);
    await routerIdle(page);
    await menu(page).getByRole("link", { name: "Møter" }).click();
    await arrived(page, `${server.url}/vadso/calendar`, "Møtekalender");
    await page
      .getByRole("link", { name: /Utvalg for plan, miljø og teknikk/ })
      .first()
      .click();
    await arrived(page, /\/vadso\/meetings\/[0-9a-f-]+$/, "Utvalg for plan, miljø og teknikk");
    const tools = page.getByRole("navigation", { name: "For møtesekretæren" });
    await tools.getByRole("link", { name: "Møtekonsollen" }).click();
    await arrived(page, /\/console$/);
    await page.goBack();
    await arrived(page, /\/vadso\/meetings\/[0-9a-f-]+$/);
    await page.getByRole("link", { name: "Følg møtet direkte" }).click();
    await arrived(page, /\/live$/);
    await page.goBack();
    await arrived(page, /\/vadso\/meetings\/[0-9a-f-]+$/);
    await page
      .getByRole("navigation", { name: "For møtesekretæren" })
      .getByRole("link", { name: "Møteboken (protokoll)" })
      .click();
    await arrived(page, /\/minutes$/);
    expect(watch.errors).toEqual([]);
    await context.close();
  });

  it("a secretary plans a meeting from the staff home, runs it from the console while a resident follows live, and publishes the minutes, also as a PDF", async () => {
    const { context, page, watch } = await signedIn("secretary", 1280);
    await page.goto(`${server.url}/vadso`);
    await routerIdle(page);
    await menu(page).getByRole("link", { name: "For ansatte" }).click();
    await arrived(page, `${server.url}/vadso/admin`);
    await page
      .getByRole("navigation", { name: "Dette kan du gjøre" })
      .getByRole("link", { name: "Møter", exact: true })
      .click();
    await arrived(page, `${server.url}/vadso/admin/meetings`, "Møter");
    // Plan it: body, time and place, one item, the notice.
    await page.getByLabel("Organ").selectOption({ label: "Utvalg for plan, miljø og teknikk" });
    await page.getByLabel("Start (dato og klokkeslett)").fill("2027-04-08T18:00");
    await page.getByLabel("Sted", { exact: true }).fill("Formannskapssalen");
    await page.getByRole("button", { name: "Opprett møte", exact: true }).click();
    await arrived(page, /\/vadso\/admin\/meetings\/[0-9a-f-]{36}$/);
    const meetingId = page.url().split("/").pop()!;
    await page.getByLabel("Eller: tittel på en ny sak", { exact: true }).fill("Gatelys langs skoleveien");
    await page.getByRole("button", { name: "Legg til punkt", exact: true }).click();
    await page.getByText("Punkt 1 er lagt til.").waitFor();
    await routerIdle(page);
    await page.getByRole("button", { name: "Publiser innkalling", exact: true }).click();
    await page.getByText("Innkallingen er publisert.").waitFor();
    await routerIdle(page);

    // A resident opens the public live page and leaves it open.
    const pub = await (await browser.newContext({ locale: "nb-NO", viewport: { width: 360, height: 800 } })).newPage();
    await pub.goto(`${server.url}/vadso/meetings/${meetingId}/live`);
    await pub.getByText("Siden oppdateres av seg selv.").waitFor();
    await pub.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

    await page.getByRole("link", { name: "Møtekonsollen" }).click();
    await arrived(page, /\/console$/);
    await page.getByText("Siden oppdateres av seg selv.").waitFor();
    // Only the changes that fit: a meeting with its notice out can start, not end.
    expect(await page.getByRole("button", { name: "Avslutt møtet" }).count()).toBe(0);
    await page.getByRole("button", { name: "Sett møtet" }).click();
    await page.getByRole("button", { name: "Avslutt møtet" }).waitFor();
    expect(await page.getByRole("button", { name: "Sett møtet" }).count()).toBe(0);
    await expect.poll(() => pub.getByTestId("live-status").textContent()).toContain("Møtet pågår");

    const first = page.getByRole("button", { name: /^Behandle nå / }).first();
    const itemName = ((await first.textContent()) ?? "").trim();
    await first.click();
    await page.locator('li[aria-current="step"]').waitFor();
    await expect.poll(() => pub.getByTestId("live-current").textContent()).toContain("Gatelys langs skoleveien");
    const count = page.getByRole("form", { name: "Stemmetall" });
    await count.getByLabel("For", { exact: true }).fill("6");
    await count.getByLabel("Mot", { exact: true }).fill("3");
    const version = async () =>
      Number(/versjon (\d+)/.exec((await page.getByText(/versjon \d+/).textContent()) ?? "")?.[1]);
    const before = await version();
    await count.getByRole("button", { name: "Før inn voteringen" }).click();
    await expect.poll(version).toBe(before + 1); // the vote is in before the decision is written
    const decision = page.getByRole("form", { name: "Vedtak" });
    await decision.getByLabel("Vedtakstekst").fill("Utvalget slutter seg til kommunedirektørens forslag.");
    const withVote = await version();
    await decision.getByRole("button", { name: "Før inn vedtaket" }).click();
    await expect.poll(version).toBe(withVote + 1); // each action lands before the next (a stale version is refused)
    await page.getByRole("button", { name: "Avslutt møtet" }).click();
    await expect.poll(() => page.getByRole("button", { name: "Avslutt møtet" }).count()).toBe(0);
    await expectAccessible(page);
    await expect.poll(() => pub.getByTestId("live-status").textContent()).toContain("Møtet er slutt");
    expect(await pub.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    await expectAccessible(pub);

    await page.getByRole("link", { name: "Møtebok" }).first().click();
    await arrived(page, /\/minutes$/);
    const draft = await page.getByLabel("Møtebok (ren tekst)").inputValue();
    expect(draft).toContain("Votering: 6 for, 3 mot, 0 blanke. Vedtatt.");
    expect(draft).toContain("Utvalget slutter seg til kommunedirektørens forslag.");
    await page.getByRole("button", { name: "Publiser møteboka" }).click();
    await page.getByText(/Møteboka er publisert\./).waitFor();
    const pdf = page.getByRole("link", { name: "Last ned møteboka (PDF)" });
    const res = await page.request.get(new URL((await pdf.getAttribute("href"))!, server.url).toString());
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toContain("application/pdf");
    expect(itemName).toContain("Gatelys langs skoleveien");
    // The resident's live page shows the published minutes (after a reload: publishing is not an event of the meeting).
    await pub.reload();
    await pub.getByRole("link", { name: "Last ned møteboka (PDF)" }).waitFor();
    expect(watch.errors).toEqual([]);
    await Promise.all([context.close(), pub.context().close()]);
  });
});
