import type { Deps } from "#app/lib/deps.ts";
import { i18nFor } from "#app/lib/i18next.server.ts";
import { tenantFromUrl } from "#app/modules/tenants/page.server.ts";
import { getPanelByKey } from "./queries.server.ts";

// What every panel page starts with: the municipality from the URL (an alias
// redirects), the language, a translator for "panels", and (when the URL has
// one) the panel of that municipality.
export function tenantPage(request: Request, params: { tenant?: string }, deps: Deps) {
  const { m, locale } = tenantFromUrl(request, params, deps);
  const t = i18nFor(locale).getFixedT(locale, "panels");
  return { m, locale, t };
}

export async function panelPage(request: Request, params: { tenant?: string; key?: string }, deps: Deps) {
  const base = tenantPage(request, params, deps);
  const panel = await getPanelByKey(deps.db.db, base.m.id, params.key ?? "");
  if (!panel) throw new Response("Not found", { status: 404 });
  return { ...base, panel };
}

/** "kjønn,kvinne,2,3" or "alder,18-29,,,0.21,1" per line (category,feature,min,max[,share,tolerance]). */
export function parseQuotaText(text: string): {
  rows: {
    category: string;
    feature: string;
    min: number | null;
    max: number | null;
    populationShare: number | null;
    tolerance: number | null;
  }[];
  badLine: number | null;
  lines: number[];
} {
  const rows = [];
  const at: number[] = [];
  const lines = text.split(/\r?\n/);
  let n = 0;
  for (const raw of lines) {
    n++;
    if (!raw.trim()) continue;
    const cells = raw.split(/[,;\t]/).map((c) => c.trim());
    if (cells.length < 2 || cells.length > 6) return { rows, badLine: n, lines: at };
    const num = (v: string | undefined, int: boolean): number | null | undefined => {
      if (v === undefined || v === "") return null;
      const x = Number(v.replace(",", "."));
      if (!Number.isFinite(x) || (int && !Number.isInteger(x))) return undefined;
      return x;
    };
    const [category, feature, min, max, share, tol] = cells;
    const r = {
      category: category!,
      feature: feature!,
      min: num(min, true),
      max: num(max, true),
      populationShare: num(share, false),
      tolerance: num(tol, true),
    };
    if (r.min === undefined || r.max === undefined || r.populationShare === undefined || r.tolerance === undefined)
      return { rows, badLine: n, lines: at };
    at.push(n);
    rows.push(
      r as {
        category: string;
        feature: string;
        min: number | null;
        max: number | null;
        populationShare: number | null;
        tolerance: number | null;
      },
    );
  }
  return { rows, badLine: null, lines: at };
}

export function quotaText(
  rows: readonly {
    category: string;
    feature: string;
    min: number | null;
    max: number | null;
    populationShare: number | null;
    tolerance: number | null;
  }[],
): string {
  return rows
    .map((r) =>
      [r.category, r.feature, r.min ?? "", r.max ?? "", r.populationShare ?? "", r.tolerance ?? ""]
        .join(",")
        .replace(/,+$/, ""),
    )
    .join("\n");
}
