import { sql } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRound, movePhase, reviewProposal, submitProposal } from "#app/modules/budgeting/commands.server.ts";
import type { StoredBallotRules } from "#app/modules/budgeting/round.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { signInAs } from "#tests/setup/auth.ts";
import { expectAccessible, launchBrowser, routerIdle, watchPage } from "#tests/setup/browser.ts";
import { startTestServer } from "#tests/setup/server.ts";

// The two ballot types the knapsack test does not cover, in a real browser:
// cumulative points (keyboard only, with the live "points left") and ranking
// (without JavaScript, where the server checks the ballot). Both end with the
// anonymous ballot stored as cast.
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let tenantId: string;
let staff: Actor;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  tenantId = server.deps.tenants.bySlugOrAlias("vadso")!.municipality.id;
  const s = await signInAs(server, { tenant: "vadso", role: "secretary" });
  staff = { id: s.personId, memberships: [{ tenantId, role: "secretary", bodyId: null }], platformAdmin: false };
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const must = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
};

/** A round in voting with three reviewed projects; returns its id and the codes by title. */
async function votingRound(
  key: string,
  ballot: StoredBallotRules,
): Promise<{ roundId: string; code: (title: string) => string }> {
  const deps = server.deps;
  const roundId = must(
    await createRound(deps, staff, {
      tenantId,
      key,
      title: { nb: `Runde ${key}` },
      budget: 100_000n,
      rules: { ballot, tally: { rule: "greedy" } },
      categories: [],
    }),
  ).id;
  must(await movePhase(deps, staff, { tenantId, roundId, to: "proposals" }));
  for (const [title, cost] of [
    ["Gatelys", 30_000n],
    ["Lekeplass", 50_000n],
    ["Gapahuk", 20_000n],
  ] as const)
    must(await submitProposal(deps, { id: staff.id }, { tenantId, roundId, title, estimatedCost: cost }));
  const rows = await deps.db.rows<{ id: string; code: string; title: string; estimated_cost: string }>(
    sql`select id, code, title, estimated_cost::text from pb_proposals where round_id = ${roundId}`,
  );
  for (const p of rows)
    must(
      await reviewProposal(deps, staff, {
        tenantId,
        proposalId: p.id,
        decision: "feasible",
        officialCost: BigInt(p.estimated_cost),
      }),
    );
  must(await movePhase(deps, staff, { tenantId, roundId, to: "voting" }));
  return { roundId, code: (title) => rows.find((r) => r.title === title)!.code };
}

const ballotsOf = (roundId: string) =>
  server.deps.db.rows<{ projects: string[]; points: number[] | null }>(
    sql`select projects, points from pb_ballots where round_id = ${roundId}`,
  );
const typeInto = async (page: Page, label: RegExp | string, text: string) => {
  await page.getByLabel(label).focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.type(text);
};

describe("cumulative and ranking ballots in the browser", () => {
  it("cumulative: a resident spreads 10 points keyboard-only, the live total flags too many, the server refuses them, then the ballot is cast", async () => {
    const { roundId, code } = await votingRound("pb-cumulative", { kind: "cumulative", points: 10 });
    const resident = await signInAs(server, { tenant: "vadso", role: "resident" });
    const context = await browser.newContext({ locale: "nb-NO" });
    await resident.signInBrowser(context);
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}/vadso/budgeting/pb-cumulative/vote`);
    await routerIdle(page);
    await page.getByText("Fordel 10 poeng på prosjektene du vil støtte.").waitFor();
    await expectAccessible(page);
    await typeInto(page, /^Gatelys/, "6");
    await expect.poll(() => page.locator("#running-total").textContent()).toContain("4 poeng igjen");
    await typeInto(page, /^Lekeplass/, "5");
    await expect.poll(() => page.locator("#running-total").textContent()).toContain("1 poeng for mye");
    // Cast anyway: the server applies the same rule and says what is wrong; nothing is stored.
    await page.getByRole("button", { name: "Avgi stemme" }).focus();
    await page.keyboard.press("Enter");
    await page.getByText("Du har brukt 11 poeng; du har 10.").waitFor();
    expect(await page.getByLabel(/^Gatelys/).inputValue()).toBe("6"); // kept
    expect(await ballotsOf(roundId)).toHaveLength(0);
    await expectAccessible(page);
    await typeInto(page, /^Lekeplass/, "4");
    await expect.poll(() => page.locator("#running-total").textContent()).toContain("0 poeng igjen");
    await page.getByRole("button", { name: "Avgi stemme" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Takk for stemmen din" }).waitFor();
    await expectAccessible(page);
    const stored = await ballotsOf(roundId);
    expect(stored).toHaveLength(1);
    const byCode = Object.fromEntries(stored[0]!.projects.map((c, i) => [c, stored[0]!.points![i]]));
    expect(byCode).toEqual({ [code("Gatelys")]: 6, [code("Lekeplass")]: 4 });
    expect(watch.errors).toEqual([]);
    await context.close();
  });

  it("ranking without JavaScript: the same project twice is refused by the server and kept; the fixed ranking is cast in order", async () => {
    const { roundId, code } = await votingRound("pb-ranking", { kind: "ranking", maxRanked: 2 });
    const resident = await signInAs(server, { tenant: "vadso", role: "resident" });
    const context = await browser.newContext({ locale: "nb-NO", javaScriptEnabled: false });
    await resident.signInBrowser(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/vadso/budgeting/pb-ranking/vote`);
    await page.getByText("Ranger opptil 2 prosjekter, det viktigste først.").waitFor();
    await expectAccessible(page, { javaScriptEnabled: false });
    await page.getByLabel("Plass 1").selectOption(code("Gapahuk"));
    await page.getByLabel("Plass 2").selectOption(code("Gapahuk"));
    await page.getByRole("button", { name: "Avgi stemme" }).click();
    await page.getByText("«Gapahuk» er valgt to ganger.").waitFor();
    expect(await page.getByLabel("Plass 1").inputValue()).toBe(code("Gapahuk"));
    expect(await ballotsOf(roundId)).toHaveLength(0);
    await expectAccessible(page, { javaScriptEnabled: false });
    await page.getByLabel("Plass 2").selectOption(code("Gatelys"));
    await page.getByRole("button", { name: "Avgi stemme" }).click();
    await page.getByRole("heading", { name: "Takk for stemmen din" }).waitFor();
    expect(await ballotsOf(roundId)).toEqual([{ projects: [code("Gapahuk"), code("Gatelys")], points: null }]);
    await context.close();
  });
});
