import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { followProject, implementationOf } from "#app/modules/budgeting/implementation.server.ts";
import { roundPage } from "#app/modules/budgeting/page.server.ts";
import { useMoney, PhaseNav } from "#app/modules/budgeting/ui.tsx";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { getActor, requireUser, signInUrl } from "#app/modules/identity/session.server.ts";
import { formatDateTime } from "#app/lib/format.ts";
import { pickText } from "#app/lib/localized.ts";

export const handle = { i18n: ["budgeting"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// Implementation of the funded projects: status, progress, money granted and
// the final cost, updates with photos; a signed-in resident follows a project
// to get its updates by e-mail (plain POST forms, no JavaScript needed).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale, t, round } = await roundPage(request, params, deps);
  const me = await getActor(request, deps);
  const projects = await implementationOf(deps.db.db, round.id, me?.id ?? null);
  const title = pickText(round.title, locale)?.value ?? round.key;
  return {
    title: `${t("impl.title")} – ${title} – ${m.officialName}`,
    tenant: m.slug,
    key: round.key,
    roundTitle: title,
    phase: round.phase,
    scale: round.scale,
    signedIn: !!me,
    signIn: signInUrl(request),
    projects: projects.map((p) => ({
      id: p.id,
      code: p.code,
      title: p.title,
      officialCost: p.officialCost?.toString() ?? null,
      finalCost: p.finalCost?.toString() ?? null,
      status: p.status,
      progress: p.progress,
      followers: p.followers,
      following: p.following,
      updates: p.updates.map((u) => ({
        id: u.id,
        body: u.body,
        status: u.status,
        progress: u.progress,
        photo: u.photo,
        at: formatDateTime(u.createdAt, locale),
      })),
    })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { deps } = context;
  const { m } = await roundPage(request, params, deps);
  const me = await requireUser(request, deps);
  const form = await request.formData();
  const proposalId = String(form.get("proposalId") ?? "").slice(0, 100);
  const r = await followProject(deps, me, { tenantId: m.id, proposalId, follow: form.get("intent") === "follow" });
  return r.ok ? { ok: true as const, proposalId } : { ok: false as const, proposalId, code: r.error.code };
}

export default function Implementation() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t } = useTranslation("budgeting");
  const money = useMoney();
  const base = `/${d.tenant}/budgeting/${d.key}`;
  return (
    <>
      <PhaseNav tenant={d.tenant} round={d.key} phase={d.phase} />
      <h1>
        {t("impl.title")}: {d.roundTitle}
      </h1>
      <p>{t("impl.intro")}</p>
      {d.projects.length === 0 ? <p>{t("impl.none")}</p> : null}
      <ul className="card-list">
        {d.projects.map((p) => (
          <li key={p.id} id={p.code}>
            <h2>
              <bdi>{p.title}</bdi> <span className="muted">({p.code})</span>
            </h2>
            <p>
              <strong>{p.status ? t(`impl.status.${p.status}`) : t("impl.notStarted")}</strong>
              {p.officialCost ? ` · ${t("impl.officialCost", { cost: money(p.officialCost, d.scale) })}` : ""}
              {p.finalCost ? ` · ${t("impl.finalCost", { cost: money(p.finalCost, d.scale) })}` : ""}
            </p>
            <p>
              <label htmlFor={`progress-${p.code}`}>{t("impl.progress")}</label>{" "}
              <progress id={`progress-${p.code}`} max={100} value={p.progress}>
                {p.progress} %
              </progress>{" "}
              {p.progress} %
            </p>
            <p className="muted">{t("impl.followers", { n: p.followers })}</p>
            {d.signedIn ? (
              <Form method="post" className="inline-form">
                <CsrfInput />
                <input type="hidden" name="proposalId" value={p.id} />
                {p.following ? <p>{t("impl.following")}</p> : null}
                <button
                  type="submit"
                  name="intent"
                  value={p.following ? "unfollow" : "follow"}
                  className={p.following ? "secondary" : undefined}
                >
                  {p.following ? t("impl.unfollow") : t("impl.follow")}
                  <span className="visually-hidden"> – {p.title}</span>
                </button>
                {reply && reply.proposalId === p.id && !reply.ok ? (
                  <p className="field-error" role="alert">
                    {t(reply.code)}
                  </p>
                ) : null}
              </Form>
            ) : (
              <p>
                <a href={d.signIn}>{t("impl.signInToFollow")}</a>
              </p>
            )}
            <h3>{t("impl.updates")}</h3>
            {p.updates.length === 0 ? <p>{t("impl.noUpdates")}</p> : null}
            {p.updates.map((u) => (
              <article key={u.id} className="pb-update" aria-label={`${t(`impl.status.${u.status}`)}, ${u.at}`}>
                <p className="muted">
                  {t("impl.posted_at", { date: u.at })} · {t(`impl.status.${u.status}`)} · {u.progress} %
                </p>
                <p>{u.body}</p>
                {u.photo ? (
                  <img
                    src={`${base}/photos/${u.id}`}
                    alt={u.photo.alt}
                    loading="lazy"
                    style={{ maxWidth: "100%", height: "auto" }}
                  />
                ) : null}
              </article>
            ))}
          </li>
        ))}
      </ul>
    </>
  );
}
