import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createRound,
  movePhase,
  reviewProposal,
  submitProposal,
  verifyReceipt,
} from "#app/modules/budgeting/commands.server.ts";
import { enqueueSms, wakeSmsWorkers } from "#app/modules/sms/outbox.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { persons } from "#db/schema/index.ts";
import {
  FAKE_ACCOUNT_SID,
  FAKE_AUTH_TOKEN,
  FAKE_MESSAGING_SERVICE_SID,
  startFakeTwilio,
  type FakeTwilio,
} from "#tests/setup/fake-twilio.ts";
import { startTestServer } from "#tests/setup/server.ts";
import { SMS_SECRET } from "./sms-setup.ts";

// A PB ballot by SMS end to end: a signed Twilio webhook into the real server
// (production build), the SMS module's dispatcher hands "PB …" to the
// budgeting handler, castBallot stores it (channel "sms"), and the
// confirmation goes out through the outbox worker and the real twilio SDK to
// the fake Twilio. A second SMS changes the ballot; a reply to an invitation
// (a conversation) votes without the keyword. Both drivers.
const PUBLIC = "https://medvirk.example";
const offset = Date.parse("2026-11-23T10:00:00Z") - Date.now(); // daytime in Oslo: no quiet hours
const now = () => new Date(Date.now() + offset);

let server: Awaited<ReturnType<typeof startTestServer>>;
let fake: FakeTwilio;
let tenantId: string;
let roundId: string;
const code: Record<string, string> = {};

beforeAll(async () => {
  fake = await startFakeTwilio({ now });
  server = await startTestServer({
    demo: false,
    now,
    env: {
      MEDVIRK_SECRET: SMS_SECRET,
      PUBLIC_URL: PUBLIC,
      SMS_TRANSPORT: "twilio",
      TWILIO_ACCOUNT_SID: FAKE_ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: FAKE_AUTH_TOKEN,
      TWILIO_MESSAGING_SERVICE_SID: FAKE_MESSAGING_SERVICE_SID,
      TWILIO_API_BASE_URL: fake.url,
    },
  });
  const deps = server.deps;
  tenantId = deps.tenants.bySlugOrAlias("vadso")!.municipality.id;
  const [s] = await deps.db.db
    .insert(persons)
    .values({ email: "pb-sms-staff@example.org", emailVerifiedAt: now() })
    .returning({ id: persons.id });
  const staff: Actor = { id: s!.id, memberships: [{ tenantId, role: "admin", bodyId: null }], platformAdmin: false };
  const r = await createRound(deps, staff, {
    tenantId,
    key: "pb-sms",
    title: { nb: "Innbyggerbudsjett 2027" },
    budget: 100_000n,
    rules: { ballot: { kind: "approval", maxProjects: 2 }, tally: { rule: "greedy" } },
    eligibility: { level: "phone" },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  roundId = r.value.id;
  await movePhase(deps, staff, { tenantId, roundId, to: "proposals" });
  for (const [title, cost] of [
    ["Benker i parken", 30_000n],
    ["Ny ballbinge", 60_000n],
    ["Lys i lysløypa", 40_000n],
  ] as const) {
    const p = await submitProposal(deps, { id: staff.id }, { tenantId, roundId, title, estimatedCost: cost });
    if (!p.ok) throw new Error(JSON.stringify(p.error));
    code[title] = p.value.code;
    await reviewProposal(deps, staff, { tenantId, proposalId: p.value.id, decision: "feasible", officialCost: cost });
  }
  await movePhase(deps, staff, { tenantId, roundId, to: "voting" });
});
afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

const inbound = (from: string, body: string) =>
  fake.postInbound(`${server.url}/webhooks/twilio/sms`, from, body, { signAs: `${PUBLIC}/webhooks/twilio/sms` });
async function sentTo(to: string, n: number) {
  const until = Date.now() + 15_000;
  for (;;) {
    const list = fake.messages.filter((m) => m.to === to);
    if (list.length >= n) return list;
    if (Date.now() > until) throw new Error(`expected ${n} SMS to ${to}, got ${list.length}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const ballots = () =>
  server.deps.db.rows<{ projects: string[]; channel: string; version: number }>(
    sql`select projects, channel, version from pb_ballots where round_id = ${roundId}`,
  );

describe("PB ballots by SMS through Twilio", () => {
  it("'PB <codes>' is cast and confirmed; a second SMS changes the ballot and the last counts", async () => {
    const phone = "+4741200001";
    const res = await inbound(phone, `PB ${code["Benker i parken"]} og ${code["Lys i lysløypa"]}`);
    expect(res.status).toBe(200);
    const [first] = await sentTo(phone, 1);
    expect(first!.body).toContain(
      `er registrert: ${code["Benker i parken"]} Benker i parken, ${code["Lys i lysløypa"]} Lys i lysløypa.`,
    );
    const receipt1 = /Kvittering: ([A-Z2-9]{5}-[A-Z2-9]{5})/.exec(first!.body)![1]!;
    expect(await ballots()).toEqual([
      { projects: [code["Benker i parken"], code["Lys i lysløypa"]], channel: "sms", version: 1 },
    ]);

    await inbound(phone, `pb ${code["Ny ballbinge"]}`);
    const [, second] = await sentTo(phone, 2);
    expect(second!.body).toContain("Den nye stemmen din");
    const receipt2 = /Kvittering: ([A-Z2-9]{5}-[A-Z2-9]{5})/.exec(second!.body)![1]!;
    expect(await ballots()).toEqual([{ projects: [code["Ny ballbinge"]], channel: "sms", version: 2 }]);
    const roll = await server.deps.db.rows<{ n: number }>(
      sql`select count(*)::int as n from pb_voter_roll where round_id = ${roundId}`,
    );
    expect(roll[0]!.n).toBe(1);
    expect(await verifyReceipt(server.deps, { tenantId, roundId, code: receipt1 })).toEqual({ status: "replaced" });
    expect(await verifyReceipt(server.deps, { tenantId, roundId, code: receipt2 })).toMatchObject({
      status: "counted",
      channel: "sms",
    });
  });

  it("too many codes are refused with the reason and nothing changes", async () => {
    const phone = "+4741200002";
    await inbound(phone, `PB ${code["Benker i parken"]} ${code["Ny ballbinge"]} ${code["Lys i lysløypa"]}`);
    const [reply] = await sentTo(phone, 1);
    expect(reply!.body).toContain("Stemmen ble ikke registrert. Velg høyst 2 prosjekter (du har valgt 3).");
    expect(await ballots()).toHaveLength(1);
  });

  it("a reply to an invitation (a conversation) votes without the keyword", async () => {
    const phone = "+4741200003";
    const q = await enqueueSms(server.deps.db.db, server.deps, {
      tenantId,
      key: `pb-invite:${roundId}:${phone}`,
      to: phone,
      body: "Stem i Innbyggerbudsjett 2027: svar med kodene.",
      lang: "nb",
      purpose: "budgeting.invite",
      conversation: { kind: "budgeting.ballot", ref: { roundId }, expecting: { kind: "free" }, ttlHours: 72 },
    });
    expect(q.ok).toBe(true);
    wakeSmsWorkers();
    await sentTo(phone, 1);
    await inbound(phone, code["Lys i lysløypa"]!);
    const [, confirm] = await sentTo(phone, 2);
    expect(confirm!.body).toContain(`er registrert: ${code["Lys i lysløypa"]} Lys i lysløypa.`);
    expect(await ballots()).toHaveLength(2);
  });
});
