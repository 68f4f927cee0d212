import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bodies as bodiesTable,
  cases,
  consultationParticipants,
  consultations,
  follows,
  panelPoolMembers,
  panels,
  persons,
  processes,
  smsCampaigns,
  smsOutbox,
} from "#db/schema/index.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import type { Audience } from "#app/modules/sms/audiences.server.ts";
import { campaignProgress, sendCampaign } from "#app/modules/sms/campaigns.server.ts";
import { handleInboundSms, recordDeliveryStatus } from "#app/modules/sms/inbound.server.ts";
import { createSmsWorker } from "#app/modules/sms/outbox.server.ts";
import { seedMunicipalities } from "#server/seed.ts";
import { startFakeTwilio, type FakeTwilio } from "#tests/setup/fake-twilio.ts";
import { drain, smsDeps, twilioTransportFor } from "./sms-setup.ts";

// Campaigns on the run's driver: per-language bodies with merge fields, CSV
// recipients with bad lines, opt-outs respected, progress counts.
let ctx: Awaited<ReturnType<typeof smsDeps>>;
let fake: FakeTwilio;
let tenantId: string;
let staff: Actor;
const clock = () => new Date("2026-11-23T10:00:00Z");
beforeAll(async () => {
  ctx = await smsDeps({ now: clock });
  await seedMunicipalities(ctx.db);
  const [m] = await ctx.db.rows<{ id: string }>(sql`select id from municipalities order by number limit 1`);
  tenantId = m!.id;
  staff = {
    id: "00000000-0000-4000-8000-000000000001",
    memberships: [{ tenantId, role: "secretary", bodyId: null }],
    platformAdmin: false,
  };
  fake = await startFakeTwilio({ now: clock });
});
afterAll(async () => {
  await fake?.close();
  await ctx?.db.dispose();
});
const worker = () =>
  createSmsWorker(ctx.deps, { transport: twilioTransportFor(fake), ratePerSecond: 1000, backoffMs: 1 });
const runAll = async (campaignId: string) => {
  const w = worker();
  await drain(w.runOnce, async () => (await campaignProgress(ctx.deps, tenantId, campaignId)).queued === 0);
};
const bodies = { nb: "Hei {{name}}! Folkemøte i kveld kl. 19.", se: "Bures {{name}}! Álbmotčoahkkin odne diibmu 19." };

describe("SMS campaigns", () => {
  it("refuses people without the permission, and other municipalities", async () => {
    const resident: Actor = { id: staff.id, memberships: [], platformAdmin: false };
    expect(
      await sendCampaign(ctx.deps, resident, { tenantId, name: "x", bodies, recipientsCsv: "41234567,nb" }),
    ).toMatchObject({ ok: false, error: { code: "campaign.forbidden", status: 403 } });
    const other: Actor = {
      ...staff,
      memberships: [{ tenantId: "00000000-0000-4000-8000-00000000ffff", role: "admin", bodyId: null }],
    };
    expect(
      await sendCampaign(ctx.deps, other, { tenantId, name: "x", bodies, recipientsCsv: "41234567,nb" }),
    ).toMatchObject({ ok: false, error: { code: "campaign.forbidden" } });
  });

  it("lists invalid CSV lines and sends nothing until staff confirm; then sends each valid line once, in its language", async () => {
    const csv = "41500001,nb,Kari\n123,nb,Feil\n41500002,se,Máret\n41500003,pl,Jan";
    const first = await sendCampaign(ctx.deps, staff, { tenantId, name: "Folkemøte", bodies, recipientsCsv: csv });
    expect(first).toMatchObject({
      ok: false,
      error: { code: "campaign.invalidRecipients", invalid: [{ line: 2, value: "123", code: "phone.invalid" }] },
    });
    expect(await ctx.db.db.select().from(smsCampaigns)).toHaveLength(0);
    const sent = await sendCampaign(ctx.deps, staff, {
      tenantId,
      name: "Folkemøte",
      bodies,
      recipientsCsv: csv,
      confirmInvalid: true,
    });
    expect(sent).toMatchObject({ ok: true, value: { queued: 3, skipped: [{ line: 2 }] } });
    const id = sent.ok ? sent.value.id : "";
    await runAll(id);
    const byTo = Object.fromEntries(fake.messages.map((m) => [m.to, m.body]));
    expect(byTo).toEqual({
      "+4741500001": "Hei Kari! Folkemøte i kveld kl. 19.",
      "+4741500002": "Bures Máret! Álbmotčoahkkin odne diibmu 19.",
      "+4741500003": "Hei Jan! Folkemøte i kveld kl. 19.",
    });
    const rows = await ctx.db.db.select().from(smsOutbox).where(eq(smsOutbox.campaignId, id));
    expect(rows.find((r) => r.lang === "se")).toMatchObject({ encoding: "UCS-2", segments: 1 });
    // Progress: delivery callbacks and a reply show up in the counts.
    await recordDeliveryStatus(ctx.deps, { messageSid: fake.messages[0]!.sid, status: "delivered" });
    await recordDeliveryStatus(ctx.deps, {
      messageSid: fake.messages[1]!.sid,
      status: "undelivered",
      errorCode: 30003,
    });
    await handleInboundSms(ctx.deps, { messageSid: "SM" + "a".repeat(32), from: "+4741500003", body: "Kommer!" });
    expect(await campaignProgress(ctx.deps, tenantId, id)).toEqual({
      total: 3,
      queued: 0,
      sent: 3,
      delivered: 1,
      failed: 1,
      suppressed: 0,
      replied: 1,
      understood: 0, // "Kommer!" answers an announcement: nothing to act on
      stopped: 0,
    });
  });

  it("a status callback with error 21610 records an opt-out for that phone", async () => {
    const c = await sendCampaign(ctx.deps, staff, {
      tenantId,
      name: "21610",
      bodies,
      recipientsCsv: "41500021,nb,Ola",
    });
    const id = c.ok ? c.value.id : "";
    await runAll(id);
    const m = fake.messages.find((x) => x.to === "+4741500021")!;
    expect(await recordDeliveryStatus(ctx.deps, { messageSid: m.sid, status: "failed", errorCode: 21610 })).toEqual({
      applied: true,
      known: true,
    });
    const again = await sendCampaign(ctx.deps, staff, {
      tenantId,
      name: "21610 igjen",
      bodies,
      recipientsCsv: "41500021,nb,Ola",
    });
    const id2 = again.ok ? again.value.id : "";
    await runAll(id2);
    expect(await campaignProgress(ctx.deps, tenantId, id2)).toMatchObject({ total: 1, sent: 0, suppressed: 1 });
  });

  it("refuses a message over 10 segments with the language and the numbers", async () => {
    const r = await sendCampaign(ctx.deps, staff, {
      tenantId,
      name: "Lang",
      bodies: { nb: "a".repeat(2000) },
      recipientsCsv: "41234567",
    });
    expect(r).toMatchObject({
      ok: false,
      error: { code: "sms.tooLong", field: "body.nb", params: { lang: "nb", characters: 2000 } },
    });
  });

  it("STOP then a campaign: not sent; START: the next campaign is sent again", async () => {
    const phone = "+4741500009";
    await handleInboundSms(ctx.deps, { messageSid: "SM" + "b".repeat(32), from: phone, body: "AVMELD" });
    const c1 = await sendCampaign(ctx.deps, staff, {
      tenantId,
      name: "Etter stopp",
      bodies,
      recipientsCsv: `${phone},nb,Per`,
    });
    const id1 = c1.ok ? c1.value.id : "";
    await runAll(id1);
    expect(await campaignProgress(ctx.deps, tenantId, id1)).toMatchObject({
      total: 1,
      sent: 0,
      suppressed: 1,
      stopped: 1,
    });
    // Only the one confirmation of the opt-out went out (issue 18), not the campaign.
    expect(fake.messages.filter((m) => m.to === phone).map((m) => m.body)).toEqual([
      expect.stringContaining("meldt av"),
    ]);
    await handleInboundSms(ctx.deps, { messageSid: "SM" + "c".repeat(32), from: phone, body: "start" });
    const c2 = await sendCampaign(ctx.deps, staff, {
      tenantId,
      name: "Etter start",
      bodies,
      recipientsCsv: `${phone},nb,Per`,
    });
    const id2 = c2.ok ? c2.value.id : "";
    await drain(worker().runOnce, async () => fake.messages.filter((m) => m.to === phone).length >= 3);
    // Our confirmation of START (a reply, through the outbox) and the campaign, after the STOP confirmation.
    const got = fake.messages
      .filter((m) => m.to === phone)
      .slice(1)
      .map((m) => m.body);
    expect(got).toHaveLength(2);
    expect(got).toEqual(
      expect.arrayContaining([expect.stringContaining("igjen"), "Hei Per! Folkemøte i kveld kl. 19."]),
    );
    expect(await campaignProgress(ctx.deps, tenantId, id2)).toMatchObject({ sent: 1, suppressed: 0 });
  });

  it("reaches followers who chose SMS, a panel's pool and a consultation's participants besides the CSV, one message per number", async () => {
    const db = ctx.db.db;
    const now = clock();
    const person = async (phone: string, locale: string, verified = true) =>
      (
        await db
          .insert(persons)
          .values({ displayName: `P${phone.slice(-2)}`, phone, phoneVerifiedAt: verified ? now : null, locale })
          .returning({ id: persons.id })
      )[0]!.id;
    // Followers: one chose SMS (told), one e-mail (not), one SMS without a confirmed number (not).
    const smsFollower = await person("+4741600001", "se");
    const mailFollower = await person("+4741600002", "nb");
    const unconfirmed = await person("+4741600003", "nb", false);
    const target = "00000000-0000-4000-8000-00000000aaaa";
    await db.insert(follows).values([
      { tenantId, personId: smsFollower, targetType: "case", targetId: target, channel: "sms" },
      { tenantId, personId: mailFollower, targetType: "case", targetId: target, channel: "email" },
      { tenantId, personId: unconfirmed, targetType: "case", targetId: target, channel: "sms" },
    ]);
    // A panel's pool: two volunteers with a number (one withdrawn), one without.
    const [panel] = await db
      .insert(panels)
      .values({ tenantId, key: "sms-pool", title: { nb: "Klimapanelet" }, size: 2 })
      .returning({ id: panels.id });
    const pool = (name: string, phone: string | null, withdrawn = false) => ({
      tenantId,
      panelId: panel!.id,
      source: "web" as const,
      name,
      phone,
      profile: {},
      consentAt: now,
      consentVersion: "1",
      withdrawnAt: withdrawn ? now : null,
    });
    await db
      .insert(panelPoolMembers)
      .values([pool("Ola", "41600011"), pool("Kari", "+4741600012", true), pool("Nils", null)]);
    // A consultation's participants: one with a confirmed number, one without.
    const [body] = await db
      .insert(bodiesTable)
      .values({ tenantId, key: "sms-ks", kind: "kommunestyre", name: { nb: "Kommunestyret" } })
      .returning({ id: bodiesTable.id });
    const [kase] = await db
      .insert(cases)
      .values({ tenantId, year: 2026, sequence: 9901, title: { nb: "Ny skole" } })
      .returning({ id: cases.id });
    const [proc] = await db
      .insert(processes)
      .values({ tenantId, key: "sms-h", kind: "consultation", title: { nb: "Høring om ny skole" } })
      .returning({ id: processes.id });
    const [k] = await db
      .insert(consultations)
      .values({
        tenantId,
        processId: proc!.id,
        caseId: kase!.id,
        bodyId: body!.id,
        title: { nb: "Høring om ny skole" },
        opensAt: now,
        closesAt: new Date(now.getTime() + 14 * 86_400_000),
      })
      .returning({ id: consultations.id });
    const participant = await person("+4741600021", "en");
    const noPhone = await person("+4741600022", "nb", false);
    await db.insert(consultationParticipants).values([
      { tenantId, consultationId: k!.id, personId: participant },
      { tenantId, consultationId: k!.id, personId: noPhone },
    ]);
    const run = async (audience: Audience, csv = "") => {
      const r = await sendCampaign(ctx.deps, staff, {
        tenantId,
        name: `til ${audience.kind}`,
        bodies,
        recipientsCsv: csv,
        audience,
      });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      await runAll(r.value.id);
    };
    const before = fake.messages.length;
    await run({ kind: "followers" });
    await run({ kind: "panel", id: panel!.id }, "41600011,nb,Ola fra lista");
    await run({ kind: "consultation", id: k!.id });
    const sent = fake.messages.slice(before).map((m) => [m.to, m.body]);
    expect(sent).toEqual(
      expect.arrayContaining([
        ["+4741600001", "Bures P01! Álbmotčoahkkin odne diibmu 19."], // the follower's Sami text
        ["+4741600011", "Hei Ola fra lista! Folkemøte i kveld kl. 19."], // in the pool and in the CSV: once, the CSV line first
        ["+4741600021", "Hei P21! Folkemøte i kveld kl. 19."], // no English text: Bokmål
      ]),
    );
    expect(sent).toHaveLength(3);
    // Another municipality's panel is not an audience here.
    const [other] = await ctx.db.rows<{ id: string }>(
      sql`select id from municipalities where id <> ${tenantId} limit 1`,
    );
    const [foreign] = await db
      .insert(panels)
      .values({ tenantId: other!.id, key: "fremmed", title: { nb: "Fremmed" }, size: 2 })
      .returning({ id: panels.id });
    expect(
      await sendCampaign(ctx.deps, staff, {
        tenantId,
        name: "x",
        bodies,
        recipientsCsv: "",
        audience: { kind: "panel", id: foreign!.id },
      }),
    ).toMatchObject({ ok: false, error: { code: "campaign.audience", status: 400 } });
  });
});
