import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { actorLevel, getActor, requireUser } from "#app/modules/identity/session.server.ts";
import { notFound, publicTenant } from "#app/modules/political/page.server.ts";
import { LocalText } from "#app/modules/political/text.tsx";
import { castOpinionVote, submitOpinionStatement } from "#app/modules/opinions/commands.server.ts";
import { statementsView } from "#app/modules/opinions/view.server.ts";
import {
  OpinionResults,
  SubmitStatement,
  VoteCard,
  type OpinionFailure,
} from "#app/modules/opinions/ui/statements.tsx";
import { useOpinionsLive } from "#app/modules/opinions/use-opinions-live.ts";

// Opinion statements of a consultation (issue 23): the statement to answer now (Enig / Uenig /
// Vet ikke), a form for a new statement, and the opinion groups. Thin: every form is a plain POST
// to this route. ("$id_" keeps the page out of the consultation page's layout, which has no outlet.)
export const handle = { i18n: ["opinions", "consultations", "political"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale } = publicTenant(request, params, deps);
  if (!UUID.test(params.id ?? "")) throw notFound();
  const actor = await getActor(request, deps);
  const view = await statementsView(deps, {
    tenantId: m.id,
    consultationId: params.id!,
    personId: actor?.personId ?? null,
    locale,
  });
  if (!view) throw notFound();
  const page = `/${m.slug}/consultations/${params.id}`;
  return {
    ...view,
    title: `${view.consultationTitle?.value ?? ""} – ${m.officialName}`,
    tenant: m.slug,
    signedIn: !!actor,
    signInHref: `/signin?returnTo=${encodeURIComponent(`${page}/statements`)}`,
  };
}

const field = (form: FormData, name: string, max: number) => {
  const v = form.get(name);
  return typeof v === "string" ? v.slice(0, max) : "";
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { deps } = context;
  const { m } = publicTenant(request, params, deps);
  if (!UUID.test(params.id ?? "")) throw notFound();
  const actor = await requireUser(request, deps);
  const resident = { personId: actor.personId, level: actorLevel(actor, m.id) };
  const form = await request.formData();
  const intent = field(form, "intent", 20);
  const base = { tenantId: m.id, consultationId: params.id! };
  let r;
  let done: string;
  let anchor: string;
  if (intent === "vote") {
    r = await castOpinionVote(deps, resident, {
      ...base,
      statementId: field(form, "statementId", 40),
      value: field(form, "vote", 20),
    });
    done = "voted";
    anchor = "#vote";
  } else if (intent === "submit") {
    r = await submitOpinionStatement(deps, resident, { ...base, text: field(form, "text", 2000) });
    done = r.ok && r.value.state === "pending" ? "pending" : "submitted";
    anchor = "#submit";
  } else return new Response("Bad request", { status: 400 });
  if (!r.ok) {
    const failure: OpinionFailure = {
      intent,
      code: r.error.code,
      field: r.error.details?.[0]?.field ?? null,
      params: r.error.params,
      values: intent === "submit" ? { text: field(form, "text", 2000) } : {},
    };
    return Response.json({ failure }, { status: r.error.status === 401 ? 403 : r.error.status });
  }
  const url = new URL(request.url);
  return redirect(`${url.pathname}?done=${done}${anchor}`, { status: 303, headers: { "X-Remix-Revalidate": "yes" } });
}

export default function StatementsPage() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>() as { failure?: OpinionFailure } | undefined;
  const f = a?.failure ?? null;
  const [sp] = useSearchParams();
  const done = sp.get("done");
  const { t } = useTranslation("opinions");
  useOpinionsLive(d.consultationId);
  return (
    <>
      <p className="muted">
        <Link to={`/${d.tenant}/consultations/${d.consultationId}`}>{t("back")}</Link>
      </p>
      <h1>
        {t("heading")}:{" "}
        <bdi>
          <LocalText text={d.consultationTitle} />
        </bdi>
      </h1>
      <p>{t("intro")}</p>
      {done === "voted" || done === "submitted" || done === "pending" ? (
        <p className="notice" role="status">
          {t(`done.${done}`)}
        </p>
      ) : null}
      <VoteCard d={d} signedIn={d.signedIn} signInHref={d.signInHref} f={f} />
      {d.open && d.signedIn ? <SubmitStatement d={d} f={f} /> : null}
      <OpinionResults d={d} />
    </>
  );
}
