import { absoluteUrl } from "#app/lib/public-url.ts";
import { and, eq, isNull } from "drizzle-orm";
import type { Deps } from "#app/lib/deps.ts";
import { LOCALES, type Locale } from "#app/lib/i18n.ts";
import { i18nFor } from "#app/lib/i18next.server.ts";
import { can, type Actor } from "#app/modules/identity/permissions.ts";
import { sendMessage } from "#app/modules/identity/outbox.server.ts";
import { fail, ok, type Result } from "#app/lib/result.ts";
import { registerSmsHandler, type SmsHandler } from "#app/modules/sms/conversations.server.ts";
import { enqueueSms, type Executor } from "#app/modules/sms/outbox.server.ts";
import { localeForPhone, tenantLocale } from "#app/modules/sms/person-locale.server.ts";
import type { Db } from "#db/client.ts";
import {
  panelMembers,
  panelPoolMembers,
  panels,
  panelSurveyInvites,
  panelSurveys,
  persons,
  type SurveyQuestion,
} from "#db/schema/index.ts";
import { recordSurveyAnswer } from "./surveys.server.ts";
import type { Answer } from "./surveys.ts";

// Panel surveys reach the panel (issue 7): when a survey opens, and on each
// reminder, every member who has not answered is told — by SMS when the pool
// has their number, else by e-mail with the link. When every question is short
// (single choice or a scale) the survey is asked by SMS itself, one question per
// message on the SMS module's conversations; the last answer is stored like a
// web answer (once, without who gave it). Members who joined by SMS have no
// web account, so for them this is the way to answer.

type Ref = { surveyId: string; inviteId: string; step: number; answers: Record<string, Answer> };

function tr(locale: string) {
  const l = ((LOCALES as readonly string[]).includes(locale) ? locale : "nb") as Locale;
  return { t: i18nFor(l).getFixedT(l, "panels"), locale: l };
}

/** The survey can be answered by SMS: every question is a single choice or a scale. */
export const askableBySms = (questions: readonly SurveyQuestion[]) =>
  questions.length > 0 && questions.every((q) => q.kind === "single" || q.kind === "scale");

function labels(q: SurveyQuestion): string[] {
  if (q.kind === "scale")
    return Array.from({ length: q.scale!.max - q.scale!.min + 1 }, (_x, i) => String(q.scale!.min + i));
  return q.options!.map((_o, i) => String(i + 1));
}

function questionText(t: ReturnType<typeof tr>["t"], q: SurveyQuestion): string {
  if (q.kind === "scale") return t("sms.surveyScale", { question: q.text, min: q.scale!.min, max: q.scale!.max });
  return t("sms.surveyChoice", { question: q.text, options: q.options!.map((o, i) => `${i + 1} ${o}`).join(", ") });
}

async function ask(
  tx: Executor,
  deps: Pick<Deps, "env" | "now">,
  input: {
    tenantId: string;
    phone: string;
    lang: Locale;
    ref: Ref;
    q: SurveyQuestion;
    intro?: string;
    key: string;
    urgent?: boolean;
  },
) {
  const { t } = tr(input.lang);
  const body = [input.intro, questionText(t, input.q)].filter(Boolean).join(" ");
  return enqueueSms(tx, deps, {
    tenantId: input.tenantId,
    key: input.key,
    to: input.phone,
    body,
    lang: input.lang,
    purpose: "panels.survey",
    conversation: {
      kind: "panels.survey",
      ref: input.ref,
      expecting: { kind: "choices", options: labels(input.q) },
      ttlHours: 24 * 7,
    },
  });
}

/**
 * Tells the members who have not answered that a survey is open (reminder: that it still is).
 * Idempotent: the invitation once per member, a reminder once per member per day.
 */
export async function notifySurvey(
  deps: Deps,
  actor: Actor,
  input: { tenantId: string; surveyId: string; reminder: boolean },
): Promise<Result<{ sms: number; email: number; unreachable: number }>> {
  if (!can(actor, "manage:panel:tenant", { tenantId: input.tenantId })) return fail("errors.forbidden", 403);
  const db = deps.db.db;
  const [s] = await db
    .select({
      id: panelSurveys.id,
      key: panelSurveys.key,
      title: panelSurveys.title,
      questions: panelSurveys.questions,
      status: panelSurveys.status,
      panelKey: panels.key,
      panelTitle: panels.title,
    })
    .from(panelSurveys)
    .innerJoin(panels, eq(panels.id, panelSurveys.panelId))
    .where(and(eq(panelSurveys.id, input.surveyId), eq(panelSurveys.tenantId, input.tenantId)));
  if (!s) return fail("errors.notFound", 404);
  if (s.status !== "open") return fail("errors.survey.notOpen", 409);
  const m = deps.tenants.all().find((x) => x.id === input.tenantId);
  const url = absoluteUrl(deps.env, `/${m?.slug ?? ""}/panels/${s.panelKey}/surveys/${s.key}`);
  const rows = await db
    .select({
      inviteId: panelSurveyInvites.id,
      phone: panelPoolMembers.phone,
      email: panelPoolMembers.email,
      locale: persons.locale,
      accountEmail: persons.email,
    })
    .from(panelSurveyInvites)
    .innerJoin(panelMembers, eq(panelMembers.id, panelSurveyInvites.panelMemberId))
    .innerJoin(panelPoolMembers, eq(panelPoolMembers.id, panelMembers.poolMemberId))
    .leftJoin(persons, eq(persons.id, panelPoolMembers.personId))
    .where(
      and(
        eq(panelSurveyInvites.surveyId, s.id),
        isNull(panelSurveyInvites.respondedAt),
        eq(panelMembers.status, "active"),
      ),
    );
  const bySms = askableBySms(s.questions);
  const round = input.reminder ? `r${deps.now().toISOString().slice(0, 10)}` : "i";
  const mails: { to: string; subject: string; text: string }[] = [];
  let sms = 0;
  let unreachable = 0;
  const fallback = await tenantLocale(db, input.tenantId);
  await db.transaction(async (tx) => {
    for (const r of rows) {
      // The member's language: their person's, else that of the person with their number, else the municipality's.
      const { t, locale } = tr(r.locale ?? (r.phone ? await localeForPhone(tx, r.phone, input.tenantId) : fallback));
      const panel = s.panelTitle[locale] ?? s.panelTitle.nb ?? Object.values(s.panelTitle).find(Boolean) ?? s.panelKey;
      const intro = t(input.reminder ? "sms.surveyReminder" : "sms.surveyInvite", {
        municipality: m?.officialName ?? "",
        panel,
        survey: s.title,
      });
      if (r.phone) {
        const key = `panels:survey:${r.inviteId}:${round}`;
        const q = await (bySms
          ? ask(tx, deps, {
              tenantId: input.tenantId,
              phone: r.phone,
              lang: locale,
              ref: { surveyId: s.id, inviteId: r.inviteId, step: 0, answers: {} },
              q: s.questions[0]!,
              intro,
              key,
            })
          : enqueueSms(tx, deps, {
              tenantId: input.tenantId,
              key,
              to: r.phone,
              body: `${intro} ${t("sms.surveyLink", { url })}`,
              lang: locale,
              purpose: "panels.survey",
            }));
        if (q.ok && q.value.created) sms++;
        continue;
      }
      const to = r.email ?? r.accountEmail;
      if (to)
        mails.push({
          to,
          subject: t(input.reminder ? "survey.mailReminderSubject" : "survey.mailSubject", { survey: s.title }),
          text: `${intro}\n\n${url}`,
        });
      else unreachable++;
    }
    if (input.reminder)
      await tx
        .update(panelSurveyInvites)
        .set({ remindedAt: deps.now() })
        .where(and(eq(panelSurveyInvites.surveyId, s.id), isNull(panelSurveyInvites.respondedAt)));
  });
  let email = 0;
  for (const mail of mails) {
    try {
      await sendMessage(deps, { channel: "email", ...mail });
      email++;
    } catch (err) {
      deps.log.warn({ err, surveyId: s.id }, "a panel survey e-mail could not be sent");
    }
  }
  return ok({ sms, email, unreachable });
}

const onTx = <D extends { db: Deps["db"] }>(deps: D, tx: unknown): D => ({ ...deps, db: { ...deps.db, db: tx as Db } });

const handler: SmsHandler = {
  async onReply(ctx) {
    const conv = ctx.conversation;
    const { t, locale } = tr(ctx.lang);
    const ref = conv?.ref as Ref | undefined;
    if (!conv?.tenantId || !ref?.surveyId) return {};
    const deps = onTx(ctx.deps, ctx.tx);
    const [s] = await deps.db.db
      .select()
      .from(panelSurveys)
      .where(and(eq(panelSurveys.id, ref.surveyId), eq(panelSurveys.tenantId, conv.tenantId)));
    if (!s || s.status !== "open") return { reply: t("sms.surveyClosed") };
    const q = s.questions[ref.step];
    if (!q) return {};
    const options = labels(q);
    const picked = ctx.parsed.kind === "choices" && ctx.parsed.values.length === 1 ? ctx.parsed.values[0]! : null;
    if (!picked || !options.includes(picked))
      return { reply: t("sms.surveyChoose", { min: options[0], max: options[options.length - 1] }), close: false };
    const answers = { ...ref.answers, [q.key]: q.kind === "scale" ? Number(picked) : q.options![Number(picked) - 1]! };
    const next = s.questions[ref.step + 1];
    if (next) {
      await ask(ctx.tx, ctx.deps, {
        tenantId: conv.tenantId,
        phone: ctx.phone,
        lang: locale,
        ref: { ...ref, step: ref.step + 1, answers },
        q: next,
        intro: ctx.takePreface(),
        key: `panels:survey:${ref.inviteId}:q${ref.step + 1}:${ctx.messageSid}`,
      });
      return {};
    }
    const r = await recordSurveyAnswer(deps, {
      tenantId: conv.tenantId,
      surveyId: s.id,
      inviteId: ref.inviteId,
      answers,
    });
    if (!r.ok)
      return { reply: t(r.error.code === "errors.survey.alreadyAnswered" ? "sms.surveyAlready" : "sms.surveyClosed") };
    return { reply: t("sms.surveyThanks", { survey: s.title }) };
  },
};

/** Registers the reply handler for "panels.survey" conversations. Idempotent. */
export function registerPanelSurveySms(): void {
  registerSmsHandler("panels.survey", handler);
}
