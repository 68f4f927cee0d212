import type { Deps } from "#app/lib/deps.ts";
import type { Locale } from "#app/lib/i18n.ts";
import { i18nFor } from "#app/lib/i18next.server.ts";
import { pickText } from "#app/lib/localized.ts";
import type { DomainError } from "#app/lib/result.ts";
import type { SessionActor } from "#app/modules/identity/session.server.ts";
import type { Municipality } from "#app/modules/tenants/directory.server.ts";
import { createPriorities, setPrioritiesStatus } from "./priorities.server.ts";
import type { PrioritiesForm } from "./priorities-forms.ts";
import { listPriorities } from "./queries.server.ts";
import { categoriesFromText, revenueFromText, sectorsFromText } from "./staff-form.ts";

// Staff: budget-priorities consultations on the ordinary budget (app/routes/$tenant.admin_.budget-priorities.tsx):
// create one (sectors with this year's amounts and limits, revenue options,
// areas), open it for input and close it (then the public page shows the results).

export async function prioritiesStaffView(deps: Deps, m: Municipality, locale: Locale) {
  const t = i18nFor(locale).getFixedT(locale, "budgeting");
  const list = await listPriorities(deps.db.db, m.id);
  return {
    title: `${t("prio.title")} – ${m.officialName}`,
    tenant: m.slug,
    list: list.map((p) => ({
      id: p.id,
      key: p.key,
      title: pickText(p.title, locale)?.value ?? p.key,
      status: p.status,
    })),
  };
}
export type PrioritiesStaffView = Awaited<ReturnType<typeof prioritiesStaffView>>;

export type PrioritiesReply = {
  intent: string;
  ok: boolean;
  code?: string;
  params?: Record<string, string | number>;
  field?: string;
  values?: Record<string, string>;
  target?: string;
};
type Reply = PrioritiesReply;

/** A form the schema refused: its first field's message, shown at that field of the form it came from. */
export function prioritiesRefusal(error: DomainError, values: Record<string, string>): PrioritiesReply {
  const first = error.details?.[0];
  return {
    intent: values.intent === "open" || values.intent === "close" ? values.intent : "create",
    ok: false,
    code: first?.code ?? error.code,
    params: first?.params,
    field: first?.field,
    values,
    target: values.id,
  };
}

/** Opens or closes one, or creates one. */
export async function runPrioritiesForm(
  deps: Deps,
  m: Municipality,
  me: SessionActor,
  input: PrioritiesForm,
): Promise<PrioritiesReply> {
  if (input.intent === "open" || input.intent === "close") {
    const { intent } = input;
    const id = input.id;
    const r = await setPrioritiesStatus(deps, me, {
      tenantId: m.id,
      id,
      status: intent === "open" ? "open" : "closed",
    });
    return (
      r.ok ? { intent, ok: true, target: id } : { intent, ok: false, code: r.error.code, target: id }
    ) satisfies Reply;
  }
  if (input.intent !== "create") return { intent: input.intent, ok: false, code: "errors.notFound" }; // narrows: never
  const values: Record<string, string> = {
    key: input.key,
    title: input.title,
    year: input.year,
    case: input.case,
    sectors: input.sectors,
    revenue: input.revenue,
    areas: input.areas,
  };
  const sectors = sectorsFromText(values.sectors!);
  if (!sectors)
    return { intent: "create", ok: false, code: "errors.prioritiesLimits", field: "sectors", values } satisfies Reply;
  const revenue = revenueFromText(values.revenue!);
  if (!revenue)
    return { intent: "create", ok: false, code: "errors.prioritiesSectors", field: "revenue", values } satisfies Reply;
  const year = /^\d{4}$/.test(values.year!.trim()) ? Number(values.year) : new Date().getFullYear() + 1;
  const r = await createPriorities(deps, me, {
    tenantId: m.id,
    key: values.key!.trim(),
    title: { nb: values.title!.trim() },
    year,
    sectors,
    revenue,
    areas: categoriesFromText(values.areas!),
    caseNumber: values.case,
  });
  if (!r.ok) return { intent: "create", ok: false, code: r.error.code, field: r.error.field, values } satisfies Reply;
  return { intent: "create", ok: true } satisfies Reply;
}
