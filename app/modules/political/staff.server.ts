import type { Deps } from "#app/lib/deps.ts";
import { LOCALES } from "#app/lib/i18n.ts";
import { i18nFor } from "#app/lib/i18next.server.ts";
import { requestLocale } from "#app/lib/locale.server.ts";
import { audit } from "#app/modules/identity/audit.server.ts";
import type { Permission } from "#app/modules/identity/roles.ts";
import { requireStaff, type SessionActor } from "#app/modules/identity/session.server.ts";
import { municipalityFromUrl } from "#app/modules/tenants/page.server.ts";
import type { DomainError, Result } from "#app/lib/result.ts";

// The secretaries' console of the political structure: who may use it
// (identity's session and roles; CSRF is checked for every action by
// identity's withCsrf), how forms are read, and how refusals and successes
// are answered. A refusal re-renders the form with what was typed.

export async function staffContext(
  request: Request,
  params: { tenant?: string },
  deps: Deps,
  permission: Permission = "read:admin:tenant",
) {
  const m = municipalityFromUrl(request, params.tenant, deps);
  const actor = await requireStaff(request, deps, m.id, permission);
  const locale = requestLocale(request, deps, m.slug);
  return { m, actor, locale, t: i18nFor(locale).getFixedT(locale, "political") };
}

export const str = (form: FormData, name: string, max = 5000): string => {
  const v = form.get(name);
  return typeof v === "string" ? v.slice(0, max) : "";
};

/** Text per language from fields `${prefix}_nb`, `${prefix}_nn` … (empty ones dropped by the schemas). */
export function localized(form: FormData, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of LOCALES) {
    const v = form.get(`${prefix}_${l}`);
    if (typeof v === "string") out[l] = v.slice(0, 2000);
  }
  return out;
}

/** Every string field of a form, to give the form back as typed. Files are left out. */
export function valuesOf(form: FormData, max = 5000): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && k !== "_csrf") out[k] = v.slice(0, max);
  return out;
}

export interface Failure {
  intent: string;
  error: Pick<DomainError, "code" | "params" | "details">;
  values: Record<string, string>;
}
export type ActionReply =
  { ok: true; intent: string; message: string; params?: Record<string, string | number> } | ({ ok: false } & Failure);

export function failure(intent: string, e: DomainError, values: Record<string, string>) {
  return Response.json(
    { ok: false, intent, error: { code: e.code, params: e.params, details: e.details }, values } satisfies ActionReply,
    { status: e.status },
  );
}

export function success(intent: string, message: string, params?: Record<string, string | number>) {
  return { ok: true as const, intent, message, params };
}

/**
 * Runs a command; on success appends the secretary's action to the audit log
 * (identity's hash-chained audit_events) and returns the value.
 */
export async function audited<T>(
  deps: Deps,
  actor: SessionActor,
  tenantId: string,
  action: string,
  subject: { type: string; id?: (v: T) => string | null; data?: Record<string, unknown> },
  run: () => Promise<Result<T>>,
): Promise<Result<T>> {
  const r = await run();
  if (r.ok)
    await audit(deps.db.db, deps.now(), {
      tenantId,
      actorPersonId: actor.id,
      action,
      subjectType: subject.type,
      subjectId: subject.id?.(r.value) ?? null,
      data: subject.data ?? {},
    });
  return r;
}

/** A coordinates field that could not be read (app/modules/bodies/coords.ts), as a refusal naming the field and the line. */
export function coordsError(field: string, r: { error: string; line?: number }): DomainError {
  const code = `errors.${r.error}`;
  return r.line != null
    ? {
        code: "errors.invalidInput",
        status: 400,
        details: [
          { line: r.line, code },
          { field, code },
        ],
      }
    : { code, status: 400, details: [{ field, code }] };
}
