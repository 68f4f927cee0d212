import type { Deps } from "#app/lib/deps.ts";
import type { Locale } from "#app/lib/i18n.ts";
import { formatDecimal } from "#app/lib/format.ts";
import { requireStaff } from "#app/modules/identity/session.server.ts";
import { tenantFromUrl } from "#app/modules/tenants/page.server.ts";
import { ARMS_MAX_BYTES } from "./arms.server.ts";
import { getProfile, removeArms, saveArms, saveIdentity } from "./profile.server.ts";

// The staff page for the municipality's identity (/<municipality>/admin/identity):
// brand colour, name form, contact, coat of arms. Staff with manage:profile:tenant only.

export async function identityPage(request: Request, params: { tenant?: string }, deps: Deps) {
  const { m, locale } = tenantFromUrl(request, params, deps);
  await requireStaff(request, deps, m.id, "manage:profile:tenant");
  const p = await getProfile(deps.db.db, m.id);
  return {
    slug: m.slug,
    officialName: m.officialName,
    locale: locale as Locale,
    brandColor: p?.brandColor ?? "",
    displayName: p?.displayName?.[locale] ?? "",
    contactEmail: p?.contactEmail ?? "",
    contactPhone: p?.contactPhone ?? "",
    armsUrl: p?.armsType ? `/${m.slug}/arms?v=${p.armsVersion}` : null,
    maxKb: ARMS_MAX_BYTES / 1024,
    saved: new URL(request.url).searchParams.has("saved"),
  };
}

export type IdentityRefusal = { code: string; field?: string; params?: Record<string, string | number> };
type Posted =
  | { ok: true; redirect: string }
  | { ok: false; status: number; refusal: IdentityRefusal; values?: Record<string, string> };

export async function postIdentity(request: Request, params: { tenant?: string }, deps: Deps): Promise<Posted> {
  const { m, locale } = tenantFromUrl(request, params, deps);
  const actor = await requireStaff(request, deps, m.id, "manage:profile:tenant");
  const tooLarge = {
    ok: false as const,
    status: 413,
    refusal: { code: "errors.armsTooLarge", field: "arms", params: { max: ARMS_MAX_BYTES / 1024 } },
  };
  // An upload far over the limit is refused before it is read.
  if (Number(request.headers.get("content-length") ?? 0) > ARMS_MAX_BYTES + 64 * 1024) return tooLarge;
  const f = await request.formData();
  const get = (n: string) => {
    const v = f.get(n);
    return typeof v === "string" ? v : "";
  };
  const done = { ok: true as const, redirect: `/${m.slug}/admin/identity?saved` };
  const refuse = (
    e: { code: string; status: number; field?: string; params?: Record<string, string | number> },
    values?: Record<string, string>,
  ): Posted => ({
    ok: false,
    status: e.status,
    refusal: {
      code: e.code,
      field: e.field,
      params:
        e.params && typeof e.params.ratio === "number"
          ? { ...e.params, ratio: formatDecimal(e.params.ratio, locale, 2), min: formatDecimal(4.5, locale, 1) }
          : e.params,
    },
    values,
  });
  const intent = get("intent");
  if (intent === "arms") {
    const file = f.get("arms");
    const bytes = file && typeof file !== "string" ? Buffer.from(await file.arrayBuffer()) : Buffer.alloc(0);
    const r = await saveArms(deps, actor, m.id, bytes);
    return r.ok ? done : refuse(r.error);
  }
  if (intent === "removeArms") {
    const r = await removeArms(deps, actor, m.id);
    return r.ok ? done : refuse(r.error);
  }
  const values = {
    brandColor: get("brandColor"),
    displayName: get("displayName"),
    contactEmail: get("contactEmail"),
    contactPhone: get("contactPhone"),
  };
  const r = await saveIdentity(deps, actor, m.id, locale as Locale, values);
  return r.ok ? done : refuse(r.error, values);
}
