import { and, eq, inArray, isNull, ne } from "drizzle-orm";
import type { Deps } from "#app/lib/deps.ts";
import { isLocale, type Locale } from "#app/lib/i18n.ts";
import { tFor } from "#app/lib/i18next.server.ts";
import { pickText, type LocalizedText } from "#app/lib/localized.ts";
import { sendMessage } from "#app/modules/identity/outbox.server.ts";
import { enqueueSms } from "#app/modules/sms/outbox.server.ts";
import { bodies, cases, consultationParticipants, consultations, followNotices, persons } from "#db/schema/index.ts";
import { tenantLocale } from "#app/modules/sms/person-locale.server.ts";

// Telling residents who followed a case what was decided (issue 9). A
// resident follows a case by taking part in a consultation on it; there they
// chose how to hear back (consultation_participants.notify: e-mail, SMS or
// nothing). When the minutes of the meeting that decided the case are
// published for the first time, each of them gets one message per case, in
// their own language: e-mail through identity's outbox, SMS through the SMS
// module's durable outbox (enqueueSms, sent by its worker).
// A person is told once per decision: the claim is a follow_notices row with
// the same event key ("decided:<caseId>") the follows module uses for people
// who follow the case, so someone who both follows the case and took part in
// its consultation gets one message. docs/decisions/034-live-decision-notices.md.

export interface DecidedCase {
  caseId: string;
  decision: string;
}

export interface NoticeLinks {
  /** The public origin ("https://medvirk.no") and the municipality's slug, for the link to the case. */
  origin: string;
  tenantSlug: string;
}

const SMS_DECISION_MAX = 280;

/** Sends the decision notices; returns how many were sent. Failures are logged per recipient and do not stop the rest. */
export async function notifyDecisions(
  deps: Pick<Deps, "db" | "log" | "env" | "now">,
  input: { tenantId: string; bodyId: string; cases: DecidedCase[]; links: NoticeLinks },
): Promise<number> {
  if (!input.cases.length) return 0;
  const db = deps.db.db;
  const ids = input.cases.map((c) => c.caseId);
  const [caseRows, [body], followers] = await Promise.all([
    db
      .select({ id: cases.id, year: cases.year, sequence: cases.sequence, title: cases.title })
      .from(cases)
      .where(and(eq(cases.tenantId, input.tenantId), inArray(cases.id, ids))),
    db
      .select({ name: bodies.name })
      .from(bodies)
      .where(and(eq(bodies.id, input.bodyId), eq(bodies.tenantId, input.tenantId))),
    db
      .select({
        caseId: consultations.caseId,
        personId: persons.id,
        notify: consultationParticipants.notify,
        email: persons.email,
        emailVerifiedAt: persons.emailVerifiedAt,
        phone: persons.phone,
        phoneVerifiedAt: persons.phoneVerifiedAt,
        locale: persons.locale,
      })
      .from(consultationParticipants)
      .innerJoin(consultations, eq(consultations.id, consultationParticipants.consultationId))
      .innerJoin(persons, eq(persons.id, consultationParticipants.personId))
      .where(
        and(
          eq(consultations.tenantId, input.tenantId),
          inArray(consultations.caseId, ids),
          ne(consultationParticipants.notify, "none"),
          isNull(persons.deletedAt),
        ),
      ),
  ]);
  const byCase = new Map(caseRows.map((c) => [c.id, c]));
  const decisionOf = new Map(input.cases.map((c) => [c.caseId, c.decision]));
  const seen = new Set<string>();
  const fallback = await tenantLocale(db, input.tenantId); // the municipality's Norwegian form
  let sent = 0;
  for (const f of followers) {
    const key = `${f.caseId}:${f.personId}`; // one message per person and case, however many consultations
    if (seen.has(key)) continue;
    seen.add(key);
    const c = byCase.get(f.caseId);
    const decision = decisionOf.get(f.caseId);
    if (!c || !decision) continue;
    const channel = f.notify === "sms" ? "sms" : "email";
    // Only to an address the person proved is theirs; a channel without one: nothing to send to.
    const to = channel === "sms" ? (f.phoneVerifiedAt ? f.phone : null) : f.emailVerifiedAt ? f.email : null;
    if (!to) continue;
    const locale: Locale = isLocale(f.locale) ? f.locale : fallback;
    const t = tFor(locale);
    const params = {
      ns: "live",
      number: `${c.year}/${c.sequence}`,
      title: pickText(c.title as LocalizedText, locale)?.value ?? "",
      body: pickText((body?.name ?? null) as LocalizedText | null, locale)?.value ?? "",
      url: `${input.links.origin}/${input.links.tenantSlug}/cases/${c.year}-${c.sequence}`,
    };
    const shortDecision = decision.length > SMS_DECISION_MAX ? `${decision.slice(0, SMS_DECISION_MAX - 1)}…` : decision;
    // Claim (person, decision) first: a second publication, or the follows module, sends nothing more.
    const [claim] = await db
      .insert(followNotices)
      .values({ tenantId: input.tenantId, personId: f.personId, eventKey: `decided:${f.caseId}` })
      .onConflictDoNothing()
      .returning({ id: followNotices.id });
    if (!claim) continue;
    try {
      if (channel === "sms") {
        const r = await db.transaction(async (tx) => {
          const q = await enqueueSms(tx, deps, {
            tenantId: input.tenantId,
            key: `live:decided:${f.caseId}:${f.personId}`,
            to,
            body: t("notify.sms", { ...params, decision: shortDecision }),
            lang: locale,
            purpose: "live.decision",
          });
          if (q.ok) await tx.update(followNotices).set({ sentAt: deps.now() }).where(eq(followNotices.id, claim.id));
          return q;
        });
        if (!r.ok) throw new Error(r.error.code);
      } else {
        await sendMessage(deps as Deps, {
          channel,
          to,
          subject: t("notify.subject", params),
          text: t("notify.email", { ...params, decision }),
        });
        await db.update(followNotices).set({ sentAt: deps.now() }).where(eq(followNotices.id, claim.id));
      }
      sent++;
    } catch (err) {
      deps.log.warn({ err, channel, caseId: f.caseId }, "could not send a decision notice");
      await db
        .update(followNotices)
        .set({ error: String((err as Error)?.message ?? err).slice(0, 500) })
        .where(eq(followNotices.id, claim.id));
    }
  }
  return sent;
}
