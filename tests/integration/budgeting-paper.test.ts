import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "#app/lib/env.ts";
import {
  castBallot,
  confirmPaperBallot,
  createRound,
  enterPaperBallotForResident,
  movePhase,
  reviewProposal,
  submitProposal,
  type PbDeps,
} from "#app/modules/budgeting/commands.server.ts";
import { listProposals } from "#app/modules/budgeting/queries.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { persons } from "#db/schema/index.ts";
import { seedMunicipalities } from "#server/seed.ts";
import { freshDb } from "#tests/setup/db.ts";

// Issue 17: staff enter a paper ballot for a resident who has no account (name, birth year, and an
// address or phone number, as the municipality's rules ask). The same voter entered twice is the
// same person, so the ballot counts once; a voter who already voted (on the web or on paper) is
// refused with a clear error and nothing changes.
let h: Awaited<ReturnType<typeof freshDb>>;
let deps: PbDeps;
let vadso: string;
let oslo: string;
let roundId = "";
let codes: string[] = [];
let staffA: Actor;
let staffB: Actor;
const clock = new Date("2026-11-20T10:00:00Z");
const must = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
};
async function person(values: typeof persons.$inferInsert): Promise<string> {
  const [p] = await h.db.insert(persons).values(values).returning({ id: persons.id });
  return p!.id;
}
const count = async (q: ReturnType<typeof sql>) => (await h.rows<{ n: number }>(q))[0]!.n;

beforeAll(async () => {
  h = await freshDb();
  await seedMunicipalities(h);
  const ids = await h.rows<{ id: string; number: string }>(
    sql`select id, number from municipalities where number in ('5607', '0301')`,
  );
  vadso = ids.find((r) => r.number === "5607")!.id;
  oslo = ids.find((r) => r.number === "0301")!.id;
  deps = {
    db: h,
    now: () => clock,
    log: { info() {}, debug() {}, error() {}, warn() {} },
    bus: { publish: () => {}, subscribe: () => () => {} },
    env: parseEnv({ MEDVIRK_SECRET: "test-secret-test-secret-test-secret-0123", LOG_LEVEL: "silent" }),
  };
  staffA = {
    id: await person({ email: "a@example.org" }),
    memberships: [{ tenantId: vadso, role: "secretary", bodyId: null }],
    platformAdmin: false,
  };
  staffB = {
    id: await person({ email: "b@example.org" }),
    memberships: [{ tenantId: vadso, role: "admin", bodyId: null }],
    platformAdmin: false,
  };
  roundId = must(
    await createRound(deps, staffA, {
      tenantId: vadso,
      key: "papir-2027",
      title: { nb: "Papirrunde" },
      budget: 100_000n,
      eligibility: { minAge: 15 },
      rules: { ballot: { kind: "knapsack" }, tally: { rule: "mes", completion: "add1" } },
      categories: [],
    }),
  ).id;
  must(await movePhase(deps, staffA, { tenantId: vadso, roundId, to: "proposals" }));
  for (const title of ["Benker", "Lys"])
    must(await submitProposal(deps, { id: staffA.id }, { tenantId: vadso, roundId, title, estimatedCost: 20_000n }));
  for (const p of await listProposals(h.db, roundId))
    must(
      await reviewProposal(deps, staffA, {
        tenantId: vadso,
        proposalId: p.id,
        decision: "feasible",
        officialCost: 20_000n,
      }),
    );
  codes = (await listProposals(h.db, roundId)).map((p) => p.code);
  must(await movePhase(deps, staffA, { tenantId: vadso, roundId, to: "voting" }));
});
afterAll(async () => h?.dispose());

const paper = (voter: { name: string; birthYear: string; address?: string; phone?: string }, actor = staffA) =>
  enterPaperBallotForResident(deps, actor, { tenantId: vadso, roundId, ballot: { projects: [codes[0]!] }, voter });

describe("paper ballots for residents without an account", () => {
  it("counts a voter known only by name, birth year and address once, however the address is typed", async () => {
    const { id } = must(await paper({ name: "Ragnhild Olsen", birthYear: "1948", address: "Storgata 12, 9800 Vadsø" }));
    // Entered again before the check: the same person, refused while the first waits.
    expect(
      await paper({ name: "ragnhild  olsen", birthYear: "1948", address: "STORGATA 12,  9800 Vadsø" }),
    ).toMatchObject({
      ok: false,
      error: { code: "errors.paperPending", status: 409 },
    });
    must(await confirmPaperBallot(deps, staffB, { tenantId: vadso, paperBallotId: id, accept: true }));
    expect(
      await paper({ name: "Ragnhild Olsen", birthYear: "1948", address: "Storgata 12, 9800 Vadsø" }),
    ).toMatchObject({
      ok: false,
      error: { code: "errors.paperAlreadyVoted", status: 409 },
    });
    expect(await count(sql`select count(*)::int as n from pb_voter_roll where round_id = ${roundId}`)).toBe(1);
    expect(await count(sql`select count(*)::int as n from pb_ballots where round_id = ${roundId}`)).toBe(1);
    // The address is not stored in clear anywhere.
    expect(await count(sql`select count(*)::int as n from person_identities where subject ilike '%storgata%'`)).toBe(0);
    // A different person of the same name (another birth year) is another voter.
    must(await paper({ name: "Ragnhild Olsen", birthYear: "1975", address: "Storgata 12, 9800 Vadsø" }));
  });

  it("meets a web voter by phone number: a resident who voted online is refused on paper, and nothing changes", async () => {
    const web = await person({
      phone: "+4790011223",
      phoneVerifiedAt: clock,
      email: "web@example.org",
      emailVerifiedAt: clock,
    });
    must(
      await castBallot(
        deps,
        { id: web },
        { tenantId: vadso, roundId, areaKey: null, ballot: { projects: [codes[1]!] }, ageConfirmed: true },
      ),
    );
    const before = await h.rows(sql`select projects from pb_ballots where round_id = ${roundId} order by projects`);
    expect(await paper({ name: "Per Hansen", birthYear: "1980", phone: "900 11 223" })).toMatchObject({
      ok: false,
      error: { code: "errors.paperAlreadyVoted" },
    });
    expect(await h.rows(sql`select projects from pb_ballots where round_id = ${roundId} order by projects`)).toEqual(
      before,
    );
    expect(await count(sql`select count(*)::int as n from pb_paper_ballots where person_id = ${web}`)).toBe(0);
  });

  it("refuses bad input with the field named, and other municipalities' staff, creating no one", async () => {
    const people = await count(sql`select count(*)::int as n from persons`);
    const cases: [Parameters<typeof paper>[0], string, string][] = [
      [{ name: "", birthYear: "1980", address: "Kirkegata 1" }, "errors.paperNameRequired", "name"],
      [{ name: "Ola", birthYear: "80", address: "Kirkegata 1" }, "errors.paperBirthYear", "birthYear"],
      [{ name: "Ola", birthYear: "1980" }, "errors.paperAddressOrPhone", "address"],
      [{ name: "Ola", birthYear: "1980", phone: "12" }, "errors.paperPhone", "phone"],
    ];
    for (const [voter, code, field] of cases)
      expect(await paper(voter)).toMatchObject({ ok: false, error: { code, field, status: 400 } });
    const osloStaff: Actor = {
      id: staffA.id,
      memberships: [{ tenantId: oslo, role: "admin", bodyId: null }],
      platformAdmin: false,
    };
    expect(await paper({ name: "Ola", birthYear: "1980", address: "Kirkegata 1" }, osloStaff)).toMatchObject({
      ok: false,
      error: { status: 403 },
    });
    expect(await count(sql`select count(*)::int as n from persons`)).toBe(people);
    // Too young for the round (15 this year): refused, the person recorded but no ballot.
    expect(await paper({ name: "Lille Ola", birthYear: "2016", address: "Kirkegata 1" })).toMatchObject({
      ok: false,
      error: { code: "errors.paperTooYoung", field: "birthYear", params: { age: 15 } },
    });
  });
});
