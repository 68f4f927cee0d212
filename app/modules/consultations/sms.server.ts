import { and, asc, desc, eq, gt, isNotNull, isNull, lte, sql } from "drizzle-orm";
import type { Deps } from "#app/lib/deps.ts";
import { formatDateTime } from "#app/lib/format.ts";
import { isLocale, type Locale } from "#app/lib/i18n.ts";
import { tFor } from "#app/lib/i18next.server.ts";
import { pickText } from "#app/lib/localized.ts";
import { absoluteUrl } from "#app/lib/public-url.ts";
import { fail, ok, type Result } from "#app/lib/result.ts";
import { appendAudit } from "#app/modules/identity/audit.server.ts";
import type { VerificationLevel } from "#app/modules/identity/levels.ts";
import { meetsLevel } from "#app/modules/identity/levels.ts";
import { can, type Actor } from "#app/modules/identity/permissions.ts";
import { findOrCreatePersonByPhone, phonesOfPersons } from "#app/modules/identity/phone.server.ts";
import { requirementsOf } from "#app/modules/identity/staff.server.ts";
import { audienceRecipients, parseAudience } from "#app/modules/sms/audiences.server.ts";
import { parseRecipientsCsv, type CampaignRecipient } from "#app/modules/sms/campaigns.ts";
import { registerSmsHandler, type SmsHandler } from "#app/modules/sms/conversations.server.ts";
import { enqueueSms, wakeSmsWorkers, type Executor } from "#app/modules/sms/outbox.server.ts";
import { personByPhone, tenantLocale } from "#app/modules/sms/person-locale.server.ts";
import { inQuietHours } from "#app/modules/sms/quiet-hours.ts";
import type { Db } from "#db/client.ts";
import {
  consultationAnswers,
  consultationQuestions,
  consultations,
  consultationSmsRecipients,
  consultationSmsSends,
} from "#db/schema/index.ts";
import { answerQuestions, type ConsultationDeps } from "./commands.server.ts";
import { isOpen } from "./deadline.ts";
import { readSmsAnswer, REMINDER_HOURS, scaleRange, type SmsQuestion } from "./sms-question.ts";

// One question of a consultation, sent by SMS (issue 18; docs/decisions/065-consultation-questions-by-sms.md).
// Staff pick a question and an audience (the SMS module's audiences, and/or a CSV of
// "phone,language"); each recipient gets the question in their language with the options
// numbered, the scale's range or "in your own words", and the message opens a
// "consultations.question" conversation. The reply is read into the web form's answer and saved
// by the web's own command (answerQuestions) as the answer of the person who has the number, with
// channel "sms": one answer per person and question, the latest replacing the earlier. Staff may
// ask for one reminder N hours before the deadline to those who have not answered; the process
// runs sendDueSmsReminders every minute (server/consultation-reminders.ts).

export const SMS_QUESTION_KIND = "consultations.question";
/** A reminder never follows its question this closely, whatever the deadline. */
export const REMINDER_MIN_GAP_MS = 3600_000;
/** How long after the deadline a reply still gets "it has closed" from us rather than the SMS module's generic answer. */
const LATE_REPLY_DAYS = 7;

type Ref = { consultationId: string; questionId: string; sendId: string };
type Question = typeof consultationQuestions.$inferSelect;
type Consultation = typeof consultations.$inferSelect;

const t =
  (l: Locale) =>
  (key: string, params: Record<string, unknown> = {}) =>
    tFor(l)(key, { ns: "consultations", ...params });
const titleOf = (c: Pick<Consultation, "title">, l: Locale) => pickText(c.title, l)?.value ?? "";

/** "Reply with the number: 1 Yes, 2 No" / "… a number from 1 to 5" / "Answer in your own words." */
export function howToAnswer(q: Question, l: Locale): string {
  if (q.kind === "scale") return t(l)("sms.howScale", { ...scaleRange(q) });
  if (q.kind === "text") return t(l)("sms.howText");
  const options = q.options
    .map((o, i) => `${i + 1} ${pickText(o.label, l)?.value ?? ""}`.trim())
    .join(l === "ar" ? "، " : ", "); // the Arabic comma; both separate choices in a reply too
  return t(l)(q.kind === "multi" ? "sms.howMulti" : "sms.howSingle", { options });
}

/** The question as one SMS: who asks, the question, how to answer, the deadline. */
export function questionSms(
  c: Pick<Consultation, "title" | "closesAt">,
  q: Question,
  l: Locale,
  o: { municipality: string; reminder?: boolean },
): string {
  const head = o.reminder
    ? t(l)("sms.reminder", { title: titleOf(c, l), when: formatDateTime(c.closesAt, l) })
    : t(l)("sms.question", { municipality: o.municipality, title: titleOf(c, l) });
  const tail = o.reminder ? "" : t(l)("sms.deadline", { when: formatDateTime(c.closesAt, l) });
  return [head, pickText(q.prompt, l)?.value ?? "", howToAnswer(q, l), tail].filter(Boolean).join(" ");
}

const conversationFor = (c: Consultation, q: Question, sendId: string, now: Date) => ({
  kind: SMS_QUESTION_KIND,
  ref: { consultationId: c.id, questionId: q.id, sendId } satisfies Ref,
  // Our handler reads every reply itself (readSmsAnswer), so a wrong one gets our own how-to-answer.
  expecting: { kind: "free" as const },
  ttlHours: Math.max(1, Math.ceil((c.closesAt.getTime() - now.getTime()) / 3600_000)) + LATE_REPLY_DAYS * 24,
});

export interface SendQuestionInput {
  tenantId: string;
  consultationId: string;
  questionId: string;
  /** An audience of the SMS module ("followers", "panel:<id>", "consultation:<id>"), or "". */
  audience?: string | null;
  /** "phone,language[,name]" per line. */
  recipientsCsv?: string | null;
  /** Remind those who have not answered this many hours before the deadline; null: no reminder. */
  reminderHours?: number | null;
}

class Refused extends Error {
  constructor(readonly failure: ReturnType<typeof fail>) {
    super(failure.error.code);
  }
}

/**
 * Sends one question of the consultation by SMS to an audience and/or a CSV list. Secretaries
 * (and administrators) of the municipality only. A number that already got this question is not
 * sent it again. Everything is queued in one transaction; nothing goes out if one message fails.
 */
export async function sendQuestionBySms(
  deps: Deps,
  actor: Actor | null,
  input: SendQuestionInput,
): Promise<Result<{ sendId: string; queued: number; recipients: number }>> {
  const scope = { tenantId: input.tenantId };
  if (!can(actor, "manage:case:tenant", scope) || !can(actor, "manage:sms:tenant", scope))
    return fail("errors.forbidden", 403);
  const db = deps.db.db;
  const now = deps.now();
  const [row] = await db
    .select({ c: consultations, q: consultationQuestions })
    .from(consultationQuestions)
    .innerJoin(consultations, eq(consultations.id, consultationQuestions.consultationId))
    .where(
      and(
        eq(consultationQuestions.id, input.questionId),
        eq(consultationQuestions.consultationId, input.consultationId),
        eq(consultations.tenantId, input.tenantId),
      ),
    );
  if (!row) return fail("errors.smsQuestion", 404, { field: "questionId" });
  const { c, q } = row;
  if (!isOpen(c, now)) return fail("errors.closed", 409);
  const need = ((await requirementsOf(deps, input.tenantId, c.processId)) as Record<string, VerificationLevel>).answer;
  if (need && !meetsLevel("phone", need)) return fail("errors.smsLevel", 409, { params: { level: need } });
  const hours = input.reminderHours ?? null;
  if (hours !== null && !(REMINDER_HOURS as readonly number[]).includes(hours))
    return fail("errors.smsReminder", 400, { field: "reminderHours" });

  const resolved = await resolveSmsRecipients(deps, input.tenantId, input);
  if (!resolved.ok) return resolved;
  const { recipients, fallback } = resolved.value;

  const municipality = deps.tenants.all().find((m) => m.id === input.tenantId)?.officialName ?? "";
  try {
    const out = await db.transaction(async (tx) => {
      const [send] = await tx
        .insert(consultationSmsSends)
        .values({
          tenantId: input.tenantId,
          consultationId: c.id,
          questionId: q.id,
          reminderHours: hours,
          createdByPersonId: actor!.id,
          createdAt: now,
        })
        .returning({ id: consultationSmsSends.id });
      let queued = 0;
      for (const r of recipients) {
        const lang = await recipientLocale(tx, r, fallback);
        const personId = await findOrCreatePersonByPhone(tx, { phone: r.phone, now });
        if (!personId) continue; // the number of an erased person
        const added = await tx
          .insert(consultationSmsRecipients)
          .values({ tenantId: input.tenantId, sendId: send!.id, questionId: q.id, personId, lang, createdAt: now })
          .onConflictDoNothing()
          .returning({ id: consultationSmsRecipients.id });
        if (!added.length) continue; // already sent this question
        const sms = await enqueueSms(tx, deps, {
          tenantId: input.tenantId,
          key: `consultations:question:${q.id}:${personId}`,
          to: r.phone,
          body: questionSms(c, q, lang, { municipality }),
          lang,
          purpose: SMS_QUESTION_KIND,
          conversation: conversationFor(c, q, send!.id, now),
        });
        if (!sms.ok)
          throw new Refused(
            fail(sms.error.code === "sms.tooLong" ? "errors.smsTooLong" : "errors.smsRecipientsInvalid", 400, {
              field: sms.error.code === "sms.tooLong" ? "questionId" : "recipients",
              params: { lang, lines: String(r.line), ...(sms.error.params ?? {}) },
            }),
          );
        if (sms.value.created) queued++;
      }
      await tx.update(consultationSmsSends).set({ recipients: queued }).where(eq(consultationSmsSends.id, send!.id));
      await appendAudit(tx, now, {
        tenantId: input.tenantId,
        actorPersonId: actor!.id,
        action: "consultation.question.smsSent",
        subjectType: "consultation",
        subjectId: c.id,
        data: { questionId: q.id, sendId: send!.id, recipients: queued, reminderHours: hours },
      });
      return { sendId: send!.id, queued, recipients: recipients.length };
    });
    wakeSmsWorkers();
    return ok(out);
  } catch (e) {
    if (e instanceof Refused) return e.failure;
    throw e;
  }
}

/**
 * The recipients of a staff send: the CSV's lines ("phone,language[,name]") and the audience's
 * numbers, one per number (the list first). A bad line, an unknown audience or nobody at all is a
 * 400 naming the field. Also used by the opinions module's statements by SMS (ADR 066).
 */
export async function resolveSmsRecipients(
  deps: Deps,
  tenantId: string,
  input: { audience?: string | null; recipientsCsv?: string | null },
): Promise<Result<{ recipients: CampaignRecipient[]; fallback: Locale }>> {
  const fallback = await tenantLocale(deps.db.db, tenantId);
  const { recipients, invalid } = parseRecipientsCsv(input.recipientsCsv ?? "", fallback);
  if (invalid.length)
    return fail("errors.smsRecipientsInvalid", 400, {
      field: "recipients",
      params: { lines: invalid.map((i) => i.line).join(", ") },
    });
  if (input.audience?.trim()) {
    const a = parseAudience(input.audience.trim());
    const more = a ? await audienceRecipients(deps, tenantId, a) : null;
    if (!more) return fail("errors.smsAudience", 400, { field: "audience" });
    const have = new Set(recipients.map((r) => r.phone));
    for (const r of more) {
      if (have.has(r.phone)) continue;
      have.add(r.phone);
      recipients.push(r);
    }
  }
  if (!recipients.length) return fail("errors.smsNoRecipients", 400, { field: "recipients" });
  return ok({ recipients, fallback });
}

/** The person's language, else the list's, else the municipality's Norwegian form. */
export async function recipientLocale(db: Executor, r: CampaignRecipient, fallback: Locale): Promise<Locale> {
  const p = await personByPhone(db, r.phone);
  if (p?.locale) return p.locale;
  return r.line > 0 && isLocale(r.lang) ? r.lang : fallback;
}

// ---------------------------------------------------------------- replies

const onTx = <D extends { db: Deps["db"] }>(deps: D, tx: unknown): D => ({ ...deps, db: { ...deps.db, db: tx as Db } });

const handler: SmsHandler = {
  async onReply(ctx) {
    const conv = ctx.conversation;
    const ref = conv?.ref as Ref | undefined;
    if (!conv?.tenantId || !ref?.questionId) return {};
    const l: Locale = ctx.lang;
    const say = t(l);
    const deps = onTx(ctx.deps, ctx.tx);
    const [row] = await deps.db.db
      .select({ c: consultations, q: consultationQuestions })
      .from(consultationQuestions)
      .innerJoin(consultations, eq(consultations.id, consultationQuestions.consultationId))
      .where(and(eq(consultationQuestions.id, ref.questionId), eq(consultations.tenantId, conv.tenantId)));
    if (!row) return { reply: say("sms.gone") };
    const { c, q } = row;
    const now = ctx.deps.now();
    const closed = () => ({
      reply: say("sms.closed", { title: titleOf(c, l), when: formatDateTime(c.closedAt ?? c.closesAt, l) }),
      close: true,
    });
    if (!isOpen(c, now)) return closed();
    const read = readSmsAnswer(q as SmsQuestion, ctx.text, l);
    const retry = (reason: string) => ({
      reply: `${say(`sms.invalid.${reason}`)} ${howToAnswer(q, l)}`,
      close: false,
    });
    if (!read.ok) return retry(read.reason);
    // An SMS from the number proves the phone as a code sent to it would.
    const personId = await findOrCreatePersonByPhone(ctx.tx, { phone: ctx.phone, now, verified: true, locale: l });
    const m = ctx.deps.tenants.all().find((x) => x.id === conv.tenantId);
    const url = absoluteUrl(ctx.deps.env, `/${m?.slug ?? ""}/consultations/${c.id}`);
    if (!personId) return { reply: say("sms.notSaved", { url }), close: true };
    const r = await answerQuestions(
      deps as unknown as ConsultationDeps,
      { personId, level: "phone" },
      { tenantId: conv.tenantId, consultationId: c.id, answers: [read.answer], channel: "sms" },
    );
    if (!r.ok) {
      if (r.error.code === "errors.closed") return closed();
      if (r.error.code === "errors.badAnswer") return retry("outOfRange");
      if (r.error.code === "errors.tooLong") return retry("tooLong");
      if (r.error.code === "errors.levelRequired") return { reply: say("sms.levelRequired", { url }), close: true };
      return { reply: say("sms.notSaved", { url }), close: true };
    }
    const when = formatDateTime(c.closesAt, l);
    // A choice can be changed by replying again until the deadline; free text is kept as sent
    // (a later "thanks" must not replace it), so its conversation ends here.
    if (q.kind === "text") return { reply: say("sms.thanksText", { title: titleOf(c, l) }), close: true };
    return { reply: say("sms.thanks", { title: titleOf(c, l), when }), close: false };
  },
};

/** Registers the reply handler for "consultations.question" conversations (server/app.ts). Idempotent. */
export function registerConsultationSms(): void {
  registerSmsHandler(SMS_QUESTION_KIND, handler);
}

// ---------------------------------------------------------------- reminders

/**
 * Sends the reminders that are due: for each question sent with a reminder, once, when the
 * deadline is at most `reminderHours` away (and not within an hour of the question itself), to
 * each recipient who has not answered that question (on the web or by SMS). Nothing goes out in
 * quiet hours (it waits for the morning, if the deadline has not passed by then). Outbox keys are
 * per send and recipient, so a crash or a second scheduler never sends one twice; opt-outs are
 * applied by the outbox worker at send time. Returns how many reminders were queued.
 */
export async function sendDueSmsReminders(deps: Deps): Promise<number> {
  const now = deps.now();
  if (inQuietHours(now)) return 0;
  const db = deps.db.db;
  const due = await db
    .select({ id: consultationSmsSends.id })
    .from(consultationSmsSends)
    .innerJoin(consultations, eq(consultations.id, consultationSmsSends.consultationId))
    .where(
      and(
        isNotNull(consultationSmsSends.reminderHours),
        isNull(consultationSmsSends.remindedAt),
        isNull(consultations.closedAt),
        gt(consultations.closesAt, now),
        sql`${consultations.closesAt} - make_interval(hours => ${consultationSmsSends.reminderHours}) <= ${now.toISOString()}::timestamptz`,
        lte(consultationSmsSends.createdAt, new Date(now.getTime() - REMINDER_MIN_GAP_MS)),
      ),
    )
    .orderBy(asc(consultationSmsSends.createdAt));
  let queued = 0;
  for (const { id } of due) queued += await remindOne(deps, id, now);
  if (queued) wakeSmsWorkers();
  return queued;
}

async function remindOne(deps: Deps, sendId: string, now: Date): Promise<number> {
  return deps.db.db.transaction(async (tx) => {
    // One scheduler per send at a time; another one skips it.
    const [s] = await tx
      .select()
      .from(consultationSmsSends)
      .where(and(eq(consultationSmsSends.id, sendId), isNull(consultationSmsSends.remindedAt)))
      .for("update", { skipLocked: true });
    if (!s) return 0;
    const [row] = await tx
      .select({ c: consultations, q: consultationQuestions })
      .from(consultationQuestions)
      .innerJoin(consultations, eq(consultations.id, consultationQuestions.consultationId))
      .where(and(eq(consultationQuestions.id, s.questionId), eq(consultations.tenantId, s.tenantId)));
    if (!row || !isOpen(row.c, now)) return 0;
    const waiting = await tx
      .select({
        id: consultationSmsRecipients.id,
        personId: consultationSmsRecipients.personId,
        lang: consultationSmsRecipients.lang,
      })
      .from(consultationSmsRecipients)
      .where(
        and(
          eq(consultationSmsRecipients.sendId, s.id),
          sql`not exists (select 1 from ${consultationAnswers} a where a.question_id = ${s.questionId} and a.person_id = ${consultationSmsRecipients.personId})`,
        ),
      )
      .orderBy(asc(consultationSmsRecipients.createdAt));
    const phones = await phonesOfPersons(
      tx,
      waiting.map((w) => w.personId),
    );
    const municipality = deps.tenants.all().find((m) => m.id === s.tenantId)?.officialName ?? "";
    let queued = 0;
    for (const w of waiting) {
      const phone = phones.get(w.personId);
      if (!phone) continue;
      const lang = (await personByPhone(tx, phone))?.locale ?? (isLocale(w.lang) ? w.lang : "nb");
      const r = await enqueueSms(tx, deps, {
        tenantId: s.tenantId,
        key: `consultations:reminder:${s.id}:${w.id}`,
        to: phone,
        body: questionSms(row.c, row.q, lang, { municipality, reminder: true }),
        lang,
        purpose: "consultations.reminder",
        conversation: conversationFor(row.c, row.q, s.id, now),
      });
      if (r.ok && r.value.created) queued++;
      else if (!r.ok)
        deps.log.warn({ code: r.error.code, sendId: s.id }, "a consultation reminder could not be queued");
    }
    await tx.update(consultationSmsSends).set({ remindedAt: now }).where(eq(consultationSmsSends.id, s.id));
    return queued;
  });
}

// ---------------------------------------------------------------- the staff page

/** What the staff page shows: the questions that can go by SMS, earlier sends, answers per channel. */
export async function smsQuestionsView(deps: Deps, tenantId: string, c: Consultation, l: Locale) {
  const db = deps.db.db;
  const [questions, sends, channels] = await Promise.all([
    db
      .select()
      .from(consultationQuestions)
      .where(eq(consultationQuestions.consultationId, c.id))
      .orderBy(asc(consultationQuestions.position)),
    db
      .select({
        id: consultationSmsSends.id,
        questionId: consultationSmsSends.questionId,
        recipients: consultationSmsSends.recipients,
        reminderHours: consultationSmsSends.reminderHours,
        remindedAt: consultationSmsSends.remindedAt,
        createdAt: consultationSmsSends.createdAt,
        answered: sql<number>`(select count(*)::int from ${consultationSmsRecipients} r where r.send_id = ${consultationSmsSends.id} and exists (select 1 from ${consultationAnswers} a where a.question_id = r.question_id and a.person_id = r.person_id))`,
      })
      .from(consultationSmsSends)
      .where(and(eq(consultationSmsSends.consultationId, c.id), eq(consultationSmsSends.tenantId, tenantId)))
      .orderBy(desc(consultationSmsSends.createdAt)),
    answersByChannel(db, c.id),
  ]);
  const prompt = (id: string) => pickText(questions.find((q) => q.id === id)?.prompt, l)?.value ?? "";
  return {
    questions: questions.map((q) => ({ id: q.id, prompt: pickText(q.prompt, l)?.value ?? "", kind: q.kind })),
    sends: sends.map((s) => ({
      id: s.id,
      question: prompt(s.questionId),
      recipients: s.recipients,
      answered: s.answered,
      reminderHours: s.reminderHours,
      reminded: s.remindedAt ? formatDateTime(s.remindedAt, l) : null,
      sentAt: formatDateTime(s.createdAt, l),
    })),
    channels,
    reminderHours: [...REMINDER_HOURS],
  };
}

/** How many answers came by each channel. */
export async function answersByChannel(db: Db, consultationId: string): Promise<{ web: number; sms: number }> {
  const rows = await db
    .select({ channel: consultationAnswers.channel, n: sql<number>`count(*)::int` })
    .from(consultationAnswers)
    .where(eq(consultationAnswers.consultationId, consultationId))
    .groupBy(consultationAnswers.channel);
  return {
    web: rows.find((r) => r.channel === "web")?.n ?? 0,
    sms: rows.find((r) => r.channel === "sms")?.n ?? 0,
  };
}
