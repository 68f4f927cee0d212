import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCALES } from "#app/lib/i18n.ts";
import { moneyIn } from "#app/modules/budgeting/ui.tsx";
import { startTestServer } from "#tests/setup/server.ts";

// Issue 17: a round's money is written the way the reader's language writes it (Intl), not
// as Norwegian in every language: "350 000 kr" in Bokmål, "kr 350,000" in English; and
// residents' titles are isolated (<bdi>) so a Norwegian title reads right in an Arabic page.
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({ env: { MEDVIRK_DEMO_STAFF: "1" } });
});
afterAll(async () => server?.stop());

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;|&#160;/g, "\u00a0")
    .replace(/&#x27;/g, "'");

describe("the round page's money in each language", () => {
  it.each(LOCALES)("%s", async (lng) => {
    const [round] = await server.deps.db.rows<{ key: string; budget: string }>(
      sql`select key, budget::text as budget from pb_rounds where key = 'nabolagsmidler-2027'`,
    );
    const res = await fetch(`${server.url}/vadso/budgeting/${round!.key}`, { headers: { cookie: `lng=${lng}` } });
    expect(res.status).toBe(200);
    const html = await res.text();
    const page = text(html);
    const budget = moneyIn(lng)(round!.budget);
    expect(page).toContain(budget);
    if (lng === "en") expect(budget).toMatch(/^kr\s?[\d,]+$/);
    // A resident's proposal title keeps its own direction inside an Arabic page (and every other).
    const [title] = await server.deps.db.rows<{ title: string }>(
      sql`select p.title from pb_proposals p join pb_rounds r on r.id = p.round_id where r.key = ${round!.key} and p.status = 'feasible' order by p.code limit 1`,
    );
    expect(html).toContain(`<bdi>${title!.title}</bdi>`);
    if (lng === "nb") expect(budget.replace(/\s/g, " ")).toMatch(/^[\d ]+ kr$/);
  });
});
