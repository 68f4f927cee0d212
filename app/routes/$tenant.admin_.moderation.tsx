import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { and, asc, eq, or, sql } from "drizzle-orm";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "#app/lib/format.ts";
import { pickText } from "#app/lib/localized.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { staffContext, str } from "#app/modules/political/staff.server.ts";
import { LocalText } from "#app/modules/political/text.tsx";
import { dismissFlags, moderateComment, setModerationRules } from "#app/modules/consultations/commands.server.ts";
import { FieldError, FormError, errorProps, type Failure } from "#app/modules/consultations/ui.tsx";
import { consultationComments, consultations, contentFlags, FLAG_REASONS, moderationRules } from "#db/schema/index.ts";
import { opinionQueueData } from "#app/modules/opinions/staff.server.ts";
import { OpinionQueue } from "#app/modules/opinions/ui/staff.tsx";

export const handle = { i18n: ["consultations", "political", "opinions"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// The municipality's moderation queue (issue 6): every comment waiting for
// approval (pre-moderation) or reported by residents, with the reasons given,
// across all consultations; hide (with a reason, kept in the audit log),
// approve or dismiss the reports. Below, the rules shown on /:tenant/rules.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale, t } = await staffContext(request, params, deps, "moderate:content:tenant");
  const db = deps.db.db;
  const [queue, rules] = await Promise.all([
    db
      .select({
        id: consultationComments.id,
        body: consultationComments.body,
        state: consultationComments.state,
        createdAt: consultationComments.createdAt,
        consultationId: consultations.id,
        title: consultations.title,
        reasons: sql<
          string[]
        >`coalesce((select array_agg(f.reason order by f.created_at) from ${contentFlags} f where f.comment_id = "consultation_comments"."id" and f.resolved_at is null), '{}')`,
      })
      .from(consultationComments)
      .innerJoin(consultations, eq(consultations.id, consultationComments.consultationId))
      .where(
        and(
          eq(consultationComments.tenantId, m.id),
          or(
            eq(consultationComments.state, "pending"),
            sql`exists (select 1 from ${contentFlags} f where f.comment_id = "consultation_comments"."id" and f.resolved_at is null)`,
          ),
        ),
      )
      .orderBy(asc(consultationComments.createdAt))
      .limit(200),
    db.select().from(moderationRules).where(eq(moderationRules.tenantId, m.id)),
  ]);
  return {
    title: `${t("moderation.title", { ns: "consultations" })} – ${m.officialName}`,
    tenant: m.slug,
    opinions: await opinionQueueData(deps, { tenantId: m.id, locale }),
    rulesNb: rules[0]?.text.nb ?? "",
    rulesNn: rules[0]?.text.nn ?? "",
    queue: queue.map((q) => {
      const counts = FLAG_REASONS.map((r) => ({ reason: r, n: q.reasons.filter((x) => x === r).length })).filter(
        (x) => x.n > 0,
      );
      return {
        id: q.id,
        body: q.body,
        state: q.state,
        when: formatDateTime(q.createdAt, locale),
        consultationId: q.consultationId,
        title: pickText(q.title, locale),
        reasons: counts,
      };
    }),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { deps } = context;
  const { m, actor } = await staffContext(request, params, deps, "moderate:content:tenant");
  const form = await request.formData();
  const intent = str(form, "intent", 20);
  const values: Record<string, string> = {};
  for (const [k, v] of form) if (typeof v === "string" && k !== "_csrf") values[k] = v.slice(0, 20_000);
  let r;
  if (intent === "rules")
    r = await setModerationRules(deps, actor, {
      tenantId: m.id,
      text: { nb: str(form, "rules_nb", 20_000), nn: str(form, "rules_nn", 20_000) },
    });
  else if (intent === "hide" || intent === "approve" || intent === "restore")
    r = await moderateComment(deps, actor, {
      tenantId: m.id,
      commentId: str(form, "commentId", 40),
      action: intent,
      reason: str(form, "reason", 500),
    });
  else if (intent === "dismiss") {
    r = await dismissFlags(deps, actor, { tenantId: m.id, commentId: str(form, "commentId", 40) });
  } else return new Response("Bad request", { status: 400 });
  if (!r.ok) {
    const failure: Failure = {
      intent: intent === "rules" ? "rules" : `${intent}-${values.commentId ?? ""}`,
      code: r.error.code,
      field: r.error.details?.[0]?.field ?? null,
      params: r.error.params,
      values,
    };
    return Response.json({ failure }, { status: r.error.status });
  }
  return redirect(`/${m.slug}/admin/moderation?done=${intent}`, {
    status: 303,
    headers: { "X-Remix-Revalidate": "yes" },
  });
}

export default function Moderation() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>() as { failure?: Failure } | undefined;
  const f = a?.failure ?? null;
  const [sp] = useSearchParams();
  const { t } = useTranslation("consultations");
  return (
    <>
      <h1>{t("moderation.title")}</h1>
      {sp.get("done") ? (
        <p className="notice" role="status">
          {t("staff.done")}
        </p>
      ) : null}
      <section aria-labelledby="queue-h">
        <h2 id="queue-h">{t("moderation.queue", { count: d.queue.length })}</h2>
        {d.queue.length ? null : <p>{t("staff.queueEmpty")}</p>}
        {d.queue.map((q) => (
          <article key={q.id} className="comment" aria-labelledby={`q-${q.id}-h`}>
            <h3 id={`q-${q.id}-h`}>
              <Link to={`/${d.tenant}/admin/consultations/${q.consultationId}`}>
                <LocalText text={q.title} />
              </Link>
            </h3>
            <p className="muted">
              {q.when} · {q.state === "pending" ? t("moderation.pending") : t("moderation.reported")}
              {q.reasons.length ? ` · ${q.reasons.map((r) => `${t(`reasons.${r.reason}`)} (${r.n})`).join(", ")}` : ""}
            </p>
            <p style={{ whiteSpace: "pre-wrap" }}>{q.body}</p>
            <FormError f={f} intent={`hide-${q.id}`} />
            <FieldError f={f} intent={`hide-${q.id}`} field="reason" />
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="commentId" value={q.id} />
              <label htmlFor={`reason-${q.id}`}>{t("staff.hideReason")}</label>
              <input id={`reason-${q.id}`} name="reason" maxLength={500} {...errorProps(f, `hide-${q.id}`, "reason")} />
              <button type="submit" name="intent" value="hide">
                {t("staff.hide")}
              </button>
              {q.state === "pending" ? (
                <button type="submit" name="intent" value="approve">
                  {t("staff.approve")}
                </button>
              ) : (
                <button type="submit" name="intent" value="dismiss">
                  {t("moderation.dismiss")}
                </button>
              )}
            </Form>
          </article>
        ))}
      </section>
      <OpinionQueue tenant={d.tenant} items={d.opinions} />
      <section aria-labelledby="rules-h">
        <h2 id="rules-h">{t("moderation.rules")}</h2>
        <p>
          <Link to={`/${d.tenant}/rules`}>{t("moderation.rulesPage")}</Link>
        </p>
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value="rules" />
          <FormError f={f} intent="rules" />
          <label htmlFor="rules-nb">{t("moderation.rulesNb")}</label>
          <textarea
            id="rules-nb"
            name="rules_nb"
            rows={10}
            defaultValue={f?.intent === "rules" ? f.values.rules_nb : d.rulesNb}
            {...errorProps(f, "rules", "text")}
          />
          <FieldError f={f} intent="rules" field="text" />
          <label htmlFor="rules-nn">{t("moderation.rulesNn")}</label>
          <textarea
            id="rules-nn"
            name="rules_nn"
            lang="nn"
            rows={6}
            defaultValue={f?.intent === "rules" ? f.values.rules_nn : d.rulesNn}
          />
          <button type="submit">{t("moderation.saveRules")}</button>
        </Form>
      </section>
    </>
  );
}
