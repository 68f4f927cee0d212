import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBodyByKey } from "#app/modules/bodies/queries.server.ts";
import { createCase, setJourney, uploadDocument } from "#app/modules/cases/commands.server.ts";
import { addAgendaItem, createMeeting, publishNotice } from "#app/modules/meetings/commands.server.ts";
import type { Actor } from "#app/modules/meetings/permissions.ts";
import { expectAccessible, launchBrowser, routerIdle, watchPage } from "#tests/setup/browser.ts";
import { signInAs } from "#tests/setup/auth.ts";
import { startTestServer } from "#tests/setup/server.ts";
import { makePdf } from "../integration/political-fixtures.ts";

// A resident finds next week's committee meeting from the municipality's
// home page, opens a case on its agenda, downloads the saksfremlegg and finds
// the calendar feed: keyboard only, axe-clean on every page, with and
// without JavaScript.
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
const DAY = 86_400_000;
let meetingId = "";

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const deps = server.deps;
  const tenantId = deps.tenants.bySlugOrAlias("vadso")!.municipality.id;
  const admin: Actor = { id: "e2e-admin", memberships: [{ tenantId, role: "admin" }] };
  const must = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value;
  };
  const oppvekst = (await getBodyByKey(deps.db.db, tenantId, "oppvekst"))!;
  const c = must(
    await createCase(deps, admin, {
      tenantId,
      year: 2026,
      sequence: 7001,
      title: { nb: "Ny skolestruktur i Vadsø" },
      summary: { nb: "Skal skolene i sentrum slås sammen?" },
      geo: { type: "Point", coordinates: [29.7486, 70.0736] },
    }),
  );
  const secret = must(
    await createCase(deps, admin, { tenantId, year: 2026, sequence: 7002, title: { nb: "Elevsak med navn" } }),
  );
  must(
    await uploadDocument(deps, admin, {
      tenantId,
      caseId: c.id,
      kind: "saksfremlegg",
      title: "Saksfremlegg skolestruktur",
      fileName: "Saksfremlegg skolestruktur.pdf",
      bytes: makePdf(["Tre skoler blir to"]),
    }),
  );
  meetingId = must(
    await createMeeting(deps, admin, {
      tenantId,
      bodyId: oppvekst.id,
      startsAt: new Date(deps.now().getTime() + 7 * DAY),
      location: "Kantina, Vadsø rådhus",
    }),
  ).id;
  must(await addAgendaItem(deps, admin, { tenantId, meetingId, caseId: c.id }));
  must(
    await addAgendaItem(deps, admin, {
      tenantId,
      meetingId,
      caseId: secret.id,
      closed: true,
      closedBasis: "Offl. § 13 jf. fvl. § 13",
    }),
  );
  must(await publishNotice(deps, admin, { tenantId, meetingId }));
  must(
    await setJourney(deps, admin, {
      tenantId,
      caseId: c.id,
      steps: [{ bodyId: oppvekst.id, kind: "innstilling", meetingId }],
    }),
  );
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

for (const javaScriptEnabled of [true, false]) {
  describe(`a resident follows a case from the home page (JavaScript ${javaScriptEnabled ? "on" : "off"})`, () => {
    it("calendar → meeting → case → document, by keyboard, axe-clean", async () => {
      const context = await browser.newContext({ javaScriptEnabled, locale: "nb-NO", acceptDownloads: true });
      const page = await context.newPage();
      const watch = watchPage(page);
      const ready = async () => {
        if (javaScriptEnabled) await routerIdle(page);
      };
      const follow = async (name: string | RegExp, url: RegExp | string) => {
        const link = page.getByRole("link", { name }).first();
        await link.focus();
        await page.keyboard.press("Enter");
        await page.waitForURL(url);
        await ready();
        await expectAccessible(page, { javaScriptEnabled });
      };

      await page.goto(`${server.url}/vadso`);
      await ready();
      await expectAccessible(page, { javaScriptEnabled });
      await follow(/^Møter$/, `${server.url}/vadso/calendar`);
      await page.getByRole("heading", { level: 1, name: "Møtekalender" }).waitFor();
      expect(await page.getByText("Unntatt offentlighet").count()).toBeGreaterThan(0);
      expect(await page.content()).not.toContain("Elevsak med navn");

      // The month view works too, and the feed link is there to subscribe.
      const feed = page.getByRole("link", { name: "Abonner på møtekalenderen (iCal)" });
      expect(await feed.getAttribute("href")).toBe("/vadso/calendar.ics");
      const ics = await (await context.request.get(`${server.url}/vadso/calendar.ics`)).text();
      expect(ics).toContain("BEGIN:VCALENDAR");
      expect(ics).toContain(meetingId);
      await follow("Måned", /view=month/);
      await follow("Liste", `${server.url}/vadso/calendar`);

      await follow(/Utvalg for oppvekst og kultur/, `${server.url}/vadso/meetings/${meetingId}`);
      await page.getByRole("heading", { level: 1, name: "Utvalg for oppvekst og kultur" }).waitFor();
      expect(await page.getByText("Kantina, Vadsø rådhus").count()).toBe(1);
      expect(await page.getByText("Unntatt offentlighet (Hjemmel: Offl. § 13 jf. fvl. § 13)").count()).toBe(1);

      await follow(/Sak 2026\/7001/, `${server.url}/vadso/cases/2026-7001`);
      await page.getByRole("heading", { level: 1, name: "Ny skolestruktur i Vadsø" }).waitFor();
      expect(await page.getByRole("heading", { name: "Sakens gang" }).count()).toBe(1);
      expect(await page.getByText("Punkt: 70.0736, 29.7486 (breddegrad, lengdegrad).").count()).toBe(1);

      const doc = page.getByRole("link", { name: "Saksfremlegg skolestruktur" });
      await doc.focus();
      const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
      expect(download.suggestedFilename()).toBe("Saksfremlegg skolestruktur.pdf");
      const path = await download.path();
      const { readFileSync } = await import("node:fs");
      expect(readFileSync(path).subarray(0, 5).toString()).toBe("%PDF-");

      // Search and the body page, too.
      await page.goto(`${server.url}/vadso/cases?q=skolestruktur`);
      await ready();
      await page.getByRole("link", { name: /Sak 2026\/7001/ }).waitFor();
      await expectAccessible(page, { javaScriptEnabled });
      for (const p of ["/vadso/bodies", "/vadso/bodies/oppvekst", "/vadso/areas", "/vadso/areas/grend-ekkeroy"]) {
        await page.goto(`${server.url}${p}`);
        await ready();
        await expectAccessible(page, { javaScriptEnabled });
      }
      expect(watch.errors).toEqual([]);
      await context.close();
    });
  });
}

for (const javaScriptEnabled of [true, false]) {
  describe(`a resident follows the case by e-mail (JavaScript ${javaScriptEnabled ? "on" : "off"})`, () => {
    it("case page → follow page → follow → stop following, by keyboard, axe-clean", async () => {
      const resident = await signInAs(server, { tenant: "vadso", role: "resident" });
      const context = await browser.newContext({ javaScriptEnabled, locale: "nb-NO" });
      await resident.signInBrowser(context);
      const page = await context.newPage();
      const watch = watchPage(page);
      const ready = async () => {
        if (javaScriptEnabled) await routerIdle(page);
      };
      await page.goto(`${server.url}/vadso/cases/2026-7001`);
      await ready();
      const link = page.getByRole("link", { name: "Følg saken på e-post" });
      await link.focus();
      await page.keyboard.press("Enter");
      await page.waitForURL(`${server.url}/vadso/following?case=2026-7001`);
      await ready();
      await page.getByRole("heading", { level: 1, name: "Følg saker og organer" }).waitFor();
      expect(await page.getByText(resident.email).count()).toBe(1);
      await expectAccessible(page, { javaScriptEnabled });
      await page.getByRole("button", { name: "Følg", exact: true }).focus();
      await page.keyboard.press("Enter");
      await page.getByRole("status").filter({ hasText: "Nå følger du dette." }).waitFor();
      await expectAccessible(page, { javaScriptEnabled });
      expect(await page.getByRole("link", { name: /Sak 2026\/7001/ }).count()).toBeGreaterThan(0);
      await page.getByRole("button", { name: "Slutt å følge: Sak 2026/7001" }).focus();
      await page.keyboard.press("Enter");
      await page.getByRole("status").filter({ hasText: "Du følger ikke dette lenger." }).waitFor();
      await page.getByText("Du følger ingen saker eller organer i denne kommunen.").waitFor();
      await expectAccessible(page, { javaScriptEnabled });
      expect(watch.errors).toEqual([]);
      await context.close();
    });
  });
}
