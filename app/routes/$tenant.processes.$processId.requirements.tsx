import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { and, eq } from "drizzle-orm";
import { useTranslation } from "react-i18next";
import { tFor } from "#app/lib/i18next.server.ts";
import { pickText } from "#app/lib/localized.ts";
import { requestLocale } from "#app/lib/locale.server.ts";
import { checkGate } from "#app/modules/identity/gate.ts";
import { getActor } from "#app/modules/identity/session.server.ts";
import { PROCESS_ACTIONS, requirementsOf } from "#app/modules/identity/staff.server.ts";
import { municipalityFromUrl } from "#app/modules/tenants/page.server.ts";
import { RequirementList } from "#app/modules/identity/requirements.tsx";
import { processes } from "#db/schema/index.ts";

// What a resident needs to take part in a process (per action), and whether
// they have it: shown before they start. Process pages embed <RequirementList>.
export const handle = { i18n: ["identity"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const m = municipalityFromUrl(request, params.tenant, deps);
  if (!/^[0-9a-f-]{36}$/i.test(params.processId ?? "")) throw new Response("Not found", { status: 404 });
  const [p] = await deps.db.db
    .select({ id: processes.id, title: processes.title, status: processes.status })
    .from(processes)
    .where(and(eq(processes.id, params.processId!), eq(processes.tenantId, m.id)));
  if (!p || p.status === "draft") throw new Response("Not found", { status: 404 });
  const locale = requestLocale(request, deps, m.slug);
  const t = tFor(locale);
  const actor = await getActor(request, deps);
  const req = await requirementsOf(deps, m.id, p.id);
  const title = pickText(p.title, locale);
  return {
    title: `${t("requirements.title", { ns: "identity" })} – ${title?.value ?? ""}`,
    processTitle: title,
    signedIn: !!actor,
    items: PROCESS_ACTIONS.filter((a) => req[a]).map((a) => {
      const g = checkGate(actor?.verification ?? null, m.id, req[a]);
      return { action: a, need: g.need, ok: g.ok };
    }),
    have: checkGate(actor?.verification ?? null, m.id, "none").have,
  };
}

export default function ProcessRequirements() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation("identity");
  return (
    <>
      <h1>{t("requirements.title")}</h1>
      {data.processTitle ? <p lang={data.processTitle.lang}>{data.processTitle.value}</p> : null}
      <RequirementList items={data.items} have={data.have} signedIn={data.signedIn} />
    </>
  );
}
