import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { commentProposal, supportProposal } from "#app/modules/budgeting/commands.server.ts";
import { roundPage } from "#app/modules/budgeting/page.server.ts";
import { proposalByCode, proposalComments, proposalSupport } from "#app/modules/budgeting/queries.server.ts";
import { useMoney, PhaseNav } from "#app/modules/budgeting/ui.tsx";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { getActor, requireUser, signInUrl } from "#app/modules/identity/session.server.ts";
import { formatDateTime } from "#app/lib/format.ts";

export const handle = { i18n: ["budgeting"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// One proposal: what it is, where, what it costs (the official cost with the
// public reason), its status, support and comments. Signed-in residents
// support it (while proposals are taken or reviewed) and comment (plain forms).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, t, locale, round } = await roundPage(request, params, deps);
  const p = await proposalByCode(deps.db.db, round.id, (params.code ?? "").toUpperCase());
  if (!p || p.status === "withdrawn") throw new Response("Not found", { status: 404 });
  const me = await getActor(request, deps);
  const [support, comments] = await Promise.all([
    proposalSupport(deps.db.db, p.id, me?.id ?? null),
    proposalComments(deps.db.db, p.id),
  ]);
  const merged = p.mergedIntoId ? await proposalByCode(deps.db.db, round.id, null, p.mergedIntoId) : null;
  return {
    title: `${p.title} (${p.code}) – ${m.officialName}`,
    tenant: m.slug,
    key: round.key,
    phase: round.phase,
    scale: round.scale,
    signedIn: !!me,
    signIn: signInUrl(request),
    canSupport: round.phase === "proposals" || round.phase === "review",
    p: {
      id: p.id,
      code: p.code,
      title: p.title,
      description: p.description,
      category: p.category,
      placeName: p.placeName,
      sdg: p.sdgTags.map((n) => t("propose.sdgShort", { n, name: t(`sdg.${n}`) })),
      place: p.lat != null && p.lng != null ? `${Number(p.lat).toFixed(5)}, ${Number(p.lng).toFixed(5)}` : null,
      estimatedCost: p.estimatedCost.toString(),
      officialCost: p.officialCost?.toString() ?? null,
      costReason: p.costReason,
      status: p.status,
      statusReason: p.statusReason,
      mergedInto: merged ? { code: merged.code, title: merged.title } : null,
    },
    support,
    comments: comments.map((c) => ({
      id: c.id,
      body: c.body,
      who: c.who ?? t("proposal.resident"),
      at: formatDateTime(c.createdAt, locale),
    })),
  };
}

type Reply = { intent: "support" | "comment"; ok: boolean; code?: string; body?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { deps } = context;
  const { m, round } = await roundPage(request, params, deps);
  const me = await requireUser(request, deps);
  const p = await proposalByCode(deps.db.db, round.id, (params.code ?? "").toUpperCase());
  if (!p) throw new Response("Not found", { status: 404 });
  const form = await request.formData();
  if (form.get("intent") === "support") {
    const r = await supportProposal(deps, me, { tenantId: m.id, proposalId: p.id });
    return (
      r.ok ? { intent: "support", ok: true } : { intent: "support", ok: false, code: r.error.code }
    ) satisfies Reply;
  }
  const body = String(form.get("body") ?? "").slice(0, 4000);
  const r = await commentProposal(deps, me, { tenantId: m.id, proposalId: p.id, body });
  return (
    r.ok ? { intent: "comment", ok: true } : { intent: "comment", ok: false, code: r.error.code, body }
  ) satisfies Reply;
}

export default function Proposal() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const { t } = useTranslation("budgeting");
  const money = useMoney();
  const p = d.p;
  const commentError = reply?.intent === "comment" && !reply.ok;
  return (
    <>
      <PhaseNav tenant={d.tenant} round={d.key} phase={d.phase} />
      <h1>
        <bdi>{p.title}</bdi> <span className="muted">({p.code})</span>
      </h1>
      {p.description ? <p>{p.description}</p> : null}
      <p className="muted">{[p.category, p.placeName, p.place].filter(Boolean).join(" · ")}</p>
      {p.sdg.length ? (
        <ul aria-label={t("propose.sdgFilter")} className="tags">
          {p.sdg.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      ) : null}
      <p>
        {p.officialCost
          ? t("round.officialCost", { cost: money(p.officialCost, d.scale) })
          : t("round.estimatedCost", { cost: money(p.estimatedCost, d.scale) })}
        {p.costReason ? ` – ${p.costReason}` : ""}
      </p>
      <p>
        {t("round.status")}: {t(`status.${p.status}`)}
        {p.statusReason ? ` – ${p.statusReason}` : ""}
        {p.mergedInto ? (
          <>
            {" "}
            –{" "}
            <a href={`/${d.tenant}/budgeting/${d.key}/proposals/${p.mergedInto.code}`}>
              {t("proposal.mergedInto", { title: p.mergedInto.title, code: p.mergedInto.code })}
            </a>
          </>
        ) : null}
      </p>
      <section aria-labelledby="support-h">
        <h2 id="support-h">{t("proposal.support")}</h2>
        <p>{t("proposal.supporters", { n: d.support.count })}</p>
        {d.support.mine ? (
          <p role="status">{t("proposal.youSupport")}</p>
        ) : d.canSupport ? (
          d.signedIn ? (
            <Form method="post">
              <CsrfInput />
              <button type="submit" name="intent" value="support">
                {t("proposal.supportButton")}
              </button>
            </Form>
          ) : (
            <p>
              <a href={d.signIn}>{t("proposal.signIn")}</a>
            </p>
          )
        ) : null}
        {reply?.intent === "support" && !reply.ok ? (
          <p className="field-error" role="alert">
            {t(reply.code ?? "errors.notFound")}
          </p>
        ) : null}
      </section>
      <section aria-labelledby="comments-h">
        <h2 id="comments-h">{t("proposal.comments")}</h2>
        {d.comments.length ? (
          <ul className="card-list">
            {d.comments.map((c) => (
              <li key={c.id}>
                <p className="muted">
                  {c.who} · {c.at}
                </p>
                <p>{c.body}</p>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("proposal.noComments")}</p>
        )}
        {d.signedIn ? (
          <Form method="post" className="stack-form" key={d.comments.length}>
            <CsrfInput />
            <input type="hidden" name="intent" value="comment" />
            <div>
              <label htmlFor="comment-body">{t("proposal.commentLabel")}</label>
              <textarea
                id="comment-body"
                name="body"
                rows={3}
                maxLength={2000}
                defaultValue={commentError ? reply?.body : ""}
                aria-invalid={commentError || undefined}
                aria-describedby={commentError ? "comment-error" : undefined}
              />
              {commentError ? (
                <p id="comment-error" className="field-error" role="alert">
                  {t(reply?.code ?? "errors.commentLength")}
                </p>
              ) : null}
            </div>
            <button type="submit">{t("proposal.commentButton")}</button>
          </Form>
        ) : (
          <p>
            <a href={d.signIn}>{t("proposal.signIn")}</a>
          </p>
        )}
      </section>
    </>
  );
}
