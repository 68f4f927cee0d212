import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smsConversations, smsDeliveryEvents, smsInbound, smsOptOuts, smsOutbox } from "#db/schema/index.ts";
import { registerSmsHandler, registerSmsKeyword, type SmsReplyContext } from "#app/modules/sms/conversations.server.ts";
import { phoneHash } from "#app/modules/sms/crypto.server.ts";
import { enqueueSms, wakeSmsWorkers } from "#app/modules/sms/outbox.server.ts";
import type { E164 } from "#app/modules/sms/phone.ts";
import {
  FAKE_ACCOUNT_SID,
  FAKE_AUTH_TOKEN,
  FAKE_MESSAGING_SERVICE_SID,
  startFakeTwilio,
  type FakeTwilio,
} from "#tests/setup/fake-twilio.ts";
import { startTestServer } from "#tests/setup/server.ts";
import { SMS_SECRET } from "./sms-setup.ts";

// Twilio's webhooks over HTTP against the real server (production build), the
// in-process worker sending answers through the real twilio SDK to the fake,
// on the run's driver. Webhooks are signed with the SDK's own function.
const PUBLIC = "https://medvirk.example";
// A clock running in real time but at 10:00 UTC (daytime in Oslo), so quiet hours never hold messages back.
const start = Date.now();
const offset = Date.parse("2026-11-23T10:00:00Z") - start;
const now = () => new Date(Date.now() + offset);

let server: Awaited<ReturnType<typeof startTestServer>>;
let fake: FakeTwilio;
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
});
afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

const db = () => server.deps.db.db;
const inboundUrl = () => `${server.url}/webhooks/twilio/sms`;
const inbound = (from: string, body: string, o: Parameters<FakeTwilio["postInbound"]>[3] = {}) =>
  fake.postInbound(inboundUrl(), from, body, { signAs: `${PUBLIC}/webhooks/twilio/sms`, ...o });
const hashOf = (p: string) => phoneHash(server.deps.env, p as E164);
async function sentTo(to: string, n = 1, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const list = fake.messages.filter((m) => m.to === to);
    if (list.length >= n) return list;
    if (Date.now() > until) throw new Error(`expected ${n} SMS to ${to}, got ${list.length}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
async function settle(ms = 300) {
  await new Promise((r) => setTimeout(r, ms));
}
async function queue(
  to: string,
  body: string,
  key: string,
  conversation?: Parameters<typeof enqueueSms>[2]["conversation"],
  lang = "nb",
) {
  const r = await enqueueSms(db(), server.deps, { tenantId: null, key, to, body, lang, conversation });
  if (!r.ok) throw new Error(r.error.code);
  wakeSmsWorkers();
  return r.value.id;
}

describe("inbound SMS webhook", () => {
  it("refuses a bad or missing signature with 403 and stores nothing", async () => {
    const bad = await inbound("+4741000001", "Hei", { badSignature: true });
    expect(bad.status).toBe(403);
    const wrongUrl = await inbound("+4741000001", "Hei", { signAs: `${PUBLIC}/somewhere/else` });
    expect(wrongUrl.status).toBe(403);
    const none = await fetch(inboundUrl(), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "MessageSid=SMx&From=%2B4741000001&Body=Hei",
    });
    expect(none.status).toBe(403);
    expect(await db().select().from(smsInbound)).toHaveLength(0);
  });

  it("answers an unknown message politely with TwiML: a stranger in Bokmål and English, a known number in its language", async () => {
    const res = await inbound("+4741000002", "Hva er dette?");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/xml/);
    expect(await res.text()).toContain("<Response></Response>");
    const [stranger] = await sentTo("+4741000002");
    // A number we have written to in Bokmål is answered in Bokmål only (issue 18). The answer goes
    // to that phone alone, which already knows we wrote to it, so this reveals nothing to anyone else.
    await queue("+4741000003", "Invitasjon til folkemøte", "known:1");
    await sentTo("+4741000003");
    await inbound("+4741000003", "Hva er dette?");
    const known = await sentTo("+4741000003", 2);
    expect(stranger!.body).toBe(
      `${known[1]!.body} / We did not understand your message. Reply HELP for help or STOP to opt out.`,
    );
    expect(stranger!.body).toContain("HJELP");
    const rows = await db()
      .select()
      .from(smsInbound)
      .where(eq(smsInbound.fromHash, hashOf("+4741000002")));
    expect(rows[0]).toMatchObject({ handledAs: "unknown", body: "Hva er dette?" });
    expect(rows[0]!.fromEnc).not.toContain("41000002");
  });

  it("a replayed webhook (same MessageSid, or same idempotency token) is processed once", async () => {
    const sid = "SM" + "1".repeat(32);
    const a = await inbound("+4741000004", "HJELP", {
      messageSid: sid,
      headers: { "i-twilio-idempotency-token": "tok-1" },
    });
    const b = await inbound("+4741000004", "HJELP", {
      messageSid: sid,
      headers: { "i-twilio-idempotency-token": "tok-1" },
    });
    const c = await inbound("+4741000004", "HJELP", {
      messageSid: "SM" + "2".repeat(32),
      headers: { "i-twilio-idempotency-token": "tok-1" },
    });
    expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
    expect(
      await db()
        .select()
        .from(smsInbound)
        .where(eq(smsInbound.fromHash, hashOf("+4741000004"))),
    ).toHaveLength(1);
    await sentTo("+4741000004");
    await settle();
    expect(fake.messages.filter((m) => m.to === "+4741000004")).toHaveLength(1);
  });

  it("STOP opts out (no further sends, not even a later campaign); START opts in again", async () => {
    const phone = "+4741000005";
    await inbound(phone, "Stopp");
    const [opt] = await db()
      .select()
      .from(smsOptOuts)
      .where(eq(smsOptOuts.phoneHash, hashOf(phone)));
    expect(opt).toMatchObject({ source: "keyword" });
    const held = await queue(phone, "Kampanje 1", "campaign:1:5");
    for (let i = 0; i < 100; i++) {
      const [r] = await db().select().from(smsOutbox).where(eq(smsOutbox.id, held));
      if (r!.status !== "queued" && r!.status !== "sending") break;
      await settle(50);
    }
    const [r1] = await db().select().from(smsOutbox).where(eq(smsOutbox.id, held));
    expect(r1!.status).toBe("suppressed");
    // STOP itself is confirmed once, in the language of the word (issue 18); the campaign is not sent.
    const [stopped] = await sentTo(phone);
    expect(stopped!.body).toContain("meldt av");
    expect(fake.messages.filter((m) => m.to === phone)).toHaveLength(1);

    await inbound(phone, "START");
    expect(
      await db()
        .select()
        .from(smsOptOuts)
        .where(eq(smsOptOuts.phoneHash, hashOf(phone))),
    ).toHaveLength(0);
    const [, confirm] = await sentTo(phone, 2);
    expect(confirm!.body).toContain("igjen");
    await queue(phone, "Kampanje 2", "campaign:2:5");
    const all = await sentTo(phone, 3);
    expect(all[2]!.body).toBe("Kampanje 2");
  });

  it("a reply goes to the open conversation's handler, read in the conversation's language", async () => {
    const calls: SmsReplyContext[] = [];
    registerSmsHandler("test.rsvp", {
      async onReply(ctx) {
        calls.push(ctx);
        return { reply: ctx.parsed.kind === "yes" ? "Takk, vi ser deg!" : "Ok, kanskje neste gang." };
      },
    });
    const phone = "+4741000006";
    await queue(
      phone,
      "Kjem du på møtet? Svar JA eller NEI.",
      "rsvp:6",
      { kind: "test.rsvp", ref: { meeting: "m1" }, expecting: { kind: "yesno" } },
      "nn",
    );
    await sentTo(phone);
    await inbound(phone, "kanskje");
    const again = await sentTo(phone, 2);
    expect(again[1]!.body).toBe("Vi forstod ikkje svaret. Svar JA eller NEI.");
    expect(calls).toHaveLength(0);
    await inbound(phone, "Ja!");
    const done = await sentTo(phone, 3);
    expect(done[2]!.body).toBe("Takk, vi ser deg!");
    expect(calls).toHaveLength(1);
    expect(calls[0]!.conversation).toMatchObject({ kind: "test.rsvp", ref: { meeting: "m1" }, lang: "nn" });
    expect(calls[0]!.phone).toBe(phone);
    const [conv] = await db()
      .select()
      .from(smsConversations)
      .where(eq(smsConversations.phoneHash, hashOf(phone)));
    expect(conv!.status).toBe("closed");
    // With the conversation closed, a further "ja" is no longer an answer.
    await inbound(phone, "ja");
    const last = await sentTo(phone, 4);
    expect(last[3]!.body).toContain("HJELP");
  });

  it("a registered keyword starts its flow without an earlier message", async () => {
    registerSmsKeyword(["TESTVOTE"], "test.vote", {
      async onReply(ctx) {
        return { reply: `Stemme mottatt: ${ctx.args}` };
      },
    });
    await inbound("+4741000007", "testvote 1 3 7");
    const [m] = await sentTo("+4741000007");
    expect(m!.body).toBe("Stemme mottatt: 1 3 7");
  });
});

describe("status callback webhook", () => {
  it("moves delivery status forward only: a late 'sent' never overwrites 'delivered'", async () => {
    const id = await queue("+4741000008", "Påminnelse", "status:8");
    const [m] = await sentTo("+4741000008");
    expect(m!.statusCallback).toBe(`${PUBLIC}/webhooks/twilio/status?o=${id}`);
    const target = { ...m!, statusCallback: `${server.url}/webhooks/twilio/status?o=${id}` };
    const sign = { signAs: m!.statusCallback! };
    expect((await fake.postStatus(target, "delivered", {}, sign)).status).toBe(200);
    expect((await fake.postStatus(target, "sent", {}, sign)).status).toBe(200);
    expect((await fake.postStatus(target, "queued", {}, sign)).status).toBe(200);
    const [row] = await db().select().from(smsOutbox).where(eq(smsOutbox.id, id));
    expect(row).toMatchObject({ status: "sent", deliveryStatus: "delivered", providerSid: m!.sid });
    const events = await db().select().from(smsDeliveryEvents).where(eq(smsDeliveryEvents.providerSid, m!.sid));
    expect(events.map((e) => [e.status, e.applied])).toEqual([
      ["delivered", true],
      ["sent", false],
      ["queued", false],
    ]);
    // 'read' may still follow 'delivered'; 'failed' after 'delivered' may not.
    await fake.postStatus(target, "failed", { ErrorCode: "30003" }, sign);
    const [after] = await db().select().from(smsOutbox).where(eq(smsOutbox.id, id));
    expect(after!.deliveryStatus).toBe("delivered");
  });

  it("refuses a status callback with a bad signature", async () => {
    const before = (
      await db()
        .select({ n: sql<number>`count(*)::int` })
        .from(smsDeliveryEvents)
    )[0]!.n;
    const res = await fake.postStatus(
      { sid: "SM" + "9".repeat(32), to: "+4741000009", statusCallback: `${server.url}/webhooks/twilio/status?o=x` },
      "delivered",
      {},
      { badSignature: true },
    );
    expect(res.status).toBe(403);
    const after = (
      await db()
        .select({ n: sql<number>`count(*)::int` })
        .from(smsDeliveryEvents)
    )[0]!.n;
    expect(after).toBe(before);
  });
});
