import { redirect } from "@remix-run/node";
import type { Deps } from "#app/lib/deps.ts";
import { oidcConfigured } from "#app/lib/env.ts";
import { formatDateTime } from "#app/lib/format.ts";
import type { Locale } from "#app/lib/i18n.ts";
import { tFor } from "#app/lib/i18next.server.ts";
import { pickText } from "#app/lib/localized.ts";
import { listBodies } from "#app/modules/bodies/queries.server.ts";
import type { Municipality } from "#app/modules/tenants/directory.server.ts";
import { formFailure } from "./http.server.ts";
import { can } from "./permissions.ts";
import type { SessionActor } from "./session.server.ts";
import type { StaffForm } from "./staff-forms.ts";
import {
  authSettings,
  endStaffSessions,
  inviteStaff,
  listStaff,
  removeMembership,
  setOidcEnabled,
} from "./staff.server.ts";
import { restoredForm } from "./stash.server.ts";

// Staff and roles of one municipality (app/routes/$tenant.admin_.staff.tsx):
// list, invite, remove a role, end a person's sessions, sign-in settings.

export async function staffPageView(
  deps: Deps,
  m: Municipality,
  actor: SessionActor,
  locale: Locale,
  request: Request,
) {
  const t = tFor(locale);
  const [{ members, pending }, bodyRows, settings, restored] = await Promise.all([
    listStaff(deps, m.id),
    listBodies(deps.db.db, m.id),
    authSettings(deps, m.id),
    restoredForm(request, deps),
  ]);
  const bodyName = new Map(bodyRows.map((b) => [b.id, pickText(b.name, locale)?.value ?? b.key]));
  return {
    title: `${t("staff.title", { ns: "identity" })} – ${m.officialName}`,
    municipality: { slug: m.slug, name: m.officialName },
    canManage: can(actor, "manage:staff:tenant", { tenantId: m.id }),
    canEnd: can(actor, "end:session:tenant", { tenantId: m.id }),
    canAuth: can(actor, "manage:auth:tenant", { tenantId: m.id }),
    canAudit: can(actor, "read:audit:tenant", { tenantId: m.id }),
    me: actor.id,
    members: members.map((r) => ({
      id: r.id,
      personId: r.personId,
      who: r.displayName ?? r.email ?? r.phone ?? "",
      role: r.role,
      bodies: r.bodyIds.map((id) => bodyName.get(id) ?? id),
    })),
    pending: pending.map((p) => ({
      id: p.id,
      email: p.email,
      role: p.role,
      expires: formatDateTime(p.expiresAt, locale),
    })),
    bodies: bodyRows.map((b) => ({ id: b.id, name: bodyName.get(b.id)! })),
    oidc: oidcConfigured(deps.env) ? settings.oidcEnabled : null,
    restored,
  };
}
export type StaffPageView = Awaited<ReturnType<typeof staffPageView>>;

/** Runs one form of the page; a refusal by permission is a 403, ending one's own sessions signs out. */
export async function runStaffForm(
  deps: Deps,
  m: Municipality,
  actor: SessionActor,
  locale: Locale,
  requestOrigin: string,
  input: StaffForm,
) {
  const t = tFor(locale);
  if (input.intent === "invite") {
    const values = { email: input.email, role: input.role };
    const bodyIds = input.bodyIds;
    const origin = deps.env.PUBLIC_URL ?? requestOrigin;
    const url = new URL(`/signin?returnTo=${encodeURIComponent(`/${m.slug}/admin/staff`)}`, origin).href;
    const r = await inviteStaff(deps, actor, m.id, {
      email: values.email,
      role: values.role,
      bodyIds,
      signInUrl: url,
      municipalityName: m.officialName,
      roleName: values.role,
      message: ({ url }) => ({
        subject: t("staff.invitationSubject", { ns: "identity", municipality: m.officialName }),
        text: t("staff.invitationMessage", {
          ns: "identity",
          municipality: m.officialName,
          role: t(`roles.${values.role}`, { ns: "identity" }),
          url,
        }),
      }),
    });
    if (!r.ok) {
      if (r.error.status === 403) throw new Response("Forbidden", { status: 403 });
      return { failure: formFailure(r.error, values) };
    }
    return { done: t("staff.invited", { ns: "identity", email: r.value.email }) };
  }
  if (input.intent === "remove") {
    const r = await removeMembership(deps, actor, m.id, input.membershipId);
    if (!r.ok) {
      if (r.error.status === 403) throw new Response("Forbidden", { status: 403 });
      return { failure: formFailure(r.error, {}) };
    }
    return { done: t("staff.removed", { ns: "identity" }) };
  }
  if (input.intent === "endSessions") {
    const r = await endStaffSessions(deps, actor, m.id, input.personId);
    if (!r.ok) {
      if (r.error.status === 403) throw new Response("Forbidden", { status: 403 });
      return { failure: formFailure(r.error, {}) };
    }
    if (r.value.ended >= 0 && input.personId === actor.id) throw redirect("/signin", 303);
    return { done: t("staff.sessionsEnded", { ns: "identity", count: r.value.ended }) };
  }
  if (input.intent === "auth") {
    const r = await setOidcEnabled(deps, actor, m.id, input.oidcEnabled === "on");
    if (!r.ok) throw new Response("Forbidden", { status: 403 });
    return { done: t("staff.saved", { ns: "identity" }) };
  }
  throw new Response("Bad request", { status: 400 }); // unreachable: the schema knows every intent
}
