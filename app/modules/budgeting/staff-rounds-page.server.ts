import { redirect } from "@remix-run/node";
import type { Deps } from "#app/lib/deps.ts";
import { i18nFor } from "#app/lib/i18next.server.ts";
import { pickText } from "#app/lib/localized.ts";
import { createRound } from "./commands.server.ts";
import { staffBudgetingPage } from "./page.server.ts";
import { listRounds } from "./queries.server.ts";
import { areasFromText, categoriesFromText, osloEndOfDay, rulesFromForm } from "./staff-form.ts";

// Staff: the municipality's PB rounds and a form to create one (budget, areas with their own
// budgets, ballot and tally rules, eligibility, categories). Route: $tenant.admin_.budgeting._index.tsx.
type Params = { tenant?: string };

export async function staffRoundsPage(request: Request, params: Params, deps: Deps) {
  const { m, locale } = await staffBudgetingPage(request, params, deps);
  const t = i18nFor(locale).getFixedT(locale, "budgeting");
  const rounds = await listRounds(deps.db.db, m.id);
  return {
    title: `${t("admin.title")} – ${m.officialName}`,
    tenant: m.slug,
    rounds: rounds.map((r) => ({ key: r.key, title: pickText(r.title, locale)?.value ?? r.key, phase: r.phase })),
  };
}
export type StaffRoundsView = Awaited<ReturnType<typeof staffRoundsPage>>;

/** A refused new round: the message's key, the field it is about, and what was typed. */
export type NewRoundReply = { code: string; field?: string; values: Record<string, string> };

/** Creates a round from the staff form, then goes to its page; or says what to fix. */
export async function postNewRound(request: Request, params: Params, deps: Deps) {
  const { m, me } = await staffBudgetingPage(request, params, deps);
  const form = await request.formData();
  const get = (k: string) => String(form.get(k) ?? "").slice(0, 4000);
  const values = Object.fromEntries(
    [
      "key",
      "title",
      "budget",
      "kind",
      "limit",
      "minimum",
      "rule",
      "completion",
      "minAge",
      "level",
      "categories",
      "areas",
      "votingEnds",
    ].map((k) => [k, get(k)]),
  );
  const rules = rulesFromForm(get);
  if (!rules) return { code: "errors.rulesInvalid", field: "rules", values } satisfies NewRoundReply;
  const areas = areasFromText(values.areas!);
  if (!areas) return { code: "errors.areasInvalid", field: "areas", values } satisfies NewRoundReply;
  const budgetRaw = values.budget!.replace(/[\s\u00a0.]/g, "");
  if (!areas.length && !/^\d{1,15}$/.test(budgetRaw))
    return { code: "errors.budgetInvalid", field: "budget", values } satisfies NewRoundReply;
  const votingEnds = values.votingEnds ? osloEndOfDay(values.votingEnds) : null;
  if (values.votingEnds && !votingEnds)
    return { code: "errors.dateInvalid", field: "votingEnds", values } satisfies NewRoundReply;
  const minAge = /^\d{1,2}$/.test(values.minAge!) ? Number(values.minAge) : undefined;
  const level = (["none", "email", "phone", "eid", "resident"] as const).find((l) => l === values.level) ?? "none";
  const r = await createRound(deps, me, {
    tenantId: m.id,
    key: values.key!.trim(),
    title: { nb: values.title!.trim() },
    budget: areas.length ? 1n : BigInt(budgetRaw || "0"),
    rules,
    eligibility: { ...(minAge ? { minAge } : {}), level },
    categories: categoriesFromText(values.categories!),
    areas: areas.map((a) => ({ key: a.key, name: { nb: a.name }, budget: a.budget })),
    phaseDates: votingEnds ? { voting: { endsAt: votingEnds } } : {},
  });
  if (!r.ok) return { code: r.error.code, field: r.error.field, values } satisfies NewRoundReply;
  return redirect(`/${m.slug}/admin/budgeting/${values.key!.trim()}`, 303);
}
