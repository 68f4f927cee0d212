import type { Deps } from "#app/lib/deps.ts";
import { pickText } from "#app/lib/localized.ts";
import { verifyReceipt } from "./commands.server.ts";
import { roundPage } from "./page.server.ts";
import { listAreas, listProposals } from "./queries.server.ts";

// A participatory-budgeting round's public page: its phase, the proposals
// (filter by area and category, plain GET form), and a receipt check for voters.
export async function roundIndexPage(request: Request, params: { tenant?: string; round?: string }, deps: Deps) {
  const { m, locale, round } = await roundPage(request, params, deps);
  const url = new URL(request.url);
  const areas = await listAreas(deps.db.db, round.id);
  const areaKey = url.searchParams.get("area") ?? "";
  const category = url.searchParams.get("category") ?? "";
  const area = areas.find((a) => a.key === areaKey);
  const all = await listProposals(deps.db.db, round.id, { areaId: area?.id, category: category || null });
  // Before review every proposal shows; from voting on, those that are on the ballot and those turned down (with the reason).
  const proposals = all.filter((p) => p.status !== "withdrawn");
  const receipt = (url.searchParams.get("receipt") ?? "").trim().slice(0, 40);
  const check = receipt ? await verifyReceipt(deps, { tenantId: m.id, roundId: round.id, code: receipt }) : null;
  const title = pickText(round.title, locale)?.value ?? round.key;
  return {
    title: `${title} – ${m.officialName}`,
    tenant: m.slug,
    key: round.key,
    roundTitle: title,
    description: pickText(round.description, locale)?.value ?? "",
    phase: round.phase,
    scale: round.scale,
    budget: round.budget.toString(),
    areas: areas.map((a) => ({
      key: a.key,
      id: a.id,
      name: pickText(a.name, locale)?.value ?? a.key,
      budget: a.budget.toString(),
    })),
    categories: round.categories,
    filter: { area: area?.key ?? "", category },
    receipt,
    check,
    proposals: proposals.map((p) => ({
      code: p.code,
      title: p.title,
      description: p.description,
      category: p.category,
      area: areas.find((a) => a.id === p.areaId)?.key ?? null,
      placeName: p.placeName,
      estimatedCost: p.estimatedCost.toString(),
      officialCost: p.officialCost?.toString() ?? null,
      costReason: p.costReason,
      status: p.status,
      statusReason: p.statusReason,
    })),
  };
}
