import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deps } from "#app/lib/deps.ts";
import { formatDateTime } from "#app/lib/format.ts";
import type { Locale } from "#app/lib/i18n.ts";
import { tFor } from "#app/lib/i18next.server.ts";
import { answerQuestions, createConsultation } from "#app/modules/consultations/commands.server.ts";
import { buildModel } from "#app/modules/consultations/report.server.ts";
import { reportCsv } from "#app/modules/consultations/report-model.ts";
import {
  registerConsultationSms,
  sendDueSmsReminders,
  sendQuestionBySms,
} from "#app/modules/consultations/sms.server.ts";
import { consultationAnswers, consultationQuestions, persons, smsOutbox } from "#db/schema/index.ts";
import type { FakeTwilio } from "#tests/setup/fake-twilio.ts";
import { consultationFixture, must } from "./consultations-setup.ts";
import { startSmsJourney, type SmsJourney } from "./sms-journey-setup.ts";

// Issue 18: staff send one question of a consultation by SMS; a resident known only by a phone
// number gets it in their language, answers by replying (a wrong reply first gets how to answer),
// and the answer is saved like a web answer, with channel "sms", and counted in the input report
// beside the web answers. A reply after the deadline is refused; a second reply replaces the
// first. Reminders go once, N hours before the deadline, only to those who have not answered, not
// in quiet hours and not to an opted-out number. The webhooks are the real route action with
// requests signed by the twilio SDK; our messages go through the outbox worker and the real SDK to
// the local fake Twilio. Both drivers.

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
  j = await startSmsJourney({ clock: "2026-11-23T10:00:00Z", register: registerConsultationSms });
  ({ deps, fake } = j);
  const m = deps.tenants.bySlugOrAlias("vadso")!.municipality;
  tenantId = m.id;
  municipality = m.officialName;
  f = await consultationFixture(deps.db, tenantId, { sequence: 1818 });
});
afterAll(async () => j?.close());

// ---------------------------------------------------------------- helpers

const db = () => deps.db.db;
/** Sends everything that is due through the real SDK to the fake Twilio. */
const drain = () => j.drain();
/** An SMS from `from`, posted to our webhook as Twilio signs it; then our answers go out. */
const inbound = (from: string, body: string) => j.inbound(from, body);

const sentTo = (to: string) => fake.messages.filter((m) => m.to === to);
const lastTo = (to: string) => sentTo(to).at(-1)?.body;
const c =
  (l: Locale) =>
  (key: string, params: Record<string, unknown> = {}) =>
    tFor(l)(key, { ns: "consultations", ...params });

const YES_NO: Record<Locale, [string, string, string]> = {
  nb: ["Bør gangveien bygges?", "Ja", "Nei"],
  nn: ["Bør gangvegen byggjast?", "Ja", "Nei"],
  se: ["Galgá go vázzinbálggis huksejuvvot?", "Juo", "Ii"],
  en: ["Should the footpath be built?", "Yes", "No"],
  pl: ["Czy chodnik powinien powstać?", "Tak", "Nie"],
  uk: ["Чи варто будувати пішохідну доріжку?", "Так", "Ні"],
  so: ["Ma in la dhiso waddada lugta?", "Haa", "Maya"],
  ar: ["هل يجب بناء ممر المشاة؟", "نعم", "لا"],
};
const LANGS = Object.keys(YES_NO) as Locale[];
const localized = (i: 0 | 1 | 2) => Object.fromEntries(LANGS.map((l) => [l, YES_NO[l][i]]));

let n = 0;
/** A consultation with one single-choice question, in all eight languages, closing `hours` from now. */
async function consultation(hours: number) {
  const { id, closesAt } = must(
    await createConsultation(deps, f.secretary, {
      tenantId,
      caseId: f.caseId,
      bodyId: f.bodies.deciding,
      title: { nb: `Gangvei ${++n}` },
      opensAt: new Date(now().getTime() - 86_400_000),
      closesAt: new Date(now().getTime() + hours * 3600_000),
      questions: [{ kind: "single", prompt: localized(0), options: [localized(1), localized(2)] }],
    }),
  );
  const [q] = await db().select().from(consultationQuestions).where(eq(consultationQuestions.consultationId, id));
  return { id, q: q!, title: `Gangvei ${n}`, closesAt };
}

const personOf = async (phone: string) => (await db().select().from(persons).where(eq(persons.phone, phone)))[0];
const answersOf = async (questionId: string, personId: string) =>
  db()
    .select()
    .from(consultationAnswers)
    .where(and(eq(consultationAnswers.questionId, questionId), eq(consultationAnswers.personId, personId)));

// ---------------------------------------------------------------- one resident per language

describe("a consultation question by SMS, in the recipient's language", () => {
  LANGS.forEach((lang, i) => {
    it(`${lang}: asked, a wrong reply is told how to answer, the answer is confirmed, saved as SMS and counted beside a web answer`, async () => {
      setClock("2026-11-23T10:00:00Z");
      const k = await consultation(24 * 10);
      const phone = `+474181000${i + 1}`;
      expect(await personOf(phone)).toBeUndefined(); // known only by the number staff typed
      const sent = await sendQuestionBySms(deps, f.secretary, {
        tenantId,
        consultationId: k.id,
        questionId: k.q.id,
        recipientsCsv: `${phone},${lang}`,
      });
      expect(sent).toMatchObject({ ok: true, value: { queued: 1, recipients: 1 } });
      await drain();

      const t = c(lang);
      const [, yes, no] = YES_NO[lang];
      const how = t("sms.howSingle", { options: `1 ${yes}${lang === "ar" ? "، " : ", "}2 ${no}` });
      const question = lastTo(phone)!;
      expect(question).toContain(t("sms.question", { municipality, title: k.title }));
      expect(question).toContain(YES_NO[lang][0]);
      expect(question).toContain(how);
      expect(question).toContain(t("sms.deadline", { when: formatDateTime(k.closesAt, lang) }));

      // A number that is no option (in Arabic, written in Arabic-Indic digits).
      await inbound(phone, lang === "ar" ? "٧" : "7");
      expect(lastTo(phone)).toBe(`${t("sms.invalid.outOfRange")} ${how}`);
      await inbound(phone, lang === "ar" ? "٢" : "2");
      const [row] = await db().select().from(consultationAnswers).where(eq(consultationAnswers.questionId, k.q.id));
      expect(lastTo(phone)).toBe(t("sms.thanks", { title: k.title, when: formatDateTime(k.closesAt, lang) }));

      const person = (await personOf(phone))!;
      expect(person.locale).toBe(lang);
      expect(person.phoneVerifiedAt).not.toBeNull();
      expect(row).toMatchObject({ personId: person.id, channel: "sms", options: [k.q.options[1]!.id] });

      // A web answer by another resident: the report counts both, and says how each came.
      const web = await f.resident(`Nett ${lang}`);
      must(
        await answerQuestions(deps, web, {
          tenantId,
          consultationId: k.id,
          answers: [{ questionId: k.q.id, options: [k.q.options[0]!.id] }],
        }),
      );
      const model = (await buildModel(deps, tenantId, k.id))!;
      expect(model.numbers.answers).toBe(2);
      expect(model.numbers.answersByChannel).toEqual({ web: 1, sms: 1 });
      expect(model.questions[0]!.options.map((o) => o.count)).toEqual([1, 1]);
      const csv = reportCsv(model);
      expect(csv).toContain("number,,,,1,answers_web");
      expect(csv).toContain("number,,,,1,answers_sms");
    });
  });
});

// ---------------------------------------------------------------- deadline and replacing

describe("replies that must not count twice", () => {
  it("a second reply replaces the first; a reply after the deadline is refused and not counted", async () => {
    setClock("2026-11-23T10:00:00Z");
    const k = await consultation(48);
    const phone = "+4741820001";
    must(
      await sendQuestionBySms(deps, f.secretary, {
        tenantId,
        consultationId: k.id,
        questionId: k.q.id,
        recipientsCsv: `${phone},nb`,
      }),
    );
    // The same question to the same number again: nobody gets it twice.
    expect(
      await sendQuestionBySms(deps, f.secretary, {
        tenantId,
        consultationId: k.id,
        questionId: k.q.id,
        recipientsCsv: `${phone},nb`,
      }),
    ).toMatchObject({ ok: true, value: { queued: 0 } });
    await drain();
    expect(sentTo(phone)).toHaveLength(1);

    await inbound(phone, "1");
    await inbound(phone, "2");
    const person = (await personOf(phone))!;
    let rows = await answersOf(k.q.id, person.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: "sms", options: [k.q.options[1]!.id] });

    setClock("2026-11-25T12:00:00Z"); // two hours after the deadline
    await inbound(phone, "1");
    expect(lastTo(phone)).toBe(c("nb")("sms.closed", { title: k.title, when: formatDateTime(k.closesAt, "nb") }));
    const model = (await buildModel(deps, tenantId, k.id))!;
    rows = await answersOf(k.q.id, person.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.options).toEqual([k.q.options[1]!.id]);
    expect(model.numbers.answersByChannel).toEqual({ web: 0, sms: 1 });

    // Staff cannot send a question of a closed consultation.
    expect(
      await sendQuestionBySms(deps, f.secretary, {
        tenantId,
        consultationId: k.id,
        questionId: k.q.id,
        recipientsCsv: "+4741820002,nb",
      }),
    ).toMatchObject({ ok: false, error: { code: "errors.closed", status: 409 } });
  });

  it("refuses staff of another role or municipality, an unknown question, a bad list and a reminder not offered", async () => {
    setClock("2026-11-23T10:00:00Z");
    const k = await consultation(48);
    const base = { tenantId, consultationId: k.id, questionId: k.q.id, recipientsCsv: "+4741820003,nb" };
    const oslo = deps.tenants.bySlugOrAlias("oslo")!.municipality.id;
    const osloAdmin = { ...f.secretary, memberships: [{ tenantId: oslo, role: "admin" as const, bodyId: null }] };
    expect(await sendQuestionBySms(deps, osloAdmin, base)).toMatchObject({ ok: false, error: { status: 403 } });
    expect(await sendQuestionBySms(deps, f.moderator, base)).toMatchObject({ ok: false, error: { status: 403 } });
    expect(await sendQuestionBySms(deps, null, base)).toMatchObject({ ok: false, error: { status: 403 } });
    expect(await sendQuestionBySms(deps, f.secretary, { ...base, questionId: crypto.randomUUID() })).toMatchObject({
      ok: false,
      error: { code: "errors.smsQuestion", status: 404 },
    });
    expect(
      await sendQuestionBySms(deps, f.secretary, { ...base, recipientsCsv: "+4741820003,nb\n12,nb" }),
    ).toMatchObject({ ok: false, error: { code: "errors.smsRecipientsInvalid", status: 400, params: { lines: "2" } } });
    expect(await sendQuestionBySms(deps, f.secretary, { ...base, recipientsCsv: "" })).toMatchObject({
      ok: false,
      error: { code: "errors.smsNoRecipients", status: 400 },
    });
    expect(await sendQuestionBySms(deps, f.secretary, { ...base, audience: "panel:nonsense" })).toMatchObject({
      ok: false,
      error: { code: "errors.smsAudience", status: 400 },
    });
    expect(await sendQuestionBySms(deps, f.secretary, { ...base, reminderHours: 5 })).toMatchObject({
      ok: false,
      error: { code: "errors.smsReminder", status: 400 },
    });
    const queued = await db()
      .select()
      .from(smsOutbox)
      .where(like(smsOutbox.idempotencyKey, `consultations:question:${k.q.id}:%`));
    expect(queued).toHaveLength(0);
  });
});

// ---------------------------------------------------------------- reminders

describe("a reminder before the deadline", () => {
  it("goes once, outside quiet hours, only to the recipient who has not answered (and not to one who opted out)", async () => {
    setClock("2026-11-23T10:00:00Z");
    const k = await consultation(24); // closes 24 Nov 10:00Z (11:00 in Oslo)
    const [answered, waiting, stopped] = ["+4741830001", "+4741830002", "+4741830003"];
    must(
      await sendQuestionBySms(deps, f.secretary, {
        tenantId,
        consultationId: k.id,
        questionId: k.q.id,
        recipientsCsv: [`${answered},nb`, `${waiting},en`, `${stopped},nb`].join("\n"),
        reminderHours: 48, // already within 48 hours of the deadline
      }),
    );
    await drain();
    await inbound(answered, "1");
    await inbound(stopped, "STOPP");
    const before = fake.messages.length;

    // Not right after the question itself.
    expect(await sendDueSmsReminders(deps)).toBe(0);
    // Not in quiet hours (22:30 in Oslo).
    setClock("2026-11-23T21:30:00Z");
    expect(await sendDueSmsReminders(deps)).toBe(0);
    // In the morning (08:30 in Oslo, before the deadline): once, even when the scheduler runs twice at once.
    setClock("2026-11-24T07:30:00Z");
    const runs = await Promise.all([sendDueSmsReminders(deps), sendDueSmsReminders(deps)]);
    expect(runs[0]! + runs[1]!).toBe(2);
    expect(await sendDueSmsReminders(deps)).toBe(0);
    await drain();

    const reminders = await db()
      .select({ status: smsOutbox.status })
      .from(smsOutbox)
      .where(like(smsOutbox.idempotencyKey, `consultations:reminder:%`))
      .orderBy(smsOutbox.createdAt);
    expect(reminders.map((r) => r.status).sort()).toEqual(["sent", "suppressed"]); // the opted-out number is held back
    const after = fake.messages.slice(before);
    expect(after.map((m) => m.to)).toEqual([waiting]);
    expect(after[0]!.body).toContain(
      c("en")("sms.reminder", { title: k.title, when: formatDateTime(k.closesAt, "en") }),
    );
    expect(after[0]!.body).toContain(c("en")("sms.howSingle", { options: "1 Yes, 2 No" }));

    // The reminder reopened the question: the reply to it counts.
    await inbound(waiting, "2");
    const person = (await personOf(waiting))!;
    expect(await answersOf(k.q.id, person.id)).toMatchObject([{ channel: "sms", options: [k.q.options[1]!.id] }]);
    expect(await sendDueSmsReminders(deps)).toBe(0);
  });
});
