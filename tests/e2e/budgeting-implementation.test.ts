import { sql } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  castBallot,
  computeResult,
  createRound,
  movePhase,
  reviewProposal,
  submitProposal,
} from "#app/modules/budgeting/commands.server.ts";
import { devInbox } from "#app/modules/identity/outbox.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { signInAs } from "#tests/setup/auth.ts";
import { expectAccessible, launchBrowser, routerIdle, watchPage } from "#tests/setup/browser.ts";
import { startTestServer } from "#tests/setup/server.ts";

// Implementation tracking in a real browser: a resident follows a funded
// project with the keyboard; staff post an update with a photo through the
// upload form; the resident reads it with the photo and its alt text. axe on
// every page, also without JavaScript.
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let tenantId: string;

beforeAll(async () => {
  server = await startTestServer({ env: { MEDVIRK_DEV_INBOX: "1" } });
  browser = await launchBrowser();
  tenantId = server.deps.tenants.bySlugOrAlias("vadso")!.municipality.id;
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const must = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
};
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

describe("implementation of funded projects in the browser", () => {
  it("a resident follows a project, staff post an update with a photo, the resident reads it", async () => {
    const deps = server.deps;
    const s = await signInAs(server, { tenant: "vadso", role: "admin" });
    const staff: Actor = {
      id: s.personId,
      memberships: [{ tenantId, role: "admin", bodyId: null }],
      platformAdmin: false,
    };
    const roundId = must(
      await createRound(deps, staff, {
        tenantId,
        key: "pb-impl-e2e",
        title: { nb: "Innbyggerbudsjett 2026" },
        budget: 50_000n,
        rules: { ballot: { kind: "approval" }, tally: { rule: "greedy" } },
      }),
    ).id;
    must(await movePhase(deps, staff, { tenantId, roundId, to: "proposals" }));
    const p = must(
      await submitProposal(
        deps,
        { id: staff.id },
        { tenantId, roundId, title: "Benker i parken", estimatedCost: 30_000n },
      ),
    );
    must(
      await reviewProposal(deps, staff, { tenantId, proposalId: p.id, decision: "feasible", officialCost: 30_000n }),
    );
    must(await movePhase(deps, staff, { tenantId, roundId, to: "voting" }));
    must(await castBallot(deps, { id: staff.id }, { tenantId, roundId, ballot: { projects: [p.code] } }));
    must(await movePhase(deps, staff, { tenantId, roundId, to: "implementation" }));
    must(await computeResult(deps, staff, { tenantId, roundId }));

    // The resident follows the project with the keyboard.
    const resident = await signInAs(server, { tenant: "vadso", role: "resident" });
    const rc = await browser.newContext({ locale: "nb-NO" });
    await resident.signInBrowser(rc);
    const page = await rc.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}/vadso/budgeting/pb-impl-e2e/implementation`);
    await routerIdle(page);
    await page.getByRole("heading", { level: 2, name: /Benker i parken/ }).waitFor();
    await page.getByText("Ikke startet").waitFor();
    await expectAccessible(page);
    await page.getByRole("button", { name: /Følg prosjektet/ }).focus();
    await page.keyboard.press("Enter");
    await page.getByText("Du følger dette prosjektet og får e-post om oppdateringer.").waitFor();
    await expectAccessible(page);

    // Staff post an update with a photo through the form (no JavaScript: a plain multipart POST).
    const sc = await browser.newContext({ locale: "nb-NO", javaScriptEnabled: false });
    await s.signInBrowser(sc);
    const admin = await sc.newPage();
    await admin.goto(`${server.url}/vadso/admin/budgeting/pb-impl-e2e`);
    // the rules side by side on the same ballots
    const compare = admin.getByRole("table", { name: /Reglene side om side/ });
    await compare.waitFor();
    expect(await compare.getByRole("row", { name: /Benker i parken/ }).textContent()).toContain("Får penger");
    await expectAccessible(admin, { javaScriptEnabled: false });
    await admin.getByLabel("Hva er nytt").fill("Benkene er satt opp ved dammen.");
    await admin.getByLabel("Status").selectOption("done");
    await admin.getByLabel("Framdrift (prosent)").fill("100");
    await admin.getByRole("button", { name: `Publiser oppdatering for ${p.code}` }).click();
    await admin.getByText("Skriv den endelige kostnaden når prosjektet er ferdig.").waitFor(); // done needs the final cost
    expect(await admin.getByLabel("Hva er nytt").inputValue()).toBe("Benkene er satt opp ved dammen."); // nothing typed is lost
    await admin.getByLabel("Endelig kostnad (kroner)").fill("28500");
    await admin
      .getByLabel("Bilde (PNG eller JPEG, høyst 5 MB)")
      .setInputFiles({ name: "benker.png", mimeType: "image/png", buffer: PNG });
    await admin.getByLabel("Beskrivelse av bildet (for skjermlesere)").fill("Tre nye benker ved dammen");
    await admin.getByRole("button", { name: `Publiser oppdatering for ${p.code}` }).click();
    await admin.getByText("Oppdateringen er publisert. 1 følgere fikk e-post.").waitFor();
    expect(devInbox(deps).find((m) => m.to === resident.email)?.subject).toBe(`Nytt om Benker i parken (${p.code})`);
    await expectAccessible(admin, { javaScriptEnabled: false });

    // The resident reads the update with its photo.
    await page.reload();
    await page.getByText("Benkene er satt opp ved dammen.").waitFor();
    await page.getByText(/Endelig kostnad: 28\u00a0500\u00a0kr/).waitFor();
    const img = page.getByRole("img", { name: "Tre nye benker ved dammen" });
    await img.waitFor();
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(1);
    expect(await page.locator("progress").getAttribute("value")).toBe("100");
    await expectAccessible(page);
    expect(watch.errors).toEqual([]);
    const rows = await deps.db.rows<{ n: number }>(sql`select count(*)::int as n from pb_updates`);
    expect(rows[0]!.n).toBe(1);
    await rc.close();
    await sc.close();
  });
});
