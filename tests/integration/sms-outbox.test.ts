import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { smsOptOuts, smsOutbox } from "#db/schema/index.ts";
import { createSmsWorker, enqueueSms, enqueueSmsMany } from "#app/modules/sms/outbox.server.ts";
import { decryptPhone, phoneHash } from "#app/modules/sms/crypto.server.ts";
import type { E164 } from "#app/modules/sms/phone.ts";
import { FAKE_MESSAGING_SERVICE_SID, startFakeTwilio, type FakeTwilio } from "#tests/setup/fake-twilio.ts";
import { drain, smsDeps, twilioTransportFor } from "./sms-setup.ts";

// The durable outbox and its worker, with the real twilio SDK talking HTTP to
// the local fake, on the run's driver (PGlite or PostgreSQL).
let ctx: Awaited<ReturnType<typeof smsDeps>>;
let fake: FakeTwilio;
let clock = new Date("2026-11-23T10:00:00Z"); // 11:00 in Oslo: outside quiet hours
beforeAll(async () => {
  ctx = await smsDeps({ now: () => clock });
  fake = await startFakeTwilio({ now: () => clock });
});
afterAll(async () => {
  await fake?.close();
  await ctx?.db.dispose();
});
beforeEach(async () => {
  clock = new Date("2026-11-23T10:00:00Z");
  await ctx.db.db.delete(smsOutbox);
  await ctx.db.db.delete(smsOptOuts);
  await ctx.db.rows(sql`delete from sms_rate_slots`);
  fake.messages.length = 0;
  fake.requests.length = 0;
});

let seq = 0;
const phone = () => `+47412${String(10_000 + (++seq % 90_000)).padStart(5, "0")}`;
async function enqueue(n: number, o: { to?: string; body?: (i: number) => string; urgent?: boolean } = {}) {
  const ids: string[] = [];
  await ctx.db.db.transaction(async (tx) => {
    for (let i = 0; i < n; i++) {
      const r = await enqueueSms(tx, ctx.deps, {
        tenantId: null,
        key: `test:${++seq}`,
        to: o.to ?? phone(),
        body: o.body?.(i) ?? `Melding ${seq}`,
        lang: "nb",
        urgent: o.urgent,
      });
      if (!r.ok) throw new Error(r.error.code);
      ids.push(r.value.id);
    }
  });
  return ids;
}
const rows = (ids: string[]) => ctx.db.db.select().from(smsOutbox).where(inArray(smsOutbox.id, ids));
const worker = (o: Partial<Parameters<typeof createSmsWorker>[1]> = {}) =>
  createSmsWorker(ctx.deps, {
    transport: twilioTransportFor(fake),
    backoffMs: 1,
    maxBackoffMs: 1,
    ratePerSecond: 1000,
    statusCallback: (id) => `https://medvirk.example/webhooks/twilio/status?o=${id}`,
    ...o,
  });
const allFinal = (ids: string[]) => async () =>
  (await rows(ids)).every((r) => r.status !== "queued" && r.status !== "sending");

describe("enqueueSms", () => {
  it("queues one row per idempotency key, encrypts the number and keeps a lookup hash", async () => {
    let first = "";
    await ctx.db.db.transaction(async (tx) => {
      const a = await enqueueSms(tx, ctx.deps, { tenantId: null, key: "once", to: "412 34 567", body: "Hei\r\nder" });
      const b = await enqueueSms(tx, ctx.deps, { tenantId: null, key: "once", to: "412 34 567", body: "Hei der" });
      expect(a).toMatchObject({ ok: true, value: { created: true } });
      expect(b).toMatchObject({ ok: true, value: { created: false } });
      first = a.ok ? a.value.id : "";
      expect(b.ok && b.value.id).toBe(first);
    });
    const [row] = await rows([first]);
    expect(row!.toEnc).not.toContain("41234567");
    expect(decryptPhone(ctx.deps.env, row!.toEnc)).toBe("+4741234567");
    expect(row!.toHash).toBe(phoneHash(ctx.deps.env, "+4741234567" as E164));
    expect(row!.body).toBe("Hei\nder");
    expect(row).toMatchObject({ status: "queued", encoding: "GSM-7", segments: 1, attempts: 0 });
  });

  it("refuses a 2,000-character message with the reason, and a bad number, queuing nothing", async () => {
    const long = await enqueueSms(ctx.db.db, ctx.deps, {
      tenantId: null,
      key: "long",
      to: "41234567",
      body: "a".repeat(2000),
    });
    expect(long).toMatchObject({
      ok: false,
      error: { code: "sms.tooLong", field: "body", params: { characters: 2000, encoding: "GSM-7" } },
    });
    const bad = await enqueueSms(ctx.db.db, ctx.deps, { tenantId: null, key: "bad", to: "123", body: "Hei" });
    expect(bad).toMatchObject({ ok: false, error: { code: "phone.invalid", field: "to" } });
    expect(await ctx.db.db.select().from(smsOutbox)).toHaveLength(0);
  });

  it("enqueueSmsMany queues a batch in one statement, skips existing keys, and refuses the whole batch on one bad line", async () => {
    const batch = [0, 1, 2].map((i) => ({
      tenantId: null,
      key: `many:${i}`,
      to: `4123400${i}`,
      body: `Invitasjon ${i}`,
    }));
    expect(await enqueueSmsMany(ctx.db.db, ctx.deps, batch)).toEqual({ ok: true, value: { created: 3 } });
    expect(
      await enqueueSmsMany(ctx.db.db, ctx.deps, [
        ...batch,
        { tenantId: null, key: "many:3", to: "41234003", body: "Ny" },
      ]),
    ).toEqual({ ok: true, value: { created: 1 } });
    expect(
      await enqueueSmsMany(ctx.db.db, ctx.deps, [
        { tenantId: null, key: "many:4", to: "41234004", body: "Ok" },
        { tenantId: null, key: "many:5", to: "12", body: "Feil" },
      ]),
    ).toMatchObject({ ok: false, error: { code: "phone.invalid", index: 1 } });
    expect(await ctx.db.db.select().from(smsOutbox)).toHaveLength(4);
  });

  it("nothing is queued when the caller's transaction rolls back", async () => {
    await expect(
      ctx.db.db.transaction(async (tx) => {
        await enqueueSms(tx, ctx.deps, { tenantId: null, key: "rolled-back", to: "41234567", body: "Hei" });
        throw new Error("the invitation failed");
      }),
    ).rejects.toThrow("the invitation failed");
    expect(await ctx.db.db.select().from(smsOutbox)).toHaveLength(0);
  });
});

describe("the outbox worker with the twilio transport", () => {
  it("sends through the SDK with the Messaging Service and StatusCallback, and stores the SID", async () => {
    const [id] = await enqueue(1, { to: "+4741234567", body: () => "Hei fra kommunen" });
    expect(await worker().runOnce()).toBe(1);
    const [row] = await rows([id!]);
    expect(fake.creates()).toHaveLength(1);
    expect(fake.creates()[0]!.params).toMatchObject({
      To: "+4741234567",
      Body: "Hei fra kommunen",
      MessagingServiceSid: FAKE_MESSAGING_SERVICE_SID,
      StatusCallback: `https://medvirk.example/webhooks/twilio/status?o=${id}`,
    });
    expect(fake.creates()[0]!.authorized).toBe(true);
    expect(row).toMatchObject({
      status: "sent",
      providerSid: fake.messages[0]!.sid,
      transport: "twilio",
      attempts: 1,
      deliveryStatus: "accepted",
      lockedBy: null,
      inflightSince: null,
    });
  });

  it("sends From a long code when no Messaging Service is configured", async () => {
    const [id] = await enqueue(1);
    await worker({ transport: twilioTransportFor(fake, { from: "+4759440000" }) }).runOnce();
    expect(fake.creates()[0]!.params).toMatchObject({ From: "+4759440000" });
    expect(fake.creates()[0]!.params.MessagingServiceSid).toBeUndefined();
    expect((await rows([id!]))[0]).toMatchObject({ status: "sent", deliveryStatus: "queued" });
  });

  it("retries 429 and 500 with backoff, looking the message up after the ambiguous 500", async () => {
    const [id] = await enqueue(1);
    fake.fail({ status: 429 }, { status: 500 });
    const w = worker();
    await w.runOnce(); // 429
    let [row] = await rows([id!]);
    expect(row).toMatchObject({ status: "queued", attempts: 1, errorCode: 20429, inflightSince: null });
    expect(row!.nextAttemptAt.getTime()).toBeGreaterThan(clock.getTime());
    clock = new Date(clock.getTime() + 60_000);
    await w.runOnce(); // 500: ambiguous
    [row] = await rows([id!]);
    expect(row).toMatchObject({ status: "queued", attempts: 2, errorCode: 20500 });
    expect(row!.inflightSince).not.toBeNull();
    clock = new Date(clock.getTime() + 60_000);
    await w.runOnce(); // lookup finds nothing, then sends
    [row] = await rows([id!]);
    expect(row).toMatchObject({ status: "sent", attempts: 3 });
    expect(fake.lookups()).toHaveLength(1);
    expect(fake.creates()).toHaveLength(3);
    expect(fake.messages).toHaveLength(1);
  });

  it("after a timeout it finds the message at Twilio and does not send it again", async () => {
    const [id] = await enqueue(1, { body: () => "Påminnelse: møte i kveld" });
    fake.fail("hang");
    const w = worker({ transport: twilioTransportFor(fake, { timeoutMs: 300 }) });
    await w.runOnce();
    let [row] = await rows([id!]);
    expect(row!.status).toBe("queued");
    expect(row!.inflightSince).not.toBeNull();
    clock = new Date(clock.getTime() + 60_000);
    await w.runOnce();
    [row] = await rows([id!]);
    expect(fake.lookups()).toHaveLength(1);
    expect(fake.creates()).toHaveLength(1);
    expect(fake.messages).toHaveLength(1);
    expect(row).toMatchObject({ status: "sent", providerSid: fake.messages[0]!.sid, attempts: 1 });
  });

  it("a cut connection after Twilio accepted the message is also looked up, not resent", async () => {
    const [id] = await enqueue(1);
    fake.fail("reset");
    const w = worker();
    await w.runOnce();
    clock = new Date(clock.getTime() + 60_000);
    await w.runOnce();
    const [row] = await rows([id!]);
    expect(row).toMatchObject({ status: "sent", providerSid: fake.messages[0]!.sid });
    expect(fake.messages).toHaveLength(1);
  });

  it("dead-letters after the maximum number of attempts", async () => {
    const [id] = await enqueue(1);
    fake.fail({ status: 429 }, { status: 429 }, { status: 429 });
    const w = worker({ maxAttempts: 3 });
    for (let i = 0; i < 3; i++) {
      await w.runOnce();
      clock = new Date(clock.getTime() + 60_000);
    }
    const [row] = await rows([id!]);
    expect(row).toMatchObject({ status: "dead", attempts: 3, errorCode: 20429 });
    expect(await w.runOnce()).toBe(0);
    expect(fake.messages).toHaveLength(0);
  });

  it("Twilio's 21610 records an opt-out; later messages to that phone are suppressed without a call", async () => {
    fake.refuseTo("+4741299999", 21610);
    const [a] = await enqueue(1, { to: "+4741299999" });
    await worker().runOnce();
    expect((await rows([a!]))[0]).toMatchObject({ status: "suppressed", errorCode: 21610 });
    const opt = await ctx.db.db
      .select()
      .from(smsOptOuts)
      .where(eq(smsOptOuts.phoneHash, phoneHash(ctx.deps.env, "+4741299999" as E164)));
    expect(opt[0]?.source).toBe("twilio-21610");
    const before = fake.creates().length;
    const [b] = await enqueue(1, { to: "+4741299999" });
    await worker().runOnce();
    expect((await rows([b!]))[0]!.status).toBe("suppressed");
    expect(fake.creates().length).toBe(before);
  });

  it("holds non-urgent messages in quiet hours and sends urgent ones", async () => {
    clock = new Date("2026-11-23T21:30:00Z"); // 22:30 in Oslo
    const [later] = await enqueue(1);
    const [now] = await enqueue(1, { urgent: true });
    await worker().runOnce();
    const [l] = await rows([later!]);
    const [n] = await rows([now!]);
    expect(n!.status).toBe("sent");
    expect(l!.status).toBe("queued");
    expect(l!.nextAttemptAt.toISOString()).toBe("2026-11-24T07:00:00.000Z");
    expect(l!.attempts).toBe(0);
  });

  it("two workers at once never send the same row", async () => {
    const ids = await enqueue(60, { body: (i) => `Invitasjon nr ${i}` });
    fake.setLatency(5);
    const a = worker({ workerId: "a", batchSize: 7 });
    const b = worker({ workerId: "b", batchSize: 7 });
    await Promise.all([drain(a.runOnce, allFinal(ids)), drain(b.runOnce, allFinal(ids))]);
    fake.setLatency(0);
    const bodies = fake.creates().map((r) => r.params.Body);
    expect(bodies).toHaveLength(60);
    expect(new Set(bodies).size).toBe(60);
    const sent = await rows(ids);
    expect(sent.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });

  it("the shared rate limit holds across two workers", async () => {
    const ids = await enqueue(12, { body: (i) => `Rate ${i}` });
    const t0 = Date.now();
    const opts = { ratePerSecond: 20, batchSize: 3 };
    await Promise.all([
      drain(worker({ ...opts, workerId: "r1" }).runOnce, allFinal(ids)),
      drain(worker({ ...opts, workerId: "r2" }).runOnce, allFinal(ids)),
    ]);
    const times = fake.creates().map((r) => r.at);
    expect(times).toHaveLength(12);
    // Slot k is reserved at t0 + k·50 ms at the earliest and nobody sends before its slot.
    expect(Math.max(...times) - t0).toBeGreaterThanOrEqual(11 * 50);
    const [slot] = await ctx.db.rows<{ next_at_ms: string }>(sql`select next_at_ms from sms_rate_slots`);
    expect(Number(slot!.next_at_ms) - t0).toBeGreaterThanOrEqual(12 * 50);
  });

  it("the rate limit counts segments: a 3-segment message takes three slots", async () => {
    const [id] = await enqueue(1, { body: () => "x".repeat(400) });
    expect((await rows([id!]))[0]!.segments).toBe(3);
    const t0 = Date.now();
    await worker({ ratePerSecond: 10 }).runOnce();
    const [slot] = await ctx.db.rows<{ next_at_ms: string }>(sql`select next_at_ms from sms_rate_slots`);
    expect(Number(slot!.next_at_ms) - t0).toBeGreaterThanOrEqual(300);
  });

  it("a worker that dies mid-batch loses its lease; the next one looks up instead of resending", async () => {
    const ids = await enqueue(5, { body: (i) => `Krasj ${i}` });
    // Worker A's sends reach Twilio, which never answers; A is then abandoned (it "died").
    fake.fail("hang", "hang", "hang", "hangBefore", "hangBefore");
    const a = worker({
      workerId: "dead",
      transport: twilioTransportFor(fake, { timeoutMs: 60_000 }),
      leaseMs: 30_000,
      concurrency: 5,
    });
    void a.runOnce();
    for (let i = 0; i < 500 && fake.creates().length < 5; i++) await new Promise((r) => setTimeout(r, 10));
    expect(fake.creates()).toHaveLength(5);
    clock = new Date(clock.getTime() + 31_000);
    const b = worker({ workerId: "b" });
    await drain(b.runOnce, allFinal(ids));
    const created = fake.messages.map((m) => m.body).sort();
    expect(created).toEqual(["Krasj 0", "Krasj 1", "Krasj 2", "Krasj 3", "Krasj 4"]);
    expect((await rows(ids)).every((r) => r.status === "sent")).toBe(true);
    expect(fake.lookups().length).toBe(5);
  });
});
