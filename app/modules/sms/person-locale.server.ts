import { and, eq, isNull } from "drizzle-orm";
import { municipalities, persons, smsConversations } from "#db/schema/index.ts";
import type { Deps } from "#app/lib/deps.ts";
import { isLocale, tenantDefaultLocale, type Locale } from "#app/lib/i18n.ts";
import { phoneHash } from "./crypto.server.ts";
import type { Executor } from "./outbox.server.ts";
import { parseE164 } from "./phone.ts";
import { err, ok, type Result } from "#app/lib/result.ts";

// A person's language (`persons.locale`): set from their SMS replies, from the
// invitation that reached them and from the web's language switch; read by
// everything that writes to them (docs/decisions/060-sms-replies-in-the-recipients-language.md).

/** The person who has this phone (E.164), if any and not erased. */
export async function personByPhone(
  db: Executor,
  phone: string,
): Promise<{ id: string; locale: Locale | null } | null> {
  const [p] = await db
    .select({ id: persons.id, locale: persons.locale })
    .from(persons)
    .where(and(eq(persons.phone, phone), isNull(persons.deletedAt)));
  return p ? { id: p.id, locale: isLocale(p.locale) ? p.locale : null } : null;
}

/** The municipality's Norwegian written form (nn for Nynorsk municipalities, else nb): the fallback language. */
export async function tenantLocale(db: Executor, tenantId: string | null | undefined): Promise<Locale> {
  if (!tenantId) return "nb";
  const [m] = await db
    .select({ maalform: municipalities.maalform })
    .from(municipalities)
    .where(eq(municipalities.id, tenantId));
  return tenantDefaultLocale(m ? { maalform: m.maalform, samiArea: false } : null);
}

/** The language to write to a phone in: its person's language, else the municipality's Norwegian form. */
export async function localeForPhone(db: Executor, phone: string, tenantId: string | null): Promise<Locale> {
  const p = await personByPhone(db, phone);
  return p?.locale ?? (await tenantLocale(db, tenantId));
}

/**
 * Stores a person's language and moves their open SMS conversations to it, so
 * the next SMS answer is in the language they chose on the web. Call it inside
 * the caller's transaction (`db` = tx) or with `deps.db.db`.
 */
export async function writePersonLocale(
  db: Executor,
  deps: Pick<Deps, "env">,
  personId: string,
  locale: Locale,
): Promise<boolean> {
  const [p] = await db
    .update(persons)
    .set({ locale })
    .where(and(eq(persons.id, personId), isNull(persons.deletedAt)))
    .returning({ phone: persons.phone });
  if (!p) return false;
  const phone = p.phone ? parseE164(p.phone) : null;
  if (phone?.ok)
    await db
      .update(smsConversations)
      .set({ lang: locale })
      .where(
        and(eq(smsConversations.phoneHash, phoneHash(deps.env, phone.value)), eq(smsConversations.status, "open")),
      );
  return true;
}

/**
 * The web's language switch (and anything else that learns a person's
 * language): stores `locale` on the person and moves their open SMS
 * conversations to it. Unknown languages and unknown or erased persons are
 * refused; nothing is written then.
 */
export async function setPersonLocale(
  deps: Pick<Deps, "db" | "env">,
  personId: string,
  locale: string,
): Promise<Result<{ locale: Locale }, { code: string; status: number }>> {
  if (!isLocale(locale)) return err({ code: "errors.locale", status: 400 });
  if (!/^[0-9a-f-]{36}$/i.test(personId)) return err({ code: "errors.notFound", status: 404 });
  const done = await deps.db.db.transaction((tx) => writePersonLocale(tx, deps, personId, locale));
  return done ? ok({ locale }) : err({ code: "errors.notFound", status: 404 });
}
