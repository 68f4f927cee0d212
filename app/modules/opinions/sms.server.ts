import { and, eq, sql } from "drizzle-orm";
import type { Deps } from "#app/lib/deps.ts";
import { formatDateTime } from "#app/lib/format.ts";
import type { Locale } from "#app/lib/i18n.ts";
import { tFor } from "#app/lib/i18next.server.ts";
import { pickText, type LocalizedText } from "#app/lib/localized.ts";
import { absoluteUrl } from "#app/lib/public-url.ts";
import { fail, ok, type Result } from "#app/lib/result.ts";
import { isOpen } from "#app/modules/consultations/deadline.ts";
import { recipientLocale, resolveSmsRecipients } from "#app/modules/consultations/sms.server.ts";
import { appendAudit } from "#app/modules/identity/audit.server.ts";
import { meetsLevel, type VerificationLevel } from "#app/modules/identity/levels.ts";
import { can, type Actor } from "#app/modules/identity/permissions.ts";
import { findOrCreatePersonByPhone } from "#app/modules/identity/phone.server.ts";
import { requirementsOf } from "#app/modules/identity/staff.server.ts";
import { registerSmsHandler, type SmsHandler } from "#app/modules/sms/conversations.server.ts";
import { enqueueSms, wakeSmsWorkers, type Executor } from "#app/modules/sms/outbox.server.ts";
import type { Db } from "#db/client.ts";
import { opinionStatements, opinionVotes } from "#db/schema/index.ts";
import { castOpinionVote, type OpinionDeps } from "./commands.server.ts";
import { nextOpinionStatement, opinionConsultation, type NextStatement } from "./queries.server.ts";
import { readStatementReply } from "./sms.ts";

// Opinion statements by SMS (issue 23; docs/decisions/066-statements-by-sms-and-groups-in-the-report.md).
// Staff send the consultation's statements to an audience and/or a CSV of "phone,language[,name]"
// (the recipients resolved as for a consultation's question, ADR 065). Each recipient gets one
// statement at a time, the one the web would show them next (nextOpinionStatement: fewest votes
// first), as written, with "reply 1 agree, 2 disagree, 3 pass" in their language. A reply is
// saved by the web's own vote command (castOpinionVote, channel "sms"), so the latest vote wins
// and the groups recompute as for a web vote; then the next statement follows in the same
// conversation until none is left. A wrong reply is told what was wrong and how to answer.

export const SMS_STATEMENT_KIND = "opinions.statement";
/** How long after the deadline a reply still gets "it has closed" from us. */
const LATE_REPLY_DAYS = 7;

type Ref = { consultationId: string; statementId: string };
type Consultation = { id: string; title: LocalizedText; closesAt: Date; closedAt: Date | null };

const t =
  (l: Locale) =>
  (key: string, params: Record<string, unknown> = {}) =>
    tFor(l)(key, { ns: "opinions", ...params });
const titleOf = (c: Pick<Consultation, "title">, l: Locale) => pickText(c.title, l)?.value ?? "";

/** "Reply 1 agree, 2 disagree, 3 pass." */
export const howToVote = (l: Locale) => t(l)("sms.how");

/** One statement as an SMS: (who asks, when it is the first), the statement as written, how to answer. */
export function statementSms(s: Pick<NextStatement, "text">, l: Locale, o: { intro: string }): string {
  return [o.intro, `«${s.text}»`, howToVote(l)].filter(Boolean).join(" ");
}

const conversationFor = (c: Consultation, statementId: string, now: Date) => ({
  kind: SMS_STATEMENT_KIND,
  ref: { consultationId: c.id, statementId } satisfies Ref,
  // Our handler reads every reply itself (readStatementReply), so a wrong one gets our own how-to.
  expecting: { kind: "free" as const },
  ttlHours: Math.max(1, Math.ceil((c.closesAt.getTime() - now.getTime()) / 3600_000)) + LATE_REPLY_DAYS * 24,
});

class Refused extends Error {
  constructor(readonly failure: ReturnType<typeof fail>) {
    super(failure.error.code);
  }
}

export interface SendStatementsInput {
  tenantId: string;
  consultationId: string;
  /** An audience of the SMS module ("followers", "panel:<id>", "consultation:<id>"), or "". */
  audience?: string | null;
  /** "phone,language[,name]" per line. */
  recipientsCsv?: string | null;
}

/**
 * Sends each recipient the first statement they have not voted on. Staff who manage cases and
 * send SMS in the municipality only (as a consultation's question by SMS). A statement already
 * sent to the number is not sent again, so sending twice reaches nobody twice; a recipient who
 * has voted on every statement gets nothing (`nothingLeft`). One transaction for all.
 */
export async function sendStatementsBySms(
  deps: Deps,
  actor: Actor | null,
  input: SendStatementsInput,
): Promise<Result<{ queued: number; recipients: number; nothingLeft: number }>> {
  const scope = { tenantId: input.tenantId };
  if (!can(actor, "manage:case:tenant", scope) || !can(actor, "manage:sms:tenant", scope))
    return fail("errors.forbidden", 403);
  const db = deps.db.db;
  const now = deps.now();
  const c = await opinionConsultation(db, input.tenantId, input.consultationId);
  if (!c || !c.enabled) return fail("errors.notFound", 404);
  if (!isOpen(c, now)) return fail("errors.closed", 409);
  // Voting needs the "support" level of the process (as on the web); an SMS proves a phone, nothing more.
  const need = c.processId
    ? ((await requirementsOf(deps, input.tenantId, c.processId)) as Record<string, VerificationLevel>).support
    : undefined;
  if (need && !meetsLevel("phone", need)) return fail("errors.smsLevel", 409, { params: { level: need } });
  const [published] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(opinionStatements)
    .where(and(eq(opinionStatements.consultationId, c.id), eq(opinionStatements.state, "published")));
  if (!published?.n) return fail("opinions:errors.smsNoStatements", 409);

  const resolved = await resolveSmsRecipients(deps, input.tenantId, input);
  if (!resolved.ok) return resolved;
  const { recipients, fallback } = resolved.value;
  const municipality = deps.tenants.all().find((m) => m.id === input.tenantId)?.officialName ?? "";
  try {
    const out = await db.transaction(async (tx) => {
      let queued = 0;
      let nothingLeft = 0;
      for (const r of recipients) {
        const lang = await recipientLocale(tx, r, fallback);
        const personId = await findOrCreatePersonByPhone(tx, { phone: r.phone, now });
        if (!personId) continue; // the number of an erased person
        const next = await nextOpinionStatement(tx as unknown as Db, input.tenantId, c.id, personId);
        if (!next) {
          nothingLeft++;
          continue;
        }
        const sms = await enqueueSms(tx, deps, {
          tenantId: input.tenantId,
          key: `opinions:statement:${next.id}:${personId}`,
          to: r.phone,
          body: statementSms(next, lang, { intro: t(lang)("sms.first", { municipality, title: titleOf(c, lang) }) }),
          lang,
          purpose: SMS_STATEMENT_KIND,
          conversation: conversationFor(c, next.id, now),
        });
        if (!sms.ok)
          throw new Refused(
            fail(sms.error.code === "sms.tooLong" ? "opinions:errors.smsTooLong" : "errors.smsRecipientsInvalid", 400, {
              field: "recipients",
              params: { lang, lines: String(r.line), ...(sms.error.params ?? {}) },
            }),
          );
        if (sms.value.created) queued++;
      }
      await appendAudit(tx, now, {
        tenantId: input.tenantId,
        actorPersonId: actor!.id,
        action: "opinions.statements.smsSent",
        subjectType: "consultation",
        subjectId: c.id,
        data: { recipients: recipients.length, queued, nothingLeft },
      });
      return { queued, recipients: recipients.length, nothingLeft };
    });
    wakeSmsWorkers();
    return ok(out);
  } catch (e) {
    if (e instanceof Refused) return e.failure;
    throw e;
  }
}

// ---------------------------------------------------------------- replies

const onTx = <D extends { db: Deps["db"] }>(deps: D, tx: unknown): D => ({ ...deps, db: { ...deps.db, db: tx as Db } });

/** The next statement, asked in the same conversation (the reply to this message opens it). */
async function askNext(
  tx: Executor,
  deps: Deps,
  o: {
    tenantId: string;
    c: Consultation;
    next: NextStatement;
    personId: string;
    phone: string;
    lang: Locale;
    intro: string;
    messageSid: string;
  },
) {
  return enqueueSms(tx, deps, {
    tenantId: o.tenantId,
    // Per inbound message: a webhook retried by Twilio asks once, a later reply may ask again.
    key: `opinions:statement:${o.next.id}:${o.personId}:${o.messageSid}`,
    to: o.phone,
    body: statementSms(o.next, o.lang, { intro: o.intro }),
    lang: o.lang,
    purpose: SMS_STATEMENT_KIND,
    urgent: true, // the answer to the message the person has just sent
    conversation: conversationFor(o.c, o.next.id, deps.now()),
  });
}

const handler: SmsHandler = {
  async onReply(ctx) {
    const conv = ctx.conversation;
    const ref = conv?.ref as Ref | undefined;
    if (!conv?.tenantId || !ref?.statementId) return {};
    const tenantId = conv.tenantId;
    const l: Locale = ctx.lang;
    const say = t(l);
    const deps = onTx(ctx.deps, ctx.tx);
    const db = deps.db.db;
    const now = ctx.deps.now();
    const c = await opinionConsultation(db, tenantId, ref.consultationId);
    if (!c || !c.enabled) return { reply: say("sms.gone"), close: true };
    if (!isOpen(c, now))
      return {
        reply: say("sms.closed", { title: titleOf(c, l), when: formatDateTime(c.closedAt ?? c.closesAt, l) }),
        close: true,
      };
    const read = readStatementReply(ctx.text, l);
    if (!read.ok) return { reply: `${say(`sms.invalid.${read.reason}`)} ${howToVote(l)}`, close: false };

    // An SMS from the number proves the phone as a code sent to it would.
    const personId = await findOrCreatePersonByPhone(ctx.tx, { phone: ctx.phone, now, verified: true, locale: l });
    const m = ctx.deps.tenants.all().find((x) => x.id === tenantId);
    const url = absoluteUrl(ctx.deps.env, `/${m?.slug ?? ""}/consultations/${c.id}/statements`);
    if (!personId) return { reply: say("sms.notSaved", { url }), close: true };
    const r = await castOpinionVote(
      deps as unknown as OpinionDeps,
      { personId, level: "phone" },
      { tenantId, consultationId: c.id, statementId: ref.statementId, value: read.vote, channel: "sms" },
    );
    let intro = say("sms.thanksNext");
    if (!r.ok) {
      if (r.error.code === "errors.closed")
        return {
          reply: say("sms.closed", { title: titleOf(c, l), when: formatDateTime(c.closedAt ?? c.closesAt, l) }),
          close: true,
        };
      if (r.error.code === "errors.levelRequired") return { reply: say("sms.levelRequired", { url }), close: true };
      if (r.error.code !== "errors.notFound") return { reply: say("sms.notSaved", { url }), close: true };
      intro = say("sms.goneNext"); // hidden by a moderator since it was sent: go on with the next one
    }
    const next = await nextOpinionStatement(db, tenantId, c.id, personId);
    if (!next) {
      // Nothing left: the conversation stays on this statement, so a second reply changes the vote.
      const done = say("sms.done", { title: titleOf(c, l), url });
      return { reply: r.ok ? done : `${say("sms.gone")} ${done}`, close: !r.ok };
    }
    await askNext(ctx.tx, ctx.deps, {
      tenantId,
      c,
      next,
      personId,
      phone: ctx.phone,
      lang: l,
      intro: [ctx.takePreface(), intro].filter(Boolean).join(" "),
      messageSid: ctx.messageSid,
    });
    return {};
  },
};

/** Registers the reply handler for "opinions.statement" conversations (server/app.ts). Idempotent. */
export function registerOpinionsSms(): void {
  registerSmsHandler(SMS_STATEMENT_KIND, handler);
}

// ---------------------------------------------------------------- the staff page

/** How many of the consultation's votes came by each channel (the latest vote of each person and statement). */
export async function votesByChannel(db: Db, tenantId: string, consultationId: string) {
  const rows = await db
    .select({ channel: opinionVotes.channel, n: sql<number>`count(*)::int` })
    .from(opinionVotes)
    .where(and(eq(opinionVotes.tenantId, tenantId), eq(opinionVotes.consultationId, consultationId)))
    .groupBy(opinionVotes.channel);
  return {
    web: rows.find((r) => r.channel === "web")?.n ?? 0,
    sms: rows.find((r) => r.channel === "sms")?.n ?? 0,
  };
}
