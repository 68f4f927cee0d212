import { randomBytes } from "node:crypto";
import type { ActionFunctionArgs } from "@remix-run/node";
import { and, desc, eq, sql } from "drizzle-orm";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReadCache } from "#app/lib/cache.ts";
import type { Deps } from "#app/lib/deps.ts";
import { parseEnv } from "#app/lib/env.ts";
import type { Locale } from "#app/lib/i18n.ts";
import { i18nFor, tFor } from "#app/lib/i18next.server.ts";
import {
  createRound,
  movePhase,
  reviewProposal,
  submitProposal,
  verifyReceipt,
} from "#app/modules/budgeting/commands.server.ts";
import { registerBudgetingSms } from "#app/modules/budgeting/sms.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { createPanel, setQuotas, setRecruiting } from "#app/modules/panels/commands.server.ts";
import { registerPanelsSms } from "#app/modules/panels/sms.server.ts";
import { notifySurvey, registerPanelSurveySms } from "#app/modules/panels/survey-sms.server.ts";
import { createSurvey, openSurvey } from "#app/modules/panels/surveys.server.ts";
import { campaignProgress, sendCampaign } from "#app/modules/sms/campaigns.server.ts";
import { phoneHash } from "#app/modules/sms/crypto.server.ts";
import { createSmsWorker, type SmsWorker } from "#app/modules/sms/outbox.server.ts";
import { setPersonLocale } from "#app/modules/sms/person-locale.server.ts";
import type { E164 } from "#app/modules/sms/phone.ts";
import { TenantDirectory } from "#app/modules/tenants/directory.server.ts";
import { action as inboundAction } from "#app/routes/webhooks.twilio.sms.ts";
import { action as statusAction } from "#app/routes/webhooks.twilio.status.ts";
import {
  panelInvitations,
  panelMembers,
  panelPoolMembers,
  panelSelections,
  panelSurveyResponses,
  persons,
  smsConversations,
  smsInbound,
  smsOptOuts,
} from "#db/schema/index.ts";
import { createBus } from "#server/bus.ts";
import { createLogger } from "#server/logger.ts";
import { seedMunicipalities } from "#server/seed.ts";
import { freshDb } from "#tests/setup/db.ts";
import {
  FAKE_ACCOUNT_SID,
  FAKE_AUTH_TOKEN,
  FAKE_MESSAGING_SERVICE_SID,
  startFakeTwilio,
  type FakeMessage,
  type FakeTwilio,
} from "#tests/setup/fake-twilio.ts";
import { SMS_SECRET, twilioTransportFor } from "./sms-setup.ts";

// Issue 18: every SMS reply understood and answered in the recipient's
// language. Staff send an invitation from the SMS page (a campaign whose
// replies join a panel, or vote in a PB round); the person, known only by
// their phone number, answers in their own language. The webhooks are the
// real route actions, called with Requests signed by the twilio SDK's own
// helper; answers go out through the outbox worker and the real twilio SDK to
// the local fake Twilio. Both drivers.
//
// The root cause this reproduces: the staff SMS page opened no conversation,
// so every reply ("JA", "JUO", "نعم", a code, "P1 P4", "1") fell through to
// "Vi forstod ikke meldingen" in Bokmål; an English "YES" to a yes/no question
// was taken as Twilio's opt-in keyword; STOP was never confirmed.

const PUBLIC = "https://medvirk.example";
const offset = Date.parse("2026-11-23T10:00:00Z") - Date.now(); // daytime in Oslo: no quiet hours
const now = () => new Date(Date.now() + offset);

let deps: Deps;
let fake: FakeTwilio;
let worker: SmsWorker;
let dispose: () => Promise<void>;
let tenantId: string;
let staff: Actor;
let panelId: string;
let selectionId: string;
let roundId: string;
const code: string[] = [];

beforeAll(async () => {
  fake = await startFakeTwilio({ now });
  const db = await freshDb();
  dispose = db.dispose;
  await seedMunicipalities(db);
  const env = parseEnv({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    MEDVIRK_SECRET: SMS_SECRET,
    PUBLIC_URL: PUBLIC,
    SMS_TRANSPORT: "twilio",
    TWILIO_ACCOUNT_SID: FAKE_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: FAKE_AUTH_TOKEN,
    TWILIO_MESSAGING_SERVICE_SID: FAKE_MESSAGING_SERVICE_SID,
    TWILIO_API_BASE_URL: fake.url,
  });
  const tenants = new TenantDirectory(db);
  await tenants.reload();
  deps = {
    env,
    db,
    log: createLogger("silent"),
    tenants,
    bus: createBus(),
    cache: new ReadCache({ ttlMs: 1_000, maxEntries: 100 }),
    demo: false,
    now,
    files: undefined as never,
  };
  // As server/app.ts does at start.
  registerBudgetingSms();
  registerPanelsSms();
  registerPanelSurveySms();
  worker = createSmsWorker(deps, {
    transport: twilioTransportFor(fake),
    ratePerSecond: 1000,
    backoffMs: 1,
    statusCallback: (id) => `${PUBLIC}/webhooks/twilio/status?o=${id}`,
  });

  tenantId = tenants.bySlugOrAlias("vadso")!.municipality.id;
  const [s] = await db.db
    .insert(persons)
    .values({ email: "sms-languages-staff@example.org", emailVerifiedAt: now() })
    .returning({ id: persons.id });
  staff = { id: s!.id, memberships: [{ tenantId, role: "admin", bodyId: null }], platformAdmin: false };

  const p = await createPanel(deps, staff, { tenantId, key: "havn", title: { nb: "Havnepanelet" }, size: 4 });
  if (!p.ok) throw new Error(JSON.stringify(p.error));
  panelId = p.value.id;
  const q = (feature: string) => ({
    category: "Alder",
    feature,
    min: 0,
    max: 20,
    populationShare: null,
    tolerance: null,
  });
  const qs = await setQuotas(deps, staff, { tenantId, panelId, rows: [q("Under 40"), q("40 eller eldre")] });
  if (!qs.ok) throw new Error(JSON.stringify(qs.error));
  await setRecruiting(deps, staff, { tenantId, panelId, open: true });
  // A seated panel for the survey step (the draw itself is tested in panels-commands).
  const [sel] = await db.db
    .insert(panelSelections)
    .values({ tenantId, panelId, method: "leximin", seed: "sms-languages", status: "done", requestedAt: now() })
    .returning({ id: panelSelections.id });
  selectionId = sel!.id;

  const r = await createRound(deps, staff, {
    tenantId,
    key: "pb-sprak",
    title: { nb: "Innbyggerbudsjett 2027" },
    budget: 100_000n,
    rules: { ballot: { kind: "knapsack" }, tally: { rule: "greedy" } },
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
    const pr = await submitProposal(deps, { id: staff.id }, { tenantId, roundId, title, estimatedCost: cost });
    if (!pr.ok) throw new Error(JSON.stringify(pr.error));
    code.push(pr.value.code);
    await reviewProposal(deps, staff, { tenantId, proposalId: pr.value.id, decision: "feasible", officialCost: cost });
  }
  await movePhase(deps, staff, { tenantId, roundId, to: "voting" });
});
afterAll(async () => {
  await worker?.stop();
  await fake?.close();
  await dispose?.();
});

// ---------------------------------------------------------------- helpers

const db = () => deps.db.db;
const hashOf = (p: string) => phoneHash(deps.env, p as E164);

/** Posts a form to one of our Twilio webhooks, signed as Twilio signs it, through the route's action. */
async function webhook(
  path: "/webhooks/twilio/sms" | "/webhooks/twilio/status",
  params: Record<string, string>,
  query = "",
) {
  const url = `${PUBLIC}${path}${query}`;
  const request = new Request(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": twilio.getExpectedTwilioSignature(FAKE_AUTH_TOKEN, url, params),
    },
    body: new URLSearchParams(params).toString(),
  });
  const action = path === "/webhooks/twilio/sms" ? inboundAction : statusAction;
  const res = await action({ request, params: {}, context: { deps } } as unknown as ActionFunctionArgs);
  expect(res.status).toBe(200);
  return res;
}

/** Sends everything that is due through the real SDK to the fake Twilio. */
async function drain() {
  for (let i = 0; i < 50; i++) if ((await worker.runOnce()) === 0) return;
  throw new Error("outbox did not drain");
}

/** An SMS from `from`, as Twilio posts it; then the answers go out. */
async function inbound(from: string, body: string, messageSid = "SM" + randomBytes(16).toString("hex")) {
  await webhook("/webhooks/twilio/sms", {
    AccountSid: FAKE_ACCOUNT_SID,
    MessageSid: messageSid,
    SmsSid: messageSid,
    From: from,
    To: "+4759440000",
    Body: body,
    NumMedia: "0",
    ApiVersion: "2010-04-01",
  });
  await drain();
}

const sentTo = (to: string) => fake.messages.filter((m) => m.to === to);
const lastTo = (to: string) => sentTo(to).at(-1)?.body;

/** Twilio's delivery callback for a message we sent. */
const delivered = (m: FakeMessage) => {
  const q = new URL(m.statusCallback!).search;
  return webhook(
    "/webhooks/twilio/status",
    { AccountSid: FAKE_ACCOUNT_SID, MessageSid: m.sid, MessageStatus: "delivered", To: m.to },
    q,
  );
};

const sms = (l: Locale, key: string, params: Record<string, unknown> = {}) => tFor(l)(key, { ns: "sms", ...params });
const panelsT = (l: Locale) => i18nFor(l).getFixedT(l, "panels");
const pbT = (l: Locale) => i18nFor(l).getFixedT(l, "budgeting");

/** An invitation to the panel and one to vote, each with a text in all eight languages, as staff write them. */
const LOCALES_ALL = ["nb", "nn", "se", "en", "pl", "uk", "so", "ar"] as const;
const panelBodies = Object.fromEntries(
  LOCALES_ALL.map((l) => [l, panelsT(l)("sms.invite", { municipality: "Vadsø", panel: "Havnepanelet" })]),
);
const pbBodies = Object.fromEntries(
  LOCALES_ALL.map((l) => [l, pbT(l)("sms.help", { round: "Innbyggerbudsjett 2027" })]),
);

async function invite(kind: "panel" | "pb", lines: string[], name: string) {
  const r = await sendCampaign(deps, staff, {
    tenantId,
    name,
    bodies: kind === "panel" ? panelBodies : pbBodies,
    recipientsCsv: lines.join("\n"),
    replies: kind === "panel" ? `panel:${panelId}` : `pb:${roundId}`,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  await drain();
  return r.value.id;
}

const personOf = async (phone: string) => (await db().select().from(persons).where(eq(persons.phone, phone)))[0];
/** Ballots are anonymous (ADR 036): the voter roll says who voted, the receipt finds the ballot. */
const votedBy = async (personId: string) =>
  (
    await deps.db.rows<{ channel: string }>(
      sql`select channel from pb_voter_roll where round_id = ${roundId} and person_id = ${personId}`,
    )
  ).map((r) => r.channel);
const receiptIn = (body: string) => /([A-Z2-9]{5}-[A-Z2-9]{5})/.exec(body)?.[1];

// ---------------------------------------------------------------- one person per language

const CASES: { lang: Locale; phone: string; yes: string; stop: string }[] = [
  { lang: "nb", phone: "+4741700001", yes: "JA", stop: "STOPP" },
  { lang: "nn", phone: "+4741700002", yes: "Ja takk", stop: "Stopp" },
  { lang: "se", phone: "+4741700003", yes: "Juo", stop: "BISSET" },
  { lang: "en", phone: "+4741700004", yes: "YES", stop: "STOP" },
  { lang: "pl", phone: "+4741700005", yes: "Tak", stop: "WYPISZ" },
  { lang: "uk", phone: "+4741700006", yes: "Так", stop: "СТОП" },
  { lang: "so", phone: "+4741700007", yes: "Haa", stop: "JOOJI" },
  { lang: "ar", phone: "+4741700008", yes: "نعم", stop: "توقف" },
];

describe.each(CASES)("a person known only by a phone number, in $lang", ({ lang, phone, yes, stop }) => {
  let personId: string;
  let panelCampaign: string;

  beforeAll(async () => {
    const [p] = await db().insert(persons).values({ phone, createdAt: now() }).returning({ id: persons.id });
    personId = p!.id;
  });

  it("gets the invitation in their language; the delivered invitation sets the person's language", async () => {
    panelCampaign = await invite("panel", [`${phone},${lang}`], `Panel ${lang}`);
    const [m] = sentTo(phone);
    expect(m!.body).toBe(panelBodies[lang]);
    await delivered(m!);
    expect((await personOf(phone))!.locale).toBe(lang);
  });

  it(`replies yes ("${yes}"), answers the numbered question with 1, and is in the panel`, async () => {
    await inbound(phone, yes);
    expect(lastTo(phone)).toBe(
      panelsT(lang)("sms.question", { category: "Alder", options: "1 Under 40, 2 40 eller eldre" }),
    );
    await inbound(phone, "1");
    expect(lastTo(phone)).toBe(panelsT(lang)("sms.thanks", { panel: "Havnepanelet" }));
    const members = await db().select().from(panelPoolMembers).where(eq(panelPoolMembers.phone, phone));
    expect(members).toHaveLength(1);
    expect(members[0]).toMatchObject({ personId, source: "sms", profile: { Alder: "Under 40" } });
    expect((await personOf(phone))!.locale).toBe(lang);
  });

  it(`votes with two project codes in the PB round by SMS and gets a receipt in ${lang}`, async () => {
    await invite("pb", [`${phone},${lang}`], `PB ${lang}`);
    expect(lastTo(phone)).toBe(pbBodies[lang]);
    await inbound(phone, `${code[0]} ${code[2]}`);
    const body = lastTo(phone)!;
    const receipt = receiptIn(body);
    expect(receipt).toBeDefined();
    expect(body).toContain(pbT(lang)("sms.receipt", { receipt }));
    expect(await verifyReceipt(deps, { tenantId, roundId, code: receipt! })).toMatchObject({
      status: "counted",
      projects: [code[0], code[2]],
      channel: "sms",
    });
    expect(await votedBy(personId)).toEqual(["sms"]);
  });

  it(`is seated, gets a panel survey question in ${lang}, answers 1 and is thanked`, async () => {
    const [member] = await db().select().from(panelPoolMembers).where(eq(panelPoolMembers.phone, phone));
    await db()
      .insert(panelMembers)
      .values({ tenantId, panelId, selectionId, poolMemberId: member!.id, joinedAt: now() });
    const s = await createSurvey(deps, staff, {
      tenantId,
      panelId,
      key: `havn-${lang}`,
      title: "Havna",
      questions: "single: Bruker du havna? | ja; nei",
    });
    if (!s.ok) throw new Error(JSON.stringify(s.error));
    const surveyId = s.value.id;
    expect(await openSurvey(deps, staff, { tenantId, surveyId })).toMatchObject({ ok: true });
    // Written in the member's language, which nobody chose on a form: it came from their SMS.
    expect(await notifySurvey(deps, staff, { tenantId, surveyId, reminder: false })).toMatchObject({ ok: true });
    await drain();
    expect(lastTo(phone)).toContain(
      panelsT(lang)("sms.surveyChoice", { question: "Bruker du havna?", options: "1 ja, 2 nei" }),
    );
    await inbound(phone, "1");
    expect(lastTo(phone)).toBe(panelsT(lang)("sms.surveyThanks", { survey: "Havna" }));
    const responses = await db().select().from(panelSurveyResponses).where(eq(panelSurveyResponses.surveyId, surveyId));
    expect(responses).toHaveLength(1);
  });

  it(`sends ${stop} and gets one confirmation in ${lang}; the campaign counts it`, async () => {
    const before = sentTo(phone).length;
    await inbound(phone, stop);
    expect(sentTo(phone)).toHaveLength(before + 1);
    expect(lastTo(phone)).toBe(sms(lang, "reply.stop"));
    await inbound(phone, stop); // a second STOP is not answered again
    expect(sentTo(phone)).toHaveLength(before + 1);
    expect(
      await db()
        .select()
        .from(smsOptOuts)
        .where(eq(smsOptOuts.phoneHash, hashOf(phone))),
    ).toHaveLength(1);
    const open = await db()
      .select()
      .from(smsConversations)
      .where(and(eq(smsConversations.phoneHash, hashOf(phone)), eq(smsConversations.status, "open")));
    expect(open).toHaveLength(0);
    expect(await campaignProgress(deps, tenantId, panelCampaign)).toMatchObject({
      total: 1,
      delivered: 1,
      replied: 1,
      understood: 1,
      stopped: 1,
    });
    expect((await personOf(phone))!.locale).toBe(lang);
  });
});

// ---------------------------------------------------------------- language switches

describe("a reply in another of our languages", () => {
  it("switches the conversation and the person, and says so in the new language", async () => {
    const phone = "+4741700101";
    await db().insert(persons).values({ phone, locale: "nb", createdAt: now() });
    await invite("panel", [`${phone},nb`], "Switch");
    expect(lastTo(phone)).toBe(panelBodies.nb);
    await inbound(phone, "Juo");
    expect(lastTo(phone)).toBe(
      `${sms("se", "reply.switched")} ${panelsT("se")("sms.question", { category: "Alder", options: "1 Under 40, 2 40 eller eldre" })}`,
    );
    expect((await personOf(phone))!.locale).toBe("se");
    const [conv] = await db()
      .select()
      .from(smsConversations)
      .where(and(eq(smsConversations.phoneHash, hashOf(phone)), eq(smsConversations.status, "open")));
    expect(conv!.lang).toBe("se");
    // Arabic yes on the next question is not a yes/no answer; a number is the answer in any language.
    await inbound(phone, "٢");
    expect(lastTo(phone)).toBe(panelsT("se")("sms.thanks", { panel: "Havnepanelet" }));
  });

  it("an Arabic yes to a Bokmål invitation is read as yes and the answer is in Arabic", async () => {
    const phone = "+4741700102";
    await invite("panel", [`${phone},nb`], "Switch ar");
    await inbound(phone, "نعم");
    expect(lastTo(phone)).toBe(
      `${sms("ar", "reply.switched")} ${panelsT("ar")("sms.question", { category: "Alder", options: "1 Under 40, 2 40 eller eldre" })}`,
    );
    // The person did not exist: the answer made one, in Arabic, when they joined.
    await inbound(phone, "1");
    expect((await personOf(phone))!.locale).toBe("ar");
  });

  it("a Norwegian yes from a Polish reader is read and the conversation stays Polish (borrowed words do not switch)", async () => {
    const phone = "+4741700104";
    await invite("panel", [`${phone},pl`], "Borrowed");
    await inbound(phone, "Ja");
    expect(lastTo(phone)).toBe(
      panelsT("pl")("sms.question", { category: "Alder", options: "1 Under 40, 2 40 eller eldre" }),
    );
    const [conv] = await db()
      .select()
      .from(smsConversations)
      .where(and(eq(smsConversations.phoneHash, hashOf(phone)), eq(smsConversations.status, "open")));
    expect(conv!.lang).toBe("pl");
  });

  it("setPersonLocale (the web's language switch) stores the language and moves open conversations", async () => {
    const phone = "+4741700103";
    const [p] = await db().insert(persons).values({ phone, locale: "nb", createdAt: now() }).returning();
    await invite("panel", [`${phone},nb`], "Web switch");
    expect(await setPersonLocale(deps, p!.id, "pl")).toEqual({ ok: true, value: { locale: "pl" } });
    expect(await setPersonLocale(deps, p!.id, "de")).toMatchObject({ ok: false, error: { status: 400 } });
    expect((await personOf(phone))!.locale).toBe("pl");
    await inbound(phone, "HELP"); // Twilio's word says nothing about the language: the answer stays Polish
    expect(lastTo(phone)).toBe(`${sms("pl", "reply.help")} ${sms("pl", "reply.expectYesNo")}`);
    // Messages to the person are now in Polish: a new invitation picks the Polish text over the list's.
    await invite("pb", [`${phone},nb`], "Web switch PB");
    expect(lastTo(phone)).toBe(pbBodies.pl);
  });
});

// ---------------------------------------------------------------- bad input

describe("bad input gets an answer that says what to do, and nothing counts twice", () => {
  it("a reply to a closed conversation", async () => {
    const phone = "+4741700201";
    await invite("panel", [`${phone},nn`], "Closed");
    await inbound(phone, "Nei");
    expect(lastTo(phone)).toBe(panelsT("nn")("sms.declined"));
    await inbound(phone, "Ja");
    expect(lastTo(phone)).toBe(sms("nn", "reply.closed"));
    expect(await db().select().from(panelPoolMembers).where(eq(panelPoolMembers.phone, phone))).toHaveLength(0);
  });

  it("a ballot over the budget by SMS is refused with the reason, in the conversation's language", async () => {
    const phone = "+4741700202";
    await invite("pb", [`${phone},pl`], "Over budget");
    await inbound(phone, code.join(" "));
    const body = lastTo(phone)!;
    expect(body).toContain(pbT("pl")("sms.notRecorded"));
    expect(receiptIn(body)).toBeUndefined();
    const p = await personOf(phone);
    if (p) expect(await votedBy(p.id)).toEqual([]);
    // A valid one afterwards counts once, and replaying its webhook changes nothing.
    const sid = "SM" + "5".repeat(32);
    await inbound(phone, code[1]!, sid);
    await inbound(phone, code[1]!, sid);
    const receipt = receiptIn(lastTo(phone)!);
    expect(await verifyReceipt(deps, { tenantId, roundId, code: receipt! })).toMatchObject({
      status: "counted",
      projects: [code[1]],
    });
    expect(await votedBy((await personOf(phone))!.id)).toEqual(["sms"]);
    expect(await db().select().from(smsInbound).where(eq(smsInbound.messageSid, sid))).toHaveLength(1);
    expect(sentTo(phone).filter((m) => m.body.includes(pbT("pl")("sms.receipt", { receipt: "" }).trim()))).toHaveLength(
      1,
    );
  });

  it("an invitation code from a letter joins; an unknown code is told so", async () => {
    const phone = "+4741700203";
    await db().insert(persons).values({ phone, locale: "uk", createdAt: now() });
    await db().insert(panelInvitations).values({
      tenantId,
      panelId,
      code: "K7M2Q9XA",
      channel: "letter",
      name: "Olena",
      createdAt: now(),
    });
    await inbound(phone, "k7m2-q9xa");
    expect(lastTo(phone)).toBe(
      panelsT("uk")("sms.question", { category: "Alder", options: "1 Under 40, 2 40 eller eldre" }),
    );
    await inbound(phone, "2");
    expect(lastTo(phone)).toBe(panelsT("uk")("sms.thanks", { panel: "Havnepanelet" }));
    const [inv] = await db().select().from(panelInvitations).where(eq(panelInvitations.code, "K7M2Q9XA"));
    expect(inv!.acceptedAt).not.toBeNull();

    const stranger = "+4741700204";
    await inbound(stranger, "ZZ99ZZ99");
    expect(lastTo(stranger)).toBe(
      `${panelsT("nb")("sms.unknownCode", { code: "ZZ99ZZ99" })} / ${panelsT("en")("sms.unknownCode", { code: "ZZ99ZZ99" })}`,
    );
  });

  it("an unknown number gets Bokmål and English", async () => {
    const phone = "+4741700205";
    await inbound(phone, "Hva er dette?");
    expect(lastTo(phone)).toBe(`${sms("nb", "reply.unknown")} / ${sms("en", "reply.unknown")}`);
    const [row] = await db()
      .select()
      .from(smsInbound)
      .where(eq(smsInbound.fromHash, hashOf(phone)));
    expect(row).toMatchObject({ handledAs: "unknown", tenantId: null });
  });

  it("a reply in a language we do not read: in the conversation's language, or Bokmål and English", async () => {
    const phone = "+4741700206";
    await invite("panel", [`${phone},so`], "Unsupported");
    await inbound(phone, "Sí");
    expect(lastTo(phone)).toBe(`${sms("so", "reply.unsupported")} ${sms("so", "reply.expectYesNo")}`);
    const [conv] = await db()
      .select()
      .from(smsConversations)
      .where(and(eq(smsConversations.phoneHash, hashOf(phone)), eq(smsConversations.status, "open")));
    expect(conv).toMatchObject({ lang: "so" }); // still open: the person can answer again
    await inbound(phone, "Haa");
    expect(lastTo(phone)).toContain(
      panelsT("so")("sms.question", { category: "Alder", options: "1 Under 40, 2 40 eller eldre" }),
    );

    const stranger = "+4741700207";
    await inbound(stranger, "Merci");
    expect(lastTo(stranger)).toBe(`${sms("nb", "reply.unsupported")} / ${sms("en", "reply.unsupported")}`);
  });

  it("START after STOP resubscribes and is confirmed in the person's language; HELP explains", async () => {
    const phone = "+4741700208";
    await db().insert(persons).values({ phone, locale: "en", createdAt: now() });
    await inbound(phone, "STOP");
    expect(lastTo(phone)).toBe(sms("en", "reply.stop"));
    await inbound(phone, "START");
    expect(lastTo(phone)).toBe(sms("en", "reply.start"));
    expect(
      await db()
        .select()
        .from(smsOptOuts)
        .where(eq(smsOptOuts.phoneHash, hashOf(phone))),
    ).toHaveLength(0);
    await inbound(phone, "HELP");
    expect(lastTo(phone)).toBe(sms("en", "reply.help"));
    const rows = await db()
      .select({ handledAs: smsInbound.handledAs })
      .from(smsInbound)
      .where(eq(smsInbound.fromHash, hashOf(phone)))
      .orderBy(desc(smsInbound.receivedAt));
    expect(rows.map((r) => r.handledAs)).toEqual(["help", "start", "stop"]);
  });
});
