import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deps } from "#app/lib/deps.ts";
import { formatDateTime } from "#app/lib/format.ts";
import type { Locale } from "#app/lib/i18n.ts";
import { tFor } from "#app/lib/i18next.server.ts";
import { closeConsultation, createConsultation } from "#app/modules/consultations/commands.server.ts";
import { castOpinionVote, setOpinionSection, submitOpinionStatement } from "#app/modules/opinions/commands.server.ts";
import { opinionGroups } from "#app/modules/opinions/queries.server.ts";
import {
  registerOpinionsSms,
  sendStatementsBySms,
  statementSms,
  votesByChannel,
} from "#app/modules/opinions/sms.server.ts";
import { opinionVotes, persons, smsOutbox } from "#db/schema/index.ts";
import type { FakeTwilio } from "#tests/setup/fake-twilio.ts";
import { consultationFixture, must } from "./consultations-setup.ts";
import { PUBLIC, startSmsJourney, type SmsJourney } from "./sms-journey-setup.ts";

// Issue 23 (ADR 066): staff send a consultation's opinion statements by SMS; a resident known only
// by a phone number gets one statement at a time in their language, a wrong reply is told what was
// wrong and how to answer, "1" / "2" / "3" are saved by the web's own vote command (channel "sms")
// and the next statement follows in the same conversation. SMS and web votes are counted together.
// After the consultation closes a reply is refused and not counted; a second reply to the same
// statement keeps one (the latest) vote. Webhooks are the real route action with requests signed
// by the twilio SDK; our messages go through the outbox worker and the real SDK to the local fake
// Twilio. Both drivers.

let j: SmsJourney;
let deps: Deps;
let fake: FakeTwilio;
let tenantId: string;
let municipality: string;
let f: Awaited<ReturnType<typeof consultationFixture>>;
const now = () => j.now();
/** Moves the clock to `iso` (the clock then runs on from there). */
const setClock = (iso: string) => j.setClock(iso);

beforeAll(async () => {
  // A Monday, 11:00 in Oslo: no quiet hours.
  j = await startSmsJourney({ clock: "2026-11-23T10:00:00Z", register: registerOpinionsSms });
  ({ deps, fake } = j);
  const m = deps.tenants.bySlugOrAlias("vadso")!.municipality;
  tenantId = m.id;
  municipality = m.officialName;
  f = await consultationFixture(deps.db, tenantId, { sequence: 2323 });
});
afterAll(async () => j?.close());

// ---------------------------------------------------------------- helpers

const db = () => deps.db.db;
/** Sends everything that is due through the real SDK to the fake Twilio. */
const drain = () => j.drain();
/** An SMS from `from`, posted to our webhook as Twilio signs it; then our answers go out. */
const inbound = (from: string, body: string) => j.inbound(from, body);

const lastTo = (to: string) => fake.messages.filter((m) => m.to === to).at(-1)?.body;
const o =
  (l: Locale) =>
  (key: string, params: Record<string, unknown> = {}) =>
    tFor(l)(key, { ns: "opinions", ...params });

// Statements are residents' text and go out as written (here in the recipient's language).
const STATEMENTS: Record<Locale, [string, string]> = {
  nb: ["Gangveien bør lyses opp.", "Bilene kjører for fort her."],
  nn: ["Gangvegen bør lysast opp.", "Bilane køyrer for fort her."],
  se: ["Vázzinbálggis galgá čuovgaduvvot.", "Biillat vuojihit menddo jođánit dáppe."],
  en: ["The footpath should be lit.", "Cars drive too fast here."],
  pl: ["Chodnik powinien być oświetlony.", "Samochody jeżdżą tu za szybko."],
  uk: ["Пішохідну доріжку слід освітлити.", "Машини їздять тут занадто швидко."],
  so: ["Waddada lugta waa in la iftiimiyaa.", "Baabuurtu halkan si xawli ah ayay u socdaan."],
  ar: ["يجب إنارة ممر المشاة.", "السيارات تسير هنا بسرعة كبيرة."],
};
const LANGS = Object.keys(STATEMENTS) as Locale[];
const digit = (l: Locale, d: string) => (l === "ar" ? String.fromCharCode(0x0660 + Number(d)) : d);

let n = 0;
/** A consultation with the statements section on and `texts` published, closing `hours` from now. */
async function consultation(texts: readonly string[], hours = 24 * 10) {
  const title = `Gangvei ${++n}`;
  const { id, closesAt } = must(
    await createConsultation(deps, f.secretary, {
      tenantId,
      caseId: f.caseId,
      bodyId: f.bodies.deciding,
      title: { nb: title },
      opensAt: new Date(now().getTime() - 86_400_000),
      closesAt: new Date(now().getTime() + hours * 3600_000),
    }),
  );
  must(await setOpinionSection(deps, f.secretary, { tenantId, consultationId: id, enabled: true }));
  const author = await f.resident(`Forfatter ${n}`);
  const ids: string[] = [];
  for (const text of texts)
    ids.push(must(await submitOpinionStatement(deps, author, { tenantId, consultationId: id, text })).id);
  return { id, title, closesAt, ids };
}

const personOf = async (phone: string) => (await db().select().from(persons).where(eq(persons.phone, phone)))[0];
const votesOf = (consultationId: string) =>
  db().select().from(opinionVotes).where(eq(opinionVotes.consultationId, consultationId));

// ---------------------------------------------------------------- one resident per language

describe("opinion statements by SMS, in the recipient's language", () => {
  LANGS.forEach((lang, i) => {
    it(`${lang}: gets a statement, is told how to answer, agrees, gets the next, passes; SMS and web votes count together`, async () => {
      setClock("2026-11-23T10:00:00Z");
      const k = await consultation(STATEMENTS[lang]);
      const phone = `+474182300${i + 1}`;
      expect(await personOf(phone)).toBeUndefined(); // known only by the number staff typed
      const sent = await sendStatementsBySms(deps, f.secretary, {
        tenantId,
        consultationId: k.id,
        recipientsCsv: `${phone},${lang}`,
      });
      expect(sent).toMatchObject({ ok: true, value: { queued: 1, recipients: 1, nothingLeft: 0 } });
      await drain();

      const t = o(lang);
      const first = lastTo(phone)!;
      const firstIndex = first.includes(STATEMENTS[lang][0]) ? 0 : 1;
      const [firstText, secondText] = [STATEMENTS[lang][firstIndex]!, STATEMENTS[lang][1 - firstIndex]!];
      const [firstId, secondId] = [k.ids[firstIndex]!, k.ids[1 - firstIndex]!];
      expect(first).toBe(
        statementSms({ text: firstText }, lang, { intro: t("sms.first", { municipality, title: k.title }) }),
      );
      expect(first).toContain(t("sms.how"));

      // A number that is not one of the answers (in Arabic, in Arabic-Indic digits).
      await inbound(phone, digit(lang, "7"));
      expect(lastTo(phone)).toBe(`${t("sms.invalid.outOfRange")} ${t("sms.how")}`);
      expect(await votesOf(k.id)).toHaveLength(0);

      await inbound(phone, digit(lang, "1")); // agree
      expect(lastTo(phone)).toBe(statementSms({ text: secondText }, lang, { intro: t("sms.thanksNext") }));
      await inbound(phone, digit(lang, "3")); // pass
      expect(lastTo(phone)).toBe(
        t("sms.done", { title: k.title, url: `${PUBLIC}/vadso/consultations/${k.id}/statements` }),
      );

      const person = (await personOf(phone))!;
      expect(person.locale).toBe(lang);
      expect(person.phoneVerifiedAt).not.toBeNull();
      const mine = (await votesOf(k.id)).filter((v) => v.personId === person.id);
      expect(mine.map((v) => [v.statementId, v.value, v.channel]).sort()).toEqual(
        [
          [firstId, 1, "sms"],
          [secondId, 0, "sms"],
        ].sort(),
      );

      // A web vote by another resident on the same statement: counted with the SMS vote.
      const web = await f.resident(`Nett ${lang}`);
      must(await castOpinionVote(deps, web, { tenantId, consultationId: k.id, statementId: firstId, value: -1 }));
      const onFirst = (await votesOf(k.id)).filter((v) => v.statementId === firstId);
      expect(onFirst.map((v) => v.channel).sort()).toEqual(["sms", "web"]);
      expect(await votesByChannel(db(), tenantId, k.id)).toEqual({ web: 1, sms: 2 });
      expect((await opinionGroups(deps, tenantId, k.id)).participants).toBe(2);
    });
  });
});

// ---------------------------------------------------------------- closing, replying twice, refusals

describe("replies that must not count, or not twice", () => {
  it("reads yes / no words; a second reply to the last statement keeps one (latest) vote", async () => {
    setClock("2026-11-23T10:00:00Z");
    const k = await consultation(["Parken trenger flere benker."]);
    const phone = "+4741823101";
    must(
      await sendStatementsBySms(deps, f.secretary, { tenantId, consultationId: k.id, recipientsCsv: `${phone},nb` }),
    );
    // The same send again: nobody gets the same statement twice.
    expect(
      await sendStatementsBySms(deps, f.secretary, { tenantId, consultationId: k.id, recipientsCsv: `${phone},nb` }),
    ).toMatchObject({ ok: true, value: { queued: 0 } });
    await drain();
    await inbound(phone, "Ja");
    const done = o("nb")("sms.done", { title: k.title, url: `${PUBLIC}/vadso/consultations/${k.id}/statements` });
    expect(lastTo(phone)).toBe(done);
    await inbound(phone, "2");
    expect(lastTo(phone)).toBe(done);
    const rows = await votesOf(k.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ value: -1, channel: "sms" });
    // Once they have voted on everything, a new send has nothing for them.
    expect(
      await sendStatementsBySms(deps, f.secretary, { tenantId, consultationId: k.id, recipientsCsv: `${phone},nb` }),
    ).toMatchObject({ ok: true, value: { queued: 0, nothingLeft: 1 } });
  });

  it("after the consultation closes a reply is told so and not counted; staff cannot send any more", async () => {
    setClock("2026-11-23T10:00:00Z");
    const k = await consultation(["Skolen bør få ny gymsal.", "Biblioteket bør ha åpent lenger."]);
    const phone = "+4741823102";
    must(
      await sendStatementsBySms(deps, f.secretary, { tenantId, consultationId: k.id, recipientsCsv: `${phone},en` }),
    );
    await drain();
    must(await closeConsultation(deps, f.secretary, { tenantId, consultationId: k.id }));
    const closedAt = now();
    await inbound(phone, "1");
    expect(lastTo(phone)).toBe(o("en")("sms.closed", { title: k.title, when: formatDateTime(closedAt, "en") }));
    expect(await votesOf(k.id)).toHaveLength(0);
    expect(
      await sendStatementsBySms(deps, f.secretary, {
        tenantId,
        consultationId: k.id,
        recipientsCsv: "+4741823103,nb",
      }),
    ).toMatchObject({ ok: false, error: { code: "errors.closed", status: 409 } });
  });

  it("refuses staff of another role or municipality, bad lists, and a consultation without statements", async () => {
    setClock("2026-11-23T10:00:00Z");
    const k = await consultation(["Det trengs en ny busslinje."]);
    const base = { tenantId, consultationId: k.id, recipientsCsv: "+4741823104,nb" };
    const oslo = deps.tenants.bySlugOrAlias("oslo")!.municipality.id;
    const osloAdmin = { ...f.secretary, memberships: [{ tenantId: oslo, role: "admin" as const, bodyId: null }] };
    expect(await sendStatementsBySms(deps, osloAdmin, base)).toMatchObject({ ok: false, error: { status: 403 } });
    expect(await sendStatementsBySms(deps, f.moderator, base)).toMatchObject({ ok: false, error: { status: 403 } });
    expect(await sendStatementsBySms(deps, null, base)).toMatchObject({ ok: false, error: { status: 403 } });
    // Oslo's administrator naming Vadsø's consultation under Oslo: not found.
    expect(await sendStatementsBySms(deps, osloAdmin, { ...base, tenantId: oslo })).toMatchObject({
      ok: false,
      error: { status: 404 },
    });
    expect(
      await sendStatementsBySms(deps, f.secretary, { ...base, recipientsCsv: "+4741823104,nb\n12,nb" }),
    ).toMatchObject({ ok: false, error: { code: "errors.smsRecipientsInvalid", status: 400, params: { lines: "2" } } });
    expect(await sendStatementsBySms(deps, f.secretary, { ...base, recipientsCsv: "" })).toMatchObject({
      ok: false,
      error: { code: "errors.smsNoRecipients", status: 400 },
    });
    expect(await sendStatementsBySms(deps, f.secretary, { ...base, audience: "panel:nonsense" })).toMatchObject({
      ok: false,
      error: { code: "errors.smsAudience", status: 400 },
    });
    const empty = await consultation([]);
    expect(await sendStatementsBySms(deps, f.secretary, { ...base, consultationId: empty.id })).toMatchObject({
      ok: false,
      error: { code: "opinions:errors.smsNoStatements", status: 409 },
    });
    const queued = await db()
      .select()
      .from(smsOutbox)
      .where(like(smsOutbox.idempotencyKey, `opinions:statement:${k.ids[0]}:%`));
    expect(queued).toHaveLength(0);
  });
});
