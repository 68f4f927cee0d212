import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { createConsultation } from "#app/modules/consultations/commands.server.ts";
import { setOpinionSection, submitOpinionStatement } from "#app/modules/opinions/commands.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { agendaItems, bodies, cases, meetings, opinionStatements, opinionVotes } from "#db/schema/index.ts";
import { signInAs } from "#tests/setup/auth.ts";
import { expectAccessible, launchBrowser, routerIdle, watchPage } from "#tests/setup/browser.ts";
import { startTestServer } from "#tests/setup/server.ts";

// Opinion statements in a real browser (issue 23), at 360 px: a resident follows the link from
// the consultation page and answers two statements by clicking, with JavaScript and without;
// the answers are stored, the next statement comes, the page says there are too few participants
// for groups yet, and axe passes.
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let tenantId: string;
let consultationId: string;
const DAY = 86_400_000;
const STATEMENTS = [
  "Gangveien må ha lys hele året.",
  "Gangveien bør brøytes før bilveien.",
  "Det trengs benker langs gangveien.",
  "Farten i Strandgata bør settes ned til 30.",
];

const must = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
};

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const deps = server.deps;
  const db = deps.db.db;
  tenantId = deps.tenants.bySlugOrAlias("vadso")!.municipality.id;
  const s = await signInAs(server, { tenant: "vadso", role: "secretary" });
  const staff: Actor = {
    id: s.personId,
    memberships: [{ tenantId, role: "secretary", bodyId: null }],
    platformAdmin: false,
  };
  const [plan] = await db
    .select({ id: bodies.id })
    .from(bodies)
    .where(sql`${bodies.tenantId} = ${tenantId} and ${bodies.key} = 'plan'`);
  const now = deps.now();
  const [c] = await db
    .insert(cases)
    .values({ tenantId, year: now.getUTCFullYear(), sequence: 4712, title: { nb: "Gangvei langs Strandgata" } })
    .returning({ id: cases.id });
  const [m] = await db
    .insert(meetings)
    .values({
      tenantId,
      bodyId: plan!.id,
      key: `e2e-${crypto.randomUUID()}`,
      startsAt: new Date(Math.ceil((now.getTime() + 60 * DAY) / DAY) * DAY + 16 * 3_600_000),
    })
    .returning({ id: meetings.id });
  await db.insert(agendaItems).values({ tenantId, meetingId: m!.id, caseId: c!.id, position: 1 });
  consultationId = must(
    await createConsultation(deps, staff, {
      tenantId,
      caseId: c!.id,
      bodyId: plan!.id,
      meetingId: m!.id,
      title: { nb: "Hva mener du om gangveien?" },
      opensAt: new Date(now.getTime() - DAY),
    }),
  ).id;
  must(await setOpinionSection(deps, staff, { tenantId, consultationId, enabled: true }));
  const author = await signInAs(server, { tenant: "vadso", role: "resident" });
  for (const text of STATEMENTS)
    must(
      await submitOpinionStatement(
        deps,
        { personId: author.personId, level: "email" },
        { tenantId, consultationId, text },
      ),
    );
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function votesOf(personId: string) {
  return server.deps.db.db
    .select({ value: opinionVotes.value })
    .from(opinionVotes)
    .where(and(eq(opinionVotes.personId, personId), eq(opinionVotes.consultationId, consultationId)));
}

async function answerTwo(page: Page, js: boolean) {
  const current = () => page.locator("#current-statement").innerText();
  const first = await current();
  expect(STATEMENTS).toContain(first);
  await page.getByRole("button", { name: "Enig", exact: true }).click();
  await page.getByText("Svaret ditt er lagret.").waitFor();
  if (js) await routerIdle(page);
  const second = await current();
  expect(STATEMENTS).toContain(second);
  expect(second).not.toBe(first);
  await page.getByText("Du har tatt stilling til 1 av 4 påstander.").waitFor();
  await page.getByRole("button", { name: "Uenig", exact: true }).click();
  await page.getByText("Du har tatt stilling til 2 av 4 påstander.").waitFor();
  if (js) await routerIdle(page);
  expect(await current()).not.toBe(second);
  return [first, second];
}

describe("opinion statements in the browser", () => {
  for (const js of [true, false]) {
    it(`a resident answers two statements by clicking, ${js ? "with" : "without"} JavaScript, at 360 px (axe clean)`, async () => {
      const resident = await signInAs(server, { tenant: "vadso", role: "resident" });
      const context = await browser.newContext({
        locale: "nb-NO",
        javaScriptEnabled: js,
        viewport: { width: 360, height: 800 },
      });
      await resident.signInBrowser(context);
      const page = await context.newPage();
      const watch = watchPage(page);
      await page.goto(`${server.url}/vadso/consultations/${consultationId}`);
      if (js) await routerIdle(page);
      await page.getByRole("link", { name: "Ta stilling til påstander og se meningsgruppene" }).click();
      await page.waitForURL(new RegExp(`/vadso/consultations/${consultationId}/statements$`));
      await page.getByRole("heading", { level: 1, name: /Påstander/ }).waitFor();
      if (js) await routerIdle(page);
      await page.getByText(/for få deltakere til å vise meningsgrupper/).waitFor();
      await expectAccessible(page, { javaScriptEnabled: js });
      await answerTwo(page, js);
      await expectAccessible(page, { javaScriptEnabled: js });
      expect((await votesOf(resident.personId)).map((v) => v.value).sort()).toEqual([-1, 1]);
      // A statement over 140 characters: a translated error, the text kept, nothing stored.
      await page.getByLabel("Påstanden din", { exact: true }).fill("x".repeat(150));
      await page.getByRole("button", { name: "Send påstanden" }).click();
      await page.getByText("Påstanden er for lang (høyst 140 tegn).").waitFor();
      expect(await page.getByLabel("Påstanden din", { exact: true }).inputValue()).toBe("x".repeat(150));
      await expectAccessible(page, { javaScriptEnabled: js });
      expect(watch.errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
      await context.close();
    });
  }

  it("shows the opinion map, the group table and the consensus once two camps have voted (360 px and Arabic, axe clean)", async () => {
    const deps = server.deps;
    const db = deps.db.db;
    const ids = (
      await db
        .select({ id: opinionStatements.id, text: opinionStatements.text })
        .from(opinionStatements)
        .where(eq(opinionStatements.consultationId, consultationId))
    ).filter((s) => STATEMENTS.includes(s.text));
    // Two camps of eight: they agree on the first statement and split on the others.
    const people = await Promise.all(
      Array.from({ length: 16 }, () => signInAs(server, { tenant: "vadso", role: "resident" })),
    );
    const rows = people.flatMap((p, i) =>
      ids.map((s, j) => ({
        tenantId,
        consultationId,
        statementId: s.id,
        personId: p.personId,
        value: j === 0 ? 1 : (i < 8 ? 1 : -1) * (j % 2 ? 1 : -1),
      })),
    );
    await db.insert(opinionVotes).values(rows);
    // The groups are recomputed at most every 5 s (the pages above just computed them).
    await new Promise((r) => setTimeout(r, 5_500));
    for (const [lng, width] of [
      ["nb-NO", 360],
      ["ar", 1280],
    ] as const) {
      const context = await browser.newContext({ locale: lng, viewport: { width, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${server.url}/vadso/consultations/${consultationId}/statements`);
      await routerIdle(page);
      const map = page.locator('svg[role="img"]');
      await map.waitFor();
      // Each camp answered alike: one larger mark per camp (and the two earlier residents).
      expect(await map.locator("circle, rect, polygon").count()).toBeGreaterThanOrEqual(2);
      expect(await map.locator("rect").first().getAttribute("width")).not.toBe("10");
      expect(await page.locator("table tbody tr").count()).toBeGreaterThanOrEqual(2);
      if (lng === "nb-NO") {
        await page.getByRole("cell", { name: "8", exact: true }).first().waitFor();
        await page.getByText("Dette er alle gruppene enige om").waitFor();
      }
      await expectAccessible(page);
      await page.screenshot({ path: `/tmp/opinions-${lng}-${width}.png`, fullPage: true });
      await context.close();
    }
  });
});
