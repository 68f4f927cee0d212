import { eq } from "drizzle-orm";
import type { Deps } from "#app/lib/deps.ts";
import type { Locale } from "#app/lib/i18n.ts";
import { fail, ok, type DomainError, type Result } from "#app/lib/result.ts";
import { appendAudit } from "#app/modules/identity/audit.server.ts";
import { can, type Actor } from "#app/modules/identity/permissions.ts";
import type { Db } from "#db/client.ts";
import { municipalityProfiles } from "#db/schema/index.ts";
import type { LocalizedText } from "#db/schema/types.ts";
import { checkArms } from "./arms.server.ts";
import { accentCss, checkBrandColour } from "./colour.server.ts";

// The municipality's identity and legal pages (issue 19): read by every page
// of the municipality (through the read cache), written by its staff with
// `manage:profile:tenant`. Every write is audited and publishes
// `profile.municipality.updated`, which drops the municipality's cached pages.

export type Profile = typeof municipalityProfiles.$inferSelect;
type Staff = Actor & { id: string };

export async function getProfile(db: Db, tenantId: string): Promise<Profile | null> {
  const [row] = await db.select().from(municipalityProfiles).where(eq(municipalityProfiles.tenantId, tenantId));
  return row ?? null;
}

/** What the page shell needs: the accent CSS, the arms' URL and the name forms (null: Medvirk's neutral theme). */
export async function getBranding(db: Db, tenantId: string, slug: string) {
  const p = await getProfile(db, tenantId);
  return {
    accentCss: p?.brandColor ? accentCss(p.brandColor) : null,
    armsUrl: p?.armsType ? `/${slug}/arms?v=${p.armsVersion}` : null,
    displayName: p?.displayName ?? null,
    contactEmail: p?.contactEmail ?? null,
    contactPhone: p?.contactPhone ?? null,
  };
}

export async function getArms(db: Db, tenantId: string): Promise<{ type: string; data: Buffer } | null> {
  const p = await getProfile(db, tenantId);
  return p?.armsType && p.armsData ? { type: p.armsType, data: Buffer.from(p.armsData, "base64") } : null;
}

const forbidden = (): Result<never> => fail("errors.forbidden", 403);

async function write(
  deps: Deps,
  actor: Staff,
  tenantId: string,
  action: string,
  values: Partial<Omit<Profile, "tenantId" | "updatedAt">>,
  data: Record<string, unknown> = {},
): Promise<void> {
  const now = deps.now();
  await deps.db.db.transaction(async (tx) => {
    await tx
      .insert(municipalityProfiles)
      .values({ tenantId, ...values, updatedAt: now })
      .onConflictDoUpdate({ target: municipalityProfiles.tenantId, set: { ...values, updatedAt: now } });
    await appendAudit(tx, now, {
      tenantId,
      actorPersonId: actor.id,
      action,
      subjectType: "municipality",
      subjectId: tenantId,
      data,
    });
  });
  deps.bus.publish({ type: "profile.municipality.updated", tenantId });
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const clean = (v: string | null | undefined, max = 200) => {
  const s = (v ?? "").trim();
  return s === "" ? null : s.slice(0, max);
};
const withLocale = (prev: LocalizedText | null | undefined, locale: Locale, value: string | null): LocalizedText => {
  const next: LocalizedText = { ...(prev ?? {}) };
  if (value) next[locale] = value;
  else delete next[locale];
  return next;
};

export interface IdentityInput {
  brandColor: string;
  /** The name in the language being edited; empty removes that form. */
  displayName: string;
  contactEmail: string;
  contactPhone: string;
}

/** Brand colour (empty: Medvirk's neutral theme), the name form in `locale`, the contact. */
export async function saveIdentity(
  deps: Deps,
  actor: Staff,
  tenantId: string,
  locale: Locale,
  input: IdentityInput,
): Promise<Result<void, DomainError>> {
  if (!can(actor, "manage:profile:tenant", { tenantId })) return forbidden();
  let brandColor: string | null = null;
  if (input.brandColor.trim() !== "") {
    const c = checkBrandColour(input.brandColor);
    if (!c.ok && c.reason === "invalid") return fail("errors.colourInvalid", 400, { field: "brandColor" });
    if (!c.ok)
      return fail("errors.colourContrast", 400, {
        field: "brandColor",
        params: { ratio: Math.floor(c.ratio * 100) / 100, min: 4.5 },
      });
    brandColor = c.hex;
  }
  const email = clean(input.contactEmail);
  if (email && !EMAIL.test(email)) return fail("errors.emailInvalid", 400, { field: "contactEmail" });
  const prev = await getProfile(deps.db.db, tenantId);
  await write(
    deps,
    actor,
    tenantId,
    "profile.identity.saved",
    {
      brandColor,
      displayName: withLocale(prev?.displayName, locale, clean(input.displayName, 120)),
      contactEmail: email,
      contactPhone: clean(input.contactPhone, 40),
    },
    { brandColor },
  );
  return ok(undefined);
}

export async function saveArms(
  deps: Deps,
  actor: Staff,
  tenantId: string,
  bytes: Buffer,
): Promise<Result<void, DomainError>> {
  if (!can(actor, "manage:profile:tenant", { tenantId })) return forbidden();
  const c = checkArms(bytes);
  if (!c.ok)
    return fail(
      c.reason === "tooLarge" ? "errors.armsTooLarge" : "errors.armsNotImage",
      c.reason === "tooLarge" ? 413 : 400,
      {
        field: "arms",
        params: { max: 300 },
      },
    );
  await write(
    deps,
    actor,
    tenantId,
    "profile.arms.saved",
    {
      armsType: c.type,
      armsData: c.data.toString("base64"),
      armsVersion: ((await getProfile(deps.db.db, tenantId))?.armsVersion ?? 0) + 1,
    },
    { type: c.type, bytes: c.data.length },
  );
  return ok(undefined);
}

export async function removeArms(deps: Deps, actor: Staff, tenantId: string): Promise<Result<void, DomainError>> {
  if (!can(actor, "manage:profile:tenant", { tenantId })) return forbidden();
  await write(deps, actor, tenantId, "profile.arms.removed", { armsType: null, armsData: null });
  return ok(undefined);
}

export interface AccessibilityInput {
  status: string;
  deviations: string;
  contact: string;
  date: string;
}

/** The accessibility statement; the deviations text is stored for `locale` (other languages keep theirs). */
export async function saveAccessibility(
  deps: Deps,
  actor: Staff,
  tenantId: string,
  locale: Locale,
  input: AccessibilityInput,
): Promise<Result<void, DomainError>> {
  if (!can(actor, "manage:profile:tenant", { tenantId })) return forbidden();
  const status = input.status === "" ? null : input.status;
  if (status !== null && status !== "full" && status !== "partial" && status !== "none")
    return fail("errors.statusInvalid", 400, { field: "status" });
  const date = clean(input.date, 10);
  if (date && (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))))
    return fail("errors.dateInvalid", 400, { field: "date" });
  const prev = await getProfile(deps.db.db, tenantId);
  await write(deps, actor, tenantId, "profile.accessibility.saved", {
    a11yStatus: status,
    a11yDeviations: withLocale(prev?.a11yDeviations, locale, clean(input.deviations, 8000)),
    a11yContact: clean(input.contact),
    a11yDate: date,
  });
  return ok(undefined);
}

export interface PrivacyInput {
  dpo: string;
  text: string;
}

export async function savePrivacy(
  deps: Deps,
  actor: Staff,
  tenantId: string,
  locale: Locale,
  input: PrivacyInput,
): Promise<Result<void, DomainError>> {
  if (!can(actor, "manage:profile:tenant", { tenantId })) return forbidden();
  const prev = await getProfile(deps.db.db, tenantId);
  await write(deps, actor, tenantId, "profile.privacy.saved", {
    privacyDpo: clean(input.dpo),
    privacyText: withLocale(prev?.privacyText, locale, clean(input.text, 8000)),
  });
  return ok(undefined);
}
