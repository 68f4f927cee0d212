import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "#app/lib/env.ts";
import {
  castBallot,
  createRound,
  movePhase,
  reviewProposal,
  submitProposal,
  verifyReceipt,
  type PbDeps,
} from "#app/modules/budgeting/commands.server.ts";
import { receiveSmsBallot, smsBallotInstructions } from "#app/modules/budgeting/sms.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { persons } from "#db/schema/index.ts";
import { seedMunicipalities } from "#server/seed.ts";
import { freshDb } from "#tests/setup/db.ts";

// Voting by SMS on the real database (both drivers): a ballot read from a
// text, cast with castBallot (channel "sms"), a changed ballot replacing the
// first, errors that record nothing, and a closed round. The SMS transport
// (Twilio webhook and outbox) belongs to the SMS module; this is the part
// it calls with the sender and the text.
let h: Awaited<ReturnType<typeof freshDb>>;
let deps: PbDeps;
let vadso: string;
let staff: Actor;
let roundId: string;
let clock = new Date("2026-11-20T10:00:00Z");
const code: Record<string, string> = {};

beforeAll(async () => {
  h = await freshDb();
  await seedMunicipalities(h);
  const [m] = await h.rows<{ id: string }>(sql`select id from municipalities where number = '5607'`);
  vadso = m!.id;
  deps = {
    db: h,
    now: () => clock,
    log: { info() {}, debug() {}, error() {}, warn() {} },
    bus: { publish: () => {}, subscribe: () => () => {} },
    env: parseEnv({ MEDVIRK_SECRET: "test-secret-test-secret-test-secret-0123", LOG_LEVEL: "silent" }),
  };
  const [s] = await h.db
    .insert(persons)
    .values({ email: "staff-sms@example.org", emailVerifiedAt: clock })
    .returning({ id: persons.id });
  staff = { id: s!.id, memberships: [{ tenantId: vadso, role: "admin", bodyId: null }], platformAdmin: false };
  const r = await createRound(deps, staff, {
    tenantId: vadso,
    key: "pb-sms",
    title: { nb: "Innbyggerbudsjett 2027" },
    budget: 100_000n,
    rules: { ballot: { kind: "knapsack" }, tally: { rule: "mes", completion: "add1" } },
    eligibility: { level: "phone", minAge: 13 },
    phaseDates: { voting: { endsAt: "2026-12-01T22:59:00Z" } },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  roundId = r.value.id;
  await movePhase(deps, staff, { tenantId: vadso, roundId, to: "proposals" });
  for (const [title, cost] of [
    ["Benker i parken", 30_000n],
    ["Ny ballbinge", 60_000n],
    ["Lys i lysløypa", 40_000n],
  ] as const) {
    const p = await submitProposal(deps, { id: staff.id }, { tenantId: vadso, roundId, title, estimatedCost: cost });
    if (!p.ok) throw new Error(JSON.stringify(p.error));
    code[title] = p.value.code;
    await reviewProposal(deps, staff, {
      tenantId: vadso,
      proposalId: p.value.id,
      decision: "feasible",
      officialCost: cost,
    });
  }
  await movePhase(deps, staff, { tenantId: vadso, roundId, to: "voting" });
});
afterAll(async () => {
  await h?.dispose();
});

const PHONE = "+4791234567";
const sms = (body: string, from = PHONE) => receiveSmsBallot(deps, { tenantId: vadso, from, body, locale: "nb" });
const counts = async () =>
  (
    await h.rows<{ roll: number; ballots: number }>(
      sql`select (select count(*)::int from pb_voter_roll where round_id = ${roundId}) as roll, (select count(*)::int from pb_ballots where round_id = ${roundId}) as ballots`,
    )
  )[0]!;

describe("voting by SMS", () => {
  it("the invitation lists the projects with their codes and says how to answer", async () => {
    const text = (await smsBallotInstructions(deps, { tenantId: vadso, roundId, locale: "nb" }))!;
    expect(text).toContain(`${code["Benker i parken"]} Benker i parken (30 000 kr)`);
    expect(text).toContain("til sammen høyst 100 000 kr");
    expect(text).toContain("minst 13 år");
    expect(text).toContain("til 1. desember kl. 23:59"); // 22:59 UTC is 23:59 in Norway in winter
  });

  it("a ballot by SMS is cast for the phone's person and confirmed with a summary and a receipt", async () => {
    const r = await sms(`${code["Benker i parken"]!.toLowerCase()} og ${code["Lys i lysløypa"]!.slice(1)}`);
    expect(r.outcome).toBe("cast");
    expect(r.replaced).toBe(false);
    expect(r.reply).toContain(
      `er registrert: ${code["Benker i parken"]} Benker i parken, ${code["Lys i lysløypa"]} Lys i lysløypa. Sum 70 000 kr av 100 000 kr.`,
    );
    expect(r.reply).toContain(`Kvittering: ${r.receipt}`);
    expect(await counts()).toEqual({ roll: 1, ballots: 1 });
    const [roll] = await h.rows<{ channel: string; phone: string; verified: boolean }>(
      sql`select r.channel, p.phone, p.phone_verified_at is not null as verified from pb_voter_roll r join persons p on p.id = r.person_id where r.round_id = ${roundId}`,
    );
    expect(roll).toEqual({ channel: "sms", phone: PHONE, verified: true });
    expect(await verifyReceipt(deps, { tenantId: vadso, roundId, code: r.receipt! })).toMatchObject({
      status: "counted",
      channel: "sms",
    });
  });

  it("a changed ballot replaces the first: the last counts, one roll row, the old receipt says replaced", async () => {
    const first = (
      await h.rows<{ receipt_hash: string }>(sql`select receipt_hash from pb_ballots where round_id = ${roundId}`)
    )[0]!;
    const r = await sms(code["Ny ballbinge"]!);
    expect(r.outcome).toBe("cast");
    expect(r.replaced).toBe(true);
    expect(r.reply).toContain("Den nye stemmen din");
    expect(await counts()).toEqual({ roll: 1, ballots: 1 });
    const [b] = await h.rows<{ projects: string[]; replaced_receipts: string[] }>(
      sql`select projects, replaced_receipts from pb_ballots where round_id = ${roundId}`,
    );
    expect(b!.projects).toEqual([code["Ny ballbinge"]]);
    expect(b!.replaced_receipts).toEqual([first.receipt_hash]);
  });

  it("a ballot over the budget, an unknown code or unreadable words record nothing and say why", async () => {
    const before = await h.rows(sql`select projects, version from pb_ballots where round_id = ${roundId}`);
    const over = await sms(
      `${code["Benker i parken"]} ${code["Ny ballbinge"]} ${code["Lys i lysløypa"]}`,
      "+4791234568",
    );
    expect(over.outcome).toBe("invalid");
    expect(over.reply).toContain("koster 130 000 kr, mer enn 100 000 kr");
    const unknown = await sms("P99");
    expect(unknown).toMatchObject({ outcome: "invalid" });
    expect(unknown.reply).toContain('"P99" er ikke på stemmeseddelen.');
    const words = await sms("jeg vil ha benker");
    expect(words.outcome).toBe("unreadable");
    expect(words.reply).toContain('Vi forsto ikke "jeg vil ha"');
    const help = await sms("HJELP");
    expect(help).toMatchObject({ outcome: "help" });
    expect(await sms("STOPP")).toEqual({ outcome: "keyword", keyword: "stop", reply: null });
    expect(await counts()).toEqual({ roll: 1, ballots: 1 });
    expect(await h.rows(sql`select projects, version from pb_ballots where round_id = ${roundId}`)).toEqual(before);
  });

  it("two SMS ballots from the same phone at once end as one roll row and one ballot", async () => {
    const [a, b] = await Promise.all([
      sms(code["Benker i parken"]!, "+4791234569"),
      sms(code["Lys i lysløypa"]!, "+4791234569"),
    ]);
    expect([a.outcome, b.outcome]).toEqual(["cast", "cast"]);
    expect(await counts()).toEqual({ roll: 2, ballots: 2 });
  });

  it("after the voting end date (phase dates) a ballot is refused even before staff move the phase", async () => {
    clock = new Date("2026-12-01T23:00:00Z"); // 00:00 on 2 December in Norway; voting ended 23:59 on 1 December
    const web = await castBallot(
      deps,
      { id: staff.id },
      { tenantId: vadso, roundId, ballot: { projects: [code["Benker i parken"]!] }, ageConfirmed: true },
    );
    expect(web).toMatchObject({ ok: false, error: { code: "errors.votingClosed" } });
    expect(await sms(code["Benker i parken"]!, "+4791234570")).toMatchObject({ outcome: "closed" });
    expect(await counts()).toEqual({ roll: 2, ballots: 2 });
    clock = new Date("2026-11-20T10:00:00Z");
  });

  it("after voting closes an SMS ballot is refused and nothing changes", async () => {
    await movePhase(deps, staff, { tenantId: vadso, roundId, to: "result" });
    const r = await sms(code["Benker i parken"]!);
    expect(r).toMatchObject({
      outcome: "closed",
      reply: 'Avstemningen i "Innbyggerbudsjett 2027" er stengt. Stemmen ble ikke registrert.',
    });
    expect(await counts()).toEqual({ roll: 2, ballots: 2 });
  });
});
