import { and, eq } from "drizzle-orm";
import { consultationComments, consultations, municipalities, persons } from "#db/schema/index.ts";
import type { Deps } from "#app/lib/deps.ts";
import { isLocale, type Locale } from "#app/lib/i18n.ts";
import { tFor } from "#app/lib/i18next.server.ts";
import { pickText } from "#app/lib/localized.ts";
import { absoluteUrl } from "#app/lib/public-url.ts";
import { sendMessage } from "#app/modules/identity/outbox.server.ts";
import { tenantLocale } from "#app/modules/sms/person-locale.server.ts";
import type { ConsultationDeps } from "./commands.server.ts";

/**
 * Tells the author of a hidden comment, in their language, that a moderator hid it, why, and how
 * to ask for a review (issue 17): by e-mail when they have an address, else by SMS. Best effort
 * after the moderation is committed: a failed delivery is logged, the moderation stands.
 */
export async function tellAuthorOfHiddenComment(
  deps: ConsultationDeps,
  input: { tenantId: string; commentId: string },
): Promise<boolean> {
  const db = deps.db.db;
  const [row] = await db
    .select({
      reason: consultationComments.moderationReason,
      consultationId: consultations.id,
      title: consultations.title,
      slug: municipalities.slug,
      email: persons.email,
      phone: persons.phone,
      locale: persons.locale,
    })
    .from(consultationComments)
    .innerJoin(consultations, eq(consultations.id, consultationComments.consultationId))
    .innerJoin(municipalities, eq(municipalities.id, consultationComments.tenantId))
    .innerJoin(persons, eq(persons.id, consultationComments.personId))
    .where(
      and(
        eq(consultationComments.id, input.commentId),
        eq(consultationComments.tenantId, input.tenantId),
        eq(consultationComments.state, "hidden"),
      ),
    );
  if (!row || (!row.email && !row.phone)) return false;
  const locale: Locale = isLocale(row.locale) ? row.locale : await tenantLocale(db, input.tenantId);
  const t = tFor(locale);
  const title = pickText(row.title, locale)?.value ?? "";
  const env = (deps as unknown as Deps).env; // the server passes the whole environment
  const url = absoluteUrl(env, `/${row.slug}/consultations/${row.consultationId}#c-${input.commentId}`);
  const channel = row.email ? ("email" as const) : ("sms" as const);
  try {
    await sendMessage(deps as unknown as Deps, {
      channel,
      to: channel === "email" ? row.email! : row.phone!,
      subject: t("notify.hiddenSubject", { ns: "consultations", title }),
      text: t("notify.hidden", { ns: "consultations", title, reason: row.reason ?? "", url }),
    });
    return true;
  } catch (err) {
    deps.log.warn({ err, channel }, "could not tell the author of a hidden comment");
    return false;
  }
}
