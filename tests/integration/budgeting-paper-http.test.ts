import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInAs } from "#tests/setup/auth.ts";
import { startTestServer } from "#tests/setup/server.ts";

// Issue 17, over HTTP on the round's staff page: a paper ballot for a resident who has no
// account (name, birth year, address), checked by a second staff member, counts once; the same
// voter entered again is refused in words, and nothing changes.
let server: Awaited<ReturnType<typeof startTestServer>>;
const page = "/vadso/admin/budgeting/nabolagsmidler-2027";
beforeAll(async () => {
  server = await startTestServer({ env: { MEDVIRK_DEMO_STAFF: "1" } });
});
afterAll(async () => server?.stop());

const roll = async () =>
  (
    await server.deps.db.rows<{ n: number }>(
      sql`select count(*)::int as n from pb_voter_roll v join pb_rounds r on r.id = v.round_id where r.key = 'nabolagsmidler-2027' and v.channel = 'paper'`,
    )
  )[0]!.n;

describe("paper ballots on the round's staff page", () => {
  it("records a resident without an account, counts the ballot once the second check accepts it, and refuses the same voter again", async () => {
    const [code] = await server.deps.db.rows<{ code: string }>(
      sql`select p.code from pb_proposals p join pb_rounds r on r.id = p.round_id where r.key = 'nabolagsmidler-2027' order by p.code limit 1`,
    );
    const first = await signInAs(server, { tenant: "vadso", role: "admin" });
    const second = await signInAs(server, { tenant: "vadso", role: "admin" });
    const voter = { name: "Ragnhild Olsen", birthYear: "1948", address: "Storgata 12, Vadsø" };
    const entered = await first.post(page, { intent: "paper", person: "", ...voter, codes: code!.code });
    expect(entered.status).toBeLessThan(400);
    const [pending] = await server.deps.db.rows<{ id: string }>(
      sql`select id from pb_paper_ballots where status = 'pending' order by entered_at desc limit 1`,
    );
    const confirmed = await second.post(page, { intent: "confirm", paperId: pending!.id, reason: "" });
    expect(confirmed.status).toBeLessThan(400);
    expect(await roll()).toBe(1);

    const again = await first.post(page, { intent: "paper", person: "", ...voter, codes: code!.code });
    expect(await again.text()).toContain("Denne velgeren har allerede stemt i denne runden.");
    const blank = await first.post(page, {
      intent: "paper",
      person: "",
      name: "Ola",
      birthYear: "",
      address: "",
      codes: code!.code,
    });
    expect(await blank.text()).toContain("Skriv fødselsåret med fire sifre");
    expect(await roll()).toBe(1);
  });
});
