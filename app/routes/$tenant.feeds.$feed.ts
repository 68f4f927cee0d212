import type { LoaderFunctionArgs } from "@remix-run/node";
import { listRecentCases } from "#app/modules/cases/queries.server.ts";
import { casesFeed } from "#app/modules/political/feeds.server.ts";
import { notFound, publicOrigin, publicTenant } from "#app/modules/political/page.server.ts";

// RSS 2.0 and Atom 1.0 feeds: /<tenant>/feeds/{cases,decisions}.{rss,atom}.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const match = /^(cases|decisions)\.(rss|atom)$/.exec(params.feed ?? "");
  if (!match) throw notFound();
  const kind = match[1] as "cases" | "decisions";
  const format = match[2] as "rss" | "atom";
  const { m, locale, t } = publicTenant(request, params, deps);
  const cases = await listRecentCases(deps.db.db, m.id, { limit: 50, decidedOnly: kind === "decisions" });
  const origin = publicOrigin(request, deps);
  const base = `${origin}/${m.slug}/feeds/${kind}`;
  const feed = casesFeed({
    kind,
    title: t(kind === "cases" ? "feeds.casesTitle" : "feeds.decisionsTitle", { name: m.officialName }),
    origin,
    tenant: m.slug,
    self: { rss: `${base}.rss`, atom: `${base}.atom` },
    cases,
    locale,
    t,
  });
  return new Response(format === "rss" ? feed.rss2() : feed.atom1(), {
    headers: {
      "Content-Type": format === "rss" ? "application/rss+xml; charset=utf-8" : "application/atom+xml; charset=utf-8",
      "Cache-Control": "public, max-age=300",
    },
  });
}
