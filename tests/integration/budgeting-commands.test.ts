import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DomainEvent } from "#app/lib/bus.ts";
import { parseEnv } from "#app/lib/env.ts";
import {
  castBallot,
  computeResult,
  confirmPaperBallot,
  createRound,
  enterPaperBallot,
  movePhase,
  reviewProposal,
  submitProposal,
  updateRules,
  verifyReceipt,
  type PbDeps,
} from "#app/modules/budgeting/commands.server.ts";
import { electionFromBallots, tally } from "#app/modules/budgeting/tally.ts";
import { ballotRulesOf, tallySpecOf, type StoredRules } from "#app/modules/budgeting/round.ts";
import { verifyAuditChain } from "#app/modules/identity/audit.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { persons } from "#db/schema/index.ts";
import { seedMunicipalities } from "#server/seed.ts";
import { freshDb } from "#tests/setup/db.ts";

// Participatory budgeting commands on the real database (both drivers):
// the voter roll's UNIQUE constraint under concurrency, frozen rules, paper
// ballots with a second staff check, receipts, and the result = the pure tally.
let h: Awaited<ReturnType<typeof freshDb>>;
let deps: PbDeps;
let vadso: string;
let oslo: string;
const events: DomainEvent[] = [];
let clock = new Date("2026-11-20T10:00:00Z");
let staffA: Actor;
let staffB: Actor;
let osloStaff: Actor;
const residents: string[] = [];

const must = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
};

async function person(email: string): Promise<string> {
  const [p] = await h.db.insert(persons).values({ email, emailVerifiedAt: clock }).returning({ id: persons.id });
  return p!.id;
}

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
    bus: { publish: (e) => void events.push(e), subscribe: () => () => {} },
    env: parseEnv({ MEDVIRK_SECRET: "test-secret-test-secret-test-secret-0123", LOG_LEVEL: "silent" }),
  };
  const a = await person("staff-a@example.org");
  const b = await person("staff-b@example.org");
  staffA = { id: a, memberships: [{ tenantId: vadso, role: "secretary", bodyId: null }], platformAdmin: false };
  staffB = { id: b, memberships: [{ tenantId: vadso, role: "admin", bodyId: null }], platformAdmin: false };
  osloStaff = { id: a, memberships: [{ tenantId: oslo, role: "admin", bodyId: null }], platformAdmin: false };
  for (let i = 0; i < 6; i++) residents.push(await person(`resident-${i}@example.org`));
});
afterAll(async () => {
  await h?.dispose();
});

const KNAPSACK: StoredRules = { ballot: { kind: "knapsack" }, tally: { rule: "mes", completion: "add1" } };
const ids: Record<string, string> = {};
/** P1…P5 (the order of the specs) → the code the round gave each proposal (concurrent submissions get codes in any order). */
const code: Record<string, string> = {};
const C = (...names: string[]) => names.map((n) => code[n]!);

describe("a round from proposals to result", () => {
  it("staff create a round; other municipalities' staff and residents may not", async () => {
    const input = {
      tenantId: vadso,
      key: "pb-2027",
      title: { nb: "Innbyggerbudsjett 2027" },
      budget: 100_000n,
      rules: KNAPSACK,
      categories: ["park", "sport"],
    };
    expect(await createRound(deps, osloStaff, input)).toMatchObject({ ok: false, error: { status: 403 } });
    expect(await createRound(deps, { id: residents[0]!, memberships: [], platformAdmin: false }, input)).toMatchObject({
      ok: false,
      error: { status: 403 },
    });
    ids.round = must(await createRound(deps, staffA, input)).id;
    expect(await createRound(deps, staffA, input)).toMatchObject({
      ok: false,
      error: { code: "errors.keyTaken", status: 409 },
    });
    expect(
      await submitProposal(
        deps,
        { id: residents[0]! },
        { tenantId: vadso, roundId: ids.round, title: "Benker i parken", estimatedCost: 10_000n },
      ),
    ).toMatchObject({ ok: false, error: { code: "errors.notTakingProposals" } });
    must(await movePhase(deps, staffA, { tenantId: vadso, roundId: ids.round, to: "proposals" }));
  });

  it("residents propose; bad input is refused with a field; staff review with an official cost and reasons", async () => {
    const r = ids.round!;
    expect(
      await submitProposal(
        deps,
        { id: residents[0]! },
        { tenantId: vadso, roundId: r, title: "x", estimatedCost: 10n },
      ),
    ).toMatchObject({ ok: false, error: { field: "title" } });
    expect(
      await submitProposal(
        deps,
        { id: residents[0]! },
        { tenantId: vadso, roundId: r, title: "Benker", estimatedCost: 0n },
      ),
    ).toMatchObject({ ok: false, error: { field: "estimatedCost" } });
    expect(
      await submitProposal(
        deps,
        { id: residents[0]! },
        { tenantId: vadso, roundId: r, title: "Benker", estimatedCost: 5n, category: "space" },
      ),
    ).toMatchObject({ ok: false, error: { field: "category" } });
    const specs: [string, bigint, string][] = [
      ["Benker i parken", 30_000n, "park"],
      ["Ny ballbinge", 60_000n, "sport"],
      ["Lys i lysløypa", 40_000n, "sport"],
      ["Blomsterbed", 20_000n, "park"],
      ["Gapahuk", 50_000n, "park"],
    ];
    // two residents propose at the same moment: codes stay unique
    const made = await Promise.all(
      specs.map(([title, cost, category], i) =>
        submitProposal(
          deps,
          { id: residents[i]! },
          { tenantId: vadso, roundId: r, title, estimatedCost: cost, category },
        ),
      ),
    );
    const codes = made.map((m) => must(m).code);
    expect(new Set(codes).size).toBe(5);
    codes.forEach((c, i) => (code[`P${i + 1}`] = c));
    made.forEach((m, i) => (ids[`p${i}`] = must(m).id));
    // official cost differs from the estimate: a public reason is required
    expect(
      await reviewProposal(deps, staffA, {
        tenantId: vadso,
        proposalId: ids.p0!,
        decision: "feasible",
        officialCost: 35_000n,
      }),
    ).toMatchObject({ ok: false, error: { field: "costReason" } });
    must(
      await reviewProposal(deps, staffA, {
        tenantId: vadso,
        proposalId: ids.p0!,
        decision: "feasible",
        officialCost: 35_000n,
        costReason: "Universelt utformede benker koster mer",
      }),
    );
    must(
      await reviewProposal(deps, staffA, {
        tenantId: vadso,
        proposalId: ids.p1!,
        decision: "feasible",
        officialCost: 60_000n,
      }),
    );
    must(
      await reviewProposal(deps, staffA, {
        tenantId: vadso,
        proposalId: ids.p2!,
        decision: "feasible",
        officialCost: 40_000n,
      }),
    );
    must(
      await reviewProposal(deps, staffA, {
        tenantId: vadso,
        proposalId: ids.p3!,
        decision: "feasible",
        officialCost: 20_000n,
      }),
    );
    expect(
      await reviewProposal(deps, staffA, { tenantId: vadso, proposalId: ids.p4!, decision: "rejected" }),
    ).toMatchObject({ ok: false, error: { field: "reason" } });
    must(
      await reviewProposal(deps, staffA, {
        tenantId: vadso,
        proposalId: ids.p4!,
        decision: "rejected",
        reason: "Ligger på privat grunn",
      }),
    );
    expect(
      await reviewProposal(deps, osloStaff, {
        tenantId: vadso,
        proposalId: ids.p3!,
        decision: "feasible",
        officialCost: 1n,
      }),
    ).toMatchObject({ ok: false, error: { status: 403 } });
    const rows = await h.rows<{ code: string; status: string; official_cost: string | null }>(
      sql`select code, status, official_cost::text from pb_proposals where round_id = ${r} order by code`,
    );
    expect(rows.filter((x) => x.status === "feasible").length).toBe(4);
  });

  it("rules may change before voting; once voting opens they are frozen, and phases never go back", async () => {
    const r = ids.round!;
    must(
      await updateRules(deps, staffA, {
        tenantId: vadso,
        roundId: r,
        rules: { ballot: { kind: "approval", maxProjects: 2 }, tally: { rule: "greedy" } },
      }),
    );
    must(await updateRules(deps, staffA, { tenantId: vadso, roundId: r, rules: KNAPSACK }));
    must(await movePhase(deps, staffA, { tenantId: vadso, roundId: r, to: "voting" }));
    const frozen = await updateRules(deps, staffB, {
      tenantId: vadso,
      roundId: r,
      rules: { ballot: { kind: "approval", maxProjects: 1 }, tally: { rule: "greedy" } },
    });
    expect(frozen).toMatchObject({ ok: false, error: { code: "errors.rulesFrozen", status: 409 } });
    expect(await movePhase(deps, staffA, { tenantId: vadso, roundId: r, to: "proposals" })).toMatchObject({
      ok: false,
      error: { code: "errors.phaseBackwards" },
    });
    const [row] = await h.rows<{ rules: StoredRules; rules_frozen_at: string | null }>(
      sql`select rules, rules_frozen_at from pb_rounds where id = ${r}`,
    );
    expect(row!.rules).toEqual(KNAPSACK);
    expect(row!.rules_frozen_at).not.toBeNull();
  });

  it("a ballot over the budget is refused with the totals and nothing is stored", async () => {
    const r = ids.round!;
    const over = await castBallot(
      deps,
      { id: residents[0]! },
      { tenantId: vadso, roundId: r, ballot: { projects: C("P1", "P2", "P3") } },
    );
    expect(over).toMatchObject({
      ok: false,
      error: {
        code: "errors.ballotInvalid",
        ballotErrors: [{ code: "over-budget", limit: "100000", total: "135000" }],
      },
    });
    const unknown = await castBallot(
      deps,
      { id: residents[0]! },
      { tenantId: vadso, roundId: r, ballot: { projects: C("P5") } },
    );
    expect(unknown).toMatchObject({
      ok: false,
      error: { ballotErrors: [{ code: "unknown-project", project: code.P5 }] },
    });
    const [n] = await h.rows<{ roll: number; ballots: number }>(
      sql`select (select count(*)::int from pb_voter_roll) as roll, (select count(*)::int from pb_ballots) as ballots`,
    );
    expect(n).toEqual({ roll: 0, ballots: 0 });
  });

  it("two ballots from the same person at once: one roll row, one ballot (the last counts), both receipts resolve", async () => {
    const r = ids.round!;
    const v = residents[1]!;
    const [x, y] = await Promise.all([
      castBallot(deps, { id: v }, { tenantId: vadso, roundId: r, ballot: { projects: C("P1", "P4") } }),
      castBallot(deps, { id: v }, { tenantId: vadso, roundId: r, ballot: { projects: C("P2", "P3") } }),
    ]);
    const rx = must(x).receipt;
    const ry = must(y).receipt;
    const roll = await h.rows<{ person_id: string; submissions: number }>(
      sql`select person_id, submissions from pb_voter_roll where round_id = ${r}`,
    );
    expect(roll).toEqual([{ person_id: v, submissions: 2 }]);
    const ballots = await h.rows<{ projects: string[]; version: number }>(
      sql`select projects, version from pb_ballots where round_id = ${r}`,
    );
    expect(ballots).toHaveLength(1);
    expect(ballots[0]!.version).toBe(2);
    const checks = await Promise.all(
      [rx, ry].map((code) => verifyReceipt(deps, { tenantId: vadso, roundId: r, code })),
    );
    const counted = checks.filter((c) => c.status === "counted");
    expect(counted).toHaveLength(1);
    expect(checks.filter((c) => c.status === "replaced")).toHaveLength(1);
    expect(counted[0]).toMatchObject({ projects: ballots[0]!.projects });
    // the ballot table holds no person and no time
    const cols = await h.rows<{ column_name: string }>(
      sql`select column_name from information_schema.columns where table_name = 'pb_ballots'`,
    );
    expect(cols.map((c) => c.column_name).filter((c) => /person|_at$|time/.test(c))).toEqual([]);
  });

  it("receipts verify: counted with its content; a changed ballot's old receipt says replaced; a made-up code is unknown", async () => {
    const r = ids.round!;
    const v = residents[2]!;
    const first = must(
      await castBallot(deps, { id: v }, { tenantId: vadso, roundId: r, ballot: { projects: C("P1") } }),
    );
    expect(first.replaced).toBe(false);
    const second = must(
      await castBallot(deps, { id: v }, { tenantId: vadso, roundId: r, ballot: { projects: C("P2", "P3") } }),
    );
    expect(second.replaced).toBe(true);
    const seen = await verifyReceipt(deps, {
      tenantId: vadso,
      roundId: r,
      code: second.receipt.toLowerCase().replace("-", " "),
    });
    expect(seen).toMatchObject({ status: "counted", points: null, channel: "web" });
    expect(seen.status === "counted" && [...seen.projects].sort()).toEqual(C("P2", "P3").sort());
    expect(await verifyReceipt(deps, { tenantId: vadso, roundId: r, code: first.receipt })).toEqual({
      status: "replaced",
    });
    expect(await verifyReceipt(deps, { tenantId: vadso, roundId: r, code: "AAAAA-AAAAA" })).toEqual({
      status: "unknown",
    });
    expect(await verifyReceipt(deps, { tenantId: oslo, roundId: r, code: second.receipt })).toEqual({
      status: "unknown",
    });
  });

  it("a paper ballot counts only after a second, different staff member confirms it; both steps are audited", async () => {
    const r = ids.round!;
    const v = residents[3]!;
    const { id } = must(
      await enterPaperBallot(deps, staffA, {
        tenantId: vadso,
        roundId: r,
        personId: v,
        ballot: { projects: C("P1", "P4") },
      }),
    );
    expect(await h.rows(sql`select 1 from pb_voter_roll where person_id = ${v}`)).toHaveLength(0);
    expect(await confirmPaperBallot(deps, staffA, { tenantId: vadso, paperBallotId: id, accept: true })).toMatchObject({
      ok: false,
      error: { code: "errors.secondStaffRequired", status: 403 },
    });
    expect(
      await confirmPaperBallot(deps, osloStaff, { tenantId: vadso, paperBallotId: id, accept: true }),
    ).toMatchObject({ ok: false, error: { status: 403 } });
    const ok = must(await confirmPaperBallot(deps, staffB, { tenantId: vadso, paperBallotId: id, accept: true }));
    expect(ok.status).toBe("confirmed");
    expect(await confirmPaperBallot(deps, staffB, { tenantId: vadso, paperBallotId: id, accept: true })).toMatchObject({
      ok: false,
      error: { code: "errors.paperNotPending" },
    });
    expect(await h.rows(sql`select channel from pb_voter_roll where person_id = ${v}`)).toEqual([{ channel: "paper" }]);
    const [entry] = await h.rows<{
      projects: string[] | null;
      entered_by_person_id: string;
      confirmed_by_person_id: string;
    }>(sql`select projects, entered_by_person_id, confirmed_by_person_id from pb_paper_ballots where id = ${id}`);
    expect(entry).toEqual({ projects: null, entered_by_person_id: staffA.id, confirmed_by_person_id: staffB.id });
    expect(await verifyReceipt(deps, { tenantId: vadso, roundId: r, code: ok.receipt! })).toMatchObject({
      status: "counted",
      channel: "paper",
    });
    const audit = await h.rows<{ action: string }>(
      sql`select action from audit_events where subject_id = ${id} order by seq`,
    );
    expect(audit.map((a) => a.action)).toEqual(["budgeting.paper.entered", "budgeting.paper.confirmed"]);
    // a rejected entry never counts
    const second = must(
      await enterPaperBallot(deps, staffB, {
        tenantId: vadso,
        roundId: r,
        personId: residents[4]!,
        ballot: { projects: C("P2") },
      }),
    );
    expect(
      await confirmPaperBallot(deps, staffA, { tenantId: vadso, paperBallotId: second.id, accept: false }),
    ).toMatchObject({ ok: false, error: { field: "reason" } });
    must(
      await confirmPaperBallot(deps, staffA, {
        tenantId: vadso,
        paperBallotId: second.id,
        accept: false,
        reason: "Feil navn på stemmeseddelen",
      }),
    );
    expect(await h.rows(sql`select 1 from pb_voter_roll where person_id = ${residents[4]!}`)).toHaveLength(0);
    expect((await verifyAuditChain(h.db)).ok).toBe(true);
  });

  it("after closing: no more ballots, and the result equals the pure tally of the ballots in the box", async () => {
    const r = ids.round!;
    must(
      await castBallot(
        deps,
        { id: residents[5]! },
        { tenantId: vadso, roundId: r, ballot: { projects: C("P2", "P4") } },
      ),
    );
    must(
      await castBallot(
        deps,
        { id: residents[0]! },
        { tenantId: vadso, roundId: r, ballot: { projects: C("P1", "P3") } },
      ),
    );
    expect(await computeResult(deps, staffA, { tenantId: vadso, roundId: r })).toMatchObject({
      ok: false,
      error: { code: "errors.votingNotClosed" },
    });
    must(await movePhase(deps, staffA, { tenantId: vadso, roundId: r, to: "result" }));
    const late = await castBallot(
      deps,
      { id: residents[4]! },
      { tenantId: vadso, roundId: r, ballot: { projects: C("P1") } },
    );
    expect(late).toMatchObject({ ok: false, error: { code: "errors.votingClosed", status: 409 } });
    const [scope] = must(await computeResult(deps, staffA, { tenantId: vadso, roundId: r }));
    const box = await h.rows<{ projects: string[] }>(sql`select projects from pb_ballots where round_id = ${r}`);
    expect(scope!.ballots).toBe(5);
    const projects = (
      await h.rows<{ code: string; official_cost: string }>(
        sql`select code, official_cost::text from pb_proposals where round_id = ${r} and status = 'feasible' order by created_at, code`,
      )
    ).map((p) => ({ id: p.code, cost: BigInt(p.official_cost) }));
    const e = electionFromBallots(
      ballotRulesOf(KNAPSACK.ballot, 100_000n),
      projects,
      100_000n,
      0,
      box.map((b) => ({ projects: b.projects })),
    );
    const pure = tally(e, tallySpecOf(KNAPSACK.tally));
    expect([...scope!.result.selected].sort()).toEqual([...pure.selected].sort());
    expect(scope!.result.cost).toBe(pure.cost);
    const stored = await h.rows<{ result: { selected: string[]; cost: string } }>(
      sql`select result from pb_results where round_id = ${r}`,
    );
    expect(stored[0]!.result.selected).toEqual(pure.selected);
    expect(stored[0]!.result.cost).toBe(pure.cost.toString());
    expect(events.some((e) => e.type === "budgeting.result.computed")).toBe(true);
    expect(events.every((e) => !("personId" in e))).toBe(true);
  });
});

describe("areas and eligibility", () => {
  it("per-area budgets and one roll row per person per area; the level is enforced", async () => {
    const round = must(
      await createRound(deps, staffB, {
        tenantId: vadso,
        key: "pb-omraader",
        title: { nb: "Områdebudsjett" },
        budget: 1n,
        rules: { ballot: { kind: "approval", maxProjects: 1 }, tally: { rule: "greedy" } },
        eligibility: { level: "phone", minAge: 15 },
        areas: [
          { key: "sentrum", name: { nb: "Sentrum" }, budget: 50_000n },
          { key: "kiby", name: { nb: "Kiby" }, budget: 30_000n },
        ],
      }),
    ).id;
    must(await movePhase(deps, staffB, { tenantId: vadso, roundId: round, to: "proposals" }));
    const a = must(
      await submitProposal(
        deps,
        { id: residents[0]! },
        { tenantId: vadso, roundId: round, areaKey: "sentrum", title: "Torget", estimatedCost: 10_000n },
      ),
    );
    const b = must(
      await submitProposal(
        deps,
        { id: residents[0]! },
        { tenantId: vadso, roundId: round, areaKey: "kiby", title: "Brygga", estimatedCost: 10_000n },
      ),
    );
    expect(
      await submitProposal(
        deps,
        { id: residents[0]! },
        { tenantId: vadso, roundId: round, areaKey: "nowhere", title: "X-prosjekt", estimatedCost: 1n },
      ),
    ).toMatchObject({ ok: false, error: { field: "area" } });
    for (const p of [a, b])
      must(
        await reviewProposal(deps, staffB, {
          tenantId: vadso,
          proposalId: p.id,
          decision: "feasible",
          officialCost: 10_000n,
        }),
      );
    must(await movePhase(deps, staffB, { tenantId: vadso, roundId: round, to: "voting" }));
    const v = residents[5]!;
    expect(
      await castBallot(
        deps,
        { id: v },
        { tenantId: vadso, roundId: round, areaKey: "sentrum", ballot: { projects: [a.code] }, ageConfirmed: true },
      ),
    ).toMatchObject({ ok: false, error: { code: "errors.levelTooLow" } });
    await h.db.execute(sql`update persons set phone = '+4791234567', phone_verified_at = now() where id = ${v}`);
    expect(
      await castBallot(
        deps,
        { id: v },
        { tenantId: vadso, roundId: round, areaKey: "sentrum", ballot: { projects: [a.code] } },
      ),
    ).toMatchObject({ ok: false, error: { code: "errors.ageRequired" } });
    // the other area's project is not on this area's ballot
    expect(
      await castBallot(
        deps,
        { id: v },
        { tenantId: vadso, roundId: round, areaKey: "sentrum", ballot: { projects: [b.code] }, ageConfirmed: true },
      ),
    ).toMatchObject({ ok: false, error: { ballotErrors: [{ code: "unknown-project" }] } });
    must(
      await castBallot(
        deps,
        { id: v },
        { tenantId: vadso, roundId: round, areaKey: "sentrum", ballot: { projects: [a.code] }, ageConfirmed: true },
      ),
    );
    must(
      await castBallot(
        deps,
        { id: v },
        { tenantId: vadso, roundId: round, areaKey: "kiby", ballot: { projects: [b.code] }, ageConfirmed: true },
      ),
    );
    const roll = await h.rows<{ n: number }>(
      sql`select count(*)::int as n from pb_voter_roll where round_id = ${round} and person_id = ${v}`,
    );
    expect(roll[0]!.n).toBe(2);
    // the database itself refuses a second roll row for the same round, area and person
    await expect(
      h.db.execute(
        sql`insert into pb_voter_roll (tenant_id, round_id, scope, person_id, channel, first_voted_at, last_voted_at) select tenant_id, round_id, scope, person_id, 'web', now(), now() from pb_voter_roll where round_id = ${round} and person_id = ${v} limit 1`,
      ),
    ).rejects.toThrow();
    clock = new Date("2026-11-21T10:00:00Z");
  });
});
