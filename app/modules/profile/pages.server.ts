import type { Deps } from "#app/lib/deps.ts";
import { formatDate } from "#app/lib/format.ts";
import { pickText } from "#app/lib/localized.ts";
import { tenantFromUrl } from "#app/modules/tenants/page.server.ts";
import { getActor, requireStaff } from "#app/modules/identity/session.server.ts";
import { can } from "#app/modules/identity/permissions.ts";
import type { Locale } from "#app/lib/i18n.ts";
import { getProfile, saveAccessibility, savePrivacy } from "./profile.server.ts";
import type { AccessibilityView, PrivacyView } from "./ui/legal.tsx";

// What the routes of the legal pages call: one function for the page, one for the post.

const form = async (request: Request) => {
  const f = await request.formData();
  return (name: string) => {
    const v = f.get(name);
    return typeof v === "string" ? v : "";
  };
};

async function pageBase(request: Request, params: { tenant?: string }, deps: Deps) {
  const { m, locale } = tenantFromUrl(request, params, deps);
  const [profile, actor] = await Promise.all([getProfile(deps.db.db, m.id), getActor(request, deps)]);
  const name = pickText(profile?.displayName, locale)?.value ?? m.officialName;
  const editing = can(actor, "manage:profile:tenant", { tenantId: m.id });
  const saved = new URL(request.url).searchParams.has("saved");
  return { m, locale, profile, name, editing, saved };
}

export async function accessibilityPage(request: Request, params: { tenant?: string }, deps: Deps) {
  const { m, locale, profile: p, name, editing, saved } = await pageBase(request, params, deps);
  const view: AccessibilityView = {
    slug: m.slug,
    name,
    status: p?.a11yStatus ?? null,
    deviations: pickText(p?.a11yDeviations, locale),
    contact: p?.a11yContact ?? p?.contactEmail ?? null,
    date: p?.a11yDate ? formatDate(new Date(`${p.a11yDate}T12:00:00Z`), locale) : null,
    dateIso: p?.a11yDate ?? "",
    editing: editing ? { locale, deviationsRaw: p?.a11yDeviations?.[locale] ?? "" } : null,
  };
  return { view, saved, title: name };
}

export async function privacyPage(request: Request, params: { tenant?: string }, deps: Deps) {
  const { m, locale, profile: p, name, editing, saved } = await pageBase(request, params, deps);
  const view: PrivacyView = {
    slug: m.slug,
    name,
    dpo: p?.privacyDpo ?? null,
    text: pickText(p?.privacyText, locale),
    editing: editing ? { locale, textRaw: p?.privacyText?.[locale] ?? "" } : null,
  };
  return { view, saved, title: name };
}

type Posted =
  | { ok: true; redirect: string }
  | { ok: false; status: number; refusal: { code: string; field?: string; params?: Record<string, string | number> } };

export async function postAccessibility(request: Request, params: { tenant?: string }, deps: Deps): Promise<Posted> {
  const { m, locale } = tenantFromUrl(request, params, deps);
  const actor = await requireStaff(request, deps, m.id, "manage:profile:tenant");
  const get = await form(request);
  const r = await saveAccessibility(deps, actor, m.id, locale as Locale, {
    status: get("status"),
    deviations: get("deviations"),
    contact: get("contact"),
    date: get("date"),
  });
  return r.ok
    ? { ok: true, redirect: `/${m.slug}/tilgjengelighet?saved` }
    : {
        ok: false,
        status: r.error.status,
        refusal: { code: r.error.code, field: r.error.field, params: r.error.params },
      };
}

export async function postPrivacy(request: Request, params: { tenant?: string }, deps: Deps): Promise<Posted> {
  const { m, locale } = tenantFromUrl(request, params, deps);
  const actor = await requireStaff(request, deps, m.id, "manage:profile:tenant");
  const get = await form(request);
  const r = await savePrivacy(deps, actor, m.id, locale as Locale, { dpo: get("dpo"), text: get("text") });
  return r.ok
    ? { ok: true, redirect: `/${m.slug}/personvern?saved` }
    : {
        ok: false,
        status: r.error.status,
        refusal: { code: r.error.code, field: r.error.field, params: r.error.params },
      };
}
