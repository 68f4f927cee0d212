import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pickText } from "#app/lib/localized.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { formString } from "#app/modules/identity/http.server.ts";
import { requireStaff } from "#app/modules/identity/session.server.ts";
import {
  publishSelection,
  quotaRows,
  replaceMember,
  requestDraw,
  setQuotas,
  setRecruiting,
} from "#app/modules/panels/commands.server.ts";
import { panelPage, parseQuotaText, quotaText } from "#app/modules/panels/page.server.ts";
import {
  countInvitations,
  latestSelection,
  poolComposition,
  seatedMembers,
} from "#app/modules/panels/queries.server.ts";
import { uploadFrame } from "#app/modules/panels/frames.server.ts";
import { sendSmsInvitations } from "#app/modules/panels/sms.server.ts";
import {
  closeSurvey,
  createSurvey,
  listSurveys,
  openSurvey,
  remindSurvey,
  setPopulationMargins,
} from "#app/modules/panels/surveys.server.ts";
import { notifySurvey } from "#app/modules/panels/survey-sms.server.ts";
import { CompositionTable, SelectionStatus } from "#app/modules/panels/ui.tsx";
import { usePanelLive } from "#app/modules/panels/use-panel-live.ts";

export const handle = { i18n: ["panels"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// Staff: quotas, recruitment with the pool's live composition, the draw (a
// job with live progress), the seated panel with replacements, publishing
// the audit.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale, t, panel } = await panelPage(request, params, deps);
  await requireStaff(request, deps, m.id, "manage:panel:tenant");
  const [rows, comp, sel, seated, surveys, invitations] = await Promise.all([
    quotaRows(deps.db.db, panel.id),
    poolComposition(deps.db.db, panel),
    latestSelection(deps.db.db, panel.id),
    seatedMembers(deps.db.db, panel.id),
    listSurveys(deps.db.db, panel.id),
    countInvitations(deps.db.db, panel.id),
  ]);
  const title = pickText(panel.title, locale)?.value ?? panel.key;
  return {
    title: `${title} – ${t("staff.listTitle")} – ${m.officialName}`,
    tenant: m.slug,
    id: panel.id,
    key: panel.key,
    panelTitle: title,
    size: panel.size,
    method: panel.method,
    status: panel.status,
    quotas: quotaText(rows),
    pool: comp.n,
    cells: comp.cells,
    selection: sel
      ? {
          id: sel.id,
          status: sel.status,
          method: sel.method,
          seed: sel.seed,
          progress: sel.progress,
          report: sel.report,
          error: sel.error,
          minProbability: sel.minProbability,
          n: sel.n,
          published: !!sel.publishedAt,
          seconds: sel.seconds,
        }
      : null,
    seated: seated.map((s) => ({
      id: s.id,
      name: s.name,
      status: s.status,
      replacement: !!s.replacesId,
      profile: Object.values(s.profile).join(", "),
    })),
    surveys,
    invitations,
  };
}

type Reply = {
  intent: string;
  ok: boolean;
  code?: string;
  params?: Record<string, string | number>;
  target?: string;
  values?: Record<string, string>;
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { deps } = context;
  const { m, panel } = await panelPage(request, params, deps);
  const me = await requireStaff(request, deps, m.id, "manage:panel:tenant");
  const form = await request.formData();
  const intent = formString(form, "intent", 20);
  const reply = (
    r: { ok: boolean; error?: { code: string; params?: Record<string, string | number> } },
    extra: Partial<Reply> = {},
  ): Reply =>
    r.ok
      ? { intent, ok: true, ...extra }
      : { intent, ok: false, code: r.error!.code, params: r.error!.params, ...extra };
  switch (intent) {
    case "quotas": {
      const text = formString(form, "quotas", 20_000);
      const parsed = parseQuotaText(text);
      if (parsed.badLine !== null)
        return reply(
          { ok: false, error: { code: "errors.quota.lineInvalid", params: { line: parsed.badLine } } },
          { values: { quotas: text } },
        );
      const r = await setQuotas(deps, me, { tenantId: m.id, panelId: panel.id, rows: parsed.rows });
      if (!r.ok && typeof r.error.params?.line === "number" && r.error.params.line > 0)
        r.error.params.line = parsed.lines[r.error.params.line - 1] ?? r.error.params.line;
      return reply(r, r.ok ? {} : { values: { quotas: text } });
    }
    case "recruit":
      return reply(
        await setRecruiting(deps, me, { tenantId: m.id, panelId: panel.id, open: formString(form, "open", 5) === "1" }),
      );
    case "draw": {
      const method = formString(form, "method", 20) === "legacy" ? "legacy" : "leximin";
      return reply(
        await requestDraw(deps, me, { tenantId: m.id, panelId: panel.id, method, seed: formString(form, "seed", 300) }),
      );
    }
    case "publish":
      return reply(
        await publishSelection(deps, me, { tenantId: m.id, selectionId: formString(form, "selectionId", 100) }),
      );
    case "replace": {
      const target = formString(form, "memberId", 100);
      return reply(await replaceMember(deps, me, { tenantId: m.id, panelMemberId: target }), { target });
    }
    case "survey": {
      const values = {
        surveyKey: formString(form, "surveyKey", 100).trim(),
        surveyTitle: formString(form, "surveyTitle", 300),
        questions: formString(form, "questions", 20_000),
      };
      return reply(
        await createSurvey(deps, me, {
          tenantId: m.id,
          panelId: panel.id,
          key: values.surveyKey,
          title: values.surveyTitle,
          questions: values.questions,
        }),
        { values },
      );
    }
    case "survey-open":
    case "survey-remind":
    case "survey-close": {
      const target = formString(form, "surveyId", 100);
      const input = { tenantId: m.id, surveyId: target };
      const r =
        intent === "survey-open"
          ? await openSurvey(deps, me, input)
          : intent === "survey-remind"
            ? await remindSurvey(deps, me, input)
            : await closeSurvey(deps, me, input);
      // The members hear of it: by SMS (asked there when every question is short) or by e-mail with the link.
      if (r.ok && intent !== "survey-close")
        await notifySurvey(deps, me, { ...input, reminder: intent === "survey-remind" });
      return reply(r, { target });
    }
    case "frame": {
      const file = form.get("file");
      const values = {
        sampleSize: formString(form, "sampleSize", 10),
        retentionDays: formString(form, "retentionDays", 10),
      };
      if (!(file instanceof File) || file.size === 0)
        return reply({ ok: false, error: { code: "errors.frame.csv", params: { line: 1 } } }, { values });
      if (file.size > 5_000_000) return reply({ ok: false, error: { code: "errors.frame.tooBig" } }, { values });
      const r = await uploadFrame(deps, me, {
        tenantId: m.id,
        panelId: panel.id,
        fileName: file.name,
        content: await file.text(),
        sampleSize: Number(values.sampleSize),
        retentionDays: Number(values.retentionDays),
      });
      return r.ok
        ? { intent, ok: true, params: { invited: r.value.invited, rows: r.value.rows } }
        : reply(r, { values });
    }
    case "sms-invite": {
      const r = await sendSmsInvitations(deps, me, { tenantId: m.id, panelId: panel.id });
      return r.ok ? { intent, ok: true, params: { queued: r.value.queued } } : reply(r);
    }
    case "margins": {
      const text = formString(form, "margins", 20_000);
      return reply(await setPopulationMargins(deps, me, { tenantId: m.id, text }), { values: { margins: text } });
    }
    default:
      return reply({ ok: false, error: { code: "errors.notFound" } });
  }
}

export default function StaffPanel() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const { t } = useTranslation("panels");
  const live = usePanelLive(d.id);
  const feedback = (intent: string, target?: string) =>
    reply && reply.intent === intent && (target === undefined || reply.target === target) ? (
      reply.ok ? (
        <p role="status" className="notice">
          {t("staff.saved")}
        </p>
      ) : (
        <p id={`${intent}-error`} className="field-error" role="alert">
          {t(reply.code ?? "errors.notFound", reply.params)}
        </p>
      )
    ) : null;
  const sel = d.selection;
  const busy = sel && (sel.status === "queued" || sel.status === "running");
  const frozen = d.status === "selected" || d.status === "closed";
  const quotaError = reply && reply.intent === "quotas" && !reply.ok;
  return (
    <>
      <h1>{d.panelTitle}</h1>
      <p>
        {t(`status.${d.status}`)} · {t("panel.size", { k: d.size })} ·{" "}
        <a href={`/${d.tenant}/panels/${d.key}`}>{t("staff.publicPage")}</a>
      </p>

      <section aria-labelledby="quotas-h">
        <h2 id="quotas-h">{t("staff.quotas")}</h2>
        {frozen ? (
          <pre>{d.quotas}</pre>
        ) : (
          <Form method="post" className="stack-form">
            <CsrfInput />
            <input type="hidden" name="intent" value="quotas" />
            <div>
              <label htmlFor="quotas">{t("staff.quotaRows")}</label>
              <p id="quotas-help" className="hint">
                {t("staff.quotaHelp")}
              </p>
              <textarea
                id="quotas"
                name="quotas"
                rows={8}
                cols={50}
                spellCheck={false}
                defaultValue={reply?.intent === "quotas" && reply.values ? reply.values.quotas : d.quotas}
                aria-describedby={quotaError ? "quotas-help quotas-error" : "quotas-help"}
                aria-invalid={quotaError ? true : undefined}
              />
            </div>
            <button type="submit">{t("staff.saveQuotas")}</button>
            {feedback("quotas")}
          </Form>
        )}
      </section>

      <section aria-labelledby="pool-h">
        <h2 id="pool-h">{t("staff.pool")}</h2>
        <p>{t("staff.poolSize", { n: d.pool })}</p>
        {frozen ? null : (
          <Form method="post" className="inline-form">
            <CsrfInput />
            <input type="hidden" name="intent" value="recruit" />
            <input type="hidden" name="open" value={d.status === "recruiting" ? "0" : "1"} />
            <button type="submit">
              {d.status === "recruiting" ? t("staff.closeRecruitment") : t("staff.openRecruitment")}
            </button>
          </Form>
        )}
        {feedback("recruit")}
        <CompositionTable cells={d.cells} caption={t("staff.composition")} staff />
      </section>

      <section aria-labelledby="draw-h">
        <h2 id="draw-h">{t("staff.draw")}</h2>
        {sel ? (
          <SelectionStatus selection={sel} live={live.progress?.selectionId === sel.id ? live.progress : null} />
        ) : null}
        {busy ? (
          <p>
            <a href={`/${d.tenant}/admin/panels/${d.key}`}>{t("staff.refresh")}</a>
          </p>
        ) : null}
        {!frozen && !busy ? (
          <Form method="post" className="stack-form">
            <CsrfInput />
            <input type="hidden" name="intent" value="draw" />
            <div>
              <label htmlFor="draw-method">{t("staff.method")}</label>
              <select id="draw-method" name="method" defaultValue={d.method}>
                <option value="leximin">{t("method.leximin")}</option>
                <option value="legacy">{t("method.legacy")}</option>
              </select>
            </div>
            <div>
              <label htmlFor="seed">{t("staff.seed")}</label>
              <input id="seed" name="seed" aria-describedby="seed-help" />
              <p id="seed-help" className="hint">
                {t("staff.seedHelp")}
              </p>
            </div>
            <button type="submit">{t("staff.runDraw")}</button>
          </Form>
        ) : null}
        {feedback("draw")}
        {sel && sel.status === "done" && !sel.published ? (
          <Form method="post" className="inline-form">
            <CsrfInput />
            <input type="hidden" name="intent" value="publish" />
            <input type="hidden" name="selectionId" value={sel.id} />
            <button type="submit">{t("staff.publish")}</button>
          </Form>
        ) : null}
        {feedback("publish")}
        {sel?.published ? (
          <p>
            <a href={`/${d.tenant}/panels/${d.key}/audit`}>{t("staff.auditLink")}</a>
          </p>
        ) : null}
      </section>

      {d.seated.length ? (
        <section aria-labelledby="seated-h">
          <h2 id="seated-h">{t("staff.seated")}</h2>
          <table>
            <caption className="visually-hidden">{t("staff.seated")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("staff.name")}</th>
                <th scope="col">{t("staff.profile")}</th>
                <th scope="col">{t("staff.memberStatus")}</th>
                <th scope="col">{t("staff.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {d.seated.map((s) => (
                <tr key={s.id}>
                  <td>{s.name}</td>
                  <td>{s.profile}</td>
                  <td>
                    {t(`member.${s.status}`)}
                    {s.replacement ? ` (${t("member.replacement")})` : ""}
                  </td>
                  <td>
                    {s.status === "active" ? (
                      <Form method="post">
                        <CsrfInput />
                        <input type="hidden" name="intent" value="replace" />
                        <input type="hidden" name="memberId" value={s.id} />
                        <button type="submit">{t("staff.replace", { name: s.name })}</button>
                      </Form>
                    ) : null}
                    {feedback("replace", s.id)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      {!frozen ? (
        <section aria-labelledby="frame-h">
          <h2 id="frame-h">{t("staff.frame")}</h2>
          <Form method="post" encType="multipart/form-data" className="stack-form">
            <CsrfInput />
            <input type="hidden" name="intent" value="frame" />
            <div>
              <label htmlFor="file">{t("staff.frameFile")}</label>
              <p id="file-help" className="hint">
                {t("staff.frameHelp")}
              </p>
              <input id="file" name="file" type="file" accept=".csv,text/csv" aria-describedby="file-help" />
            </div>
            <div>
              <label htmlFor="sampleSize">{t("staff.sampleSize")}</label>
              <input
                id="sampleSize"
                name="sampleSize"
                inputMode="numeric"
                defaultValue={reply?.intent === "frame" ? reply.values?.sampleSize : ""}
              />
            </div>
            <div>
              <label htmlFor="retentionDays">{t("staff.retentionDays")}</label>
              <input
                id="retentionDays"
                name="retentionDays"
                inputMode="numeric"
                defaultValue={reply?.intent === "frame" ? (reply.values?.retentionDays ?? "30") : "30"}
              />
            </div>
            <button type="submit">{t("staff.uploadFrame")}</button>
            {reply?.intent === "frame" && reply.ok ? (
              <p role="status" className="notice">
                {t("staff.frameDone", reply.params)}
              </p>
            ) : (
              feedback("frame")
            )}
          </Form>
          {d.invitations ? (
            <p>
              <a href={`/${d.tenant}/admin/panels/${d.key}/invitations.csv`}>
                {t("staff.invitations", { n: d.invitations })}
              </a>
            </p>
          ) : null}
          {d.invitations && d.status === "recruiting" ? (
            <Form method="post" className="inline-form">
              <CsrfInput />
              <input type="hidden" name="intent" value="sms-invite" />
              <button type="submit">{t("staff.sendSms")}</button>
            </Form>
          ) : null}
          {reply?.intent === "sms-invite" && reply.ok ? (
            <p role="status" className="notice">
              {t("staff.smsQueued", reply.params)}
            </p>
          ) : (
            feedback("sms-invite")
          )}
        </section>
      ) : null}

      <section aria-labelledby="surveys-h">
        <h2 id="surveys-h">{t("survey.title")}</h2>
        {d.surveys.length ? (
          <ul className="card-list">
            {d.surveys.map((s) => (
              <li key={s.id}>
                <h3>
                  {s.title} – {t(`survey.status.${s.status}`)}
                </h3>
                {s.status !== "draft" ? (
                  <p>
                    {t("survey.rate", {
                      responded: s.responded,
                      invited: s.invited,
                      pct: s.invited ? Math.round((100 * s.responded) / s.invited) : 0,
                    })}
                  </p>
                ) : null}
                <p>
                  <a href={`/${d.tenant}/admin/panels/${d.key}/surveys/${s.key}`}>
                    {t("survey.results", { title: s.title })}
                  </a>
                </p>
                {s.status === "draft" ? (
                  <Form method="post" className="inline-form">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="survey-open" />
                    <input type="hidden" name="surveyId" value={s.id} />
                    <button type="submit">{t("survey.open", { title: s.title })}</button>
                  </Form>
                ) : null}
                {s.status === "open" ? (
                  <>
                    <Form method="post" className="inline-form">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="survey-remind" />
                      <input type="hidden" name="surveyId" value={s.id} />
                      <button type="submit">{t("survey.remind", { title: s.title })}</button>
                    </Form>
                    <Form method="post" className="inline-form">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="survey-close" />
                      <input type="hidden" name="surveyId" value={s.id} />
                      <button type="submit">{t("survey.close", { title: s.title })}</button>
                    </Form>
                  </>
                ) : null}
                {feedback("survey-open", s.id)}
                {feedback("survey-remind", s.id)}
                {feedback("survey-close", s.id)}
              </li>
            ))}
          </ul>
        ) : null}
        <Form method="post" className="stack-form">
          <CsrfInput />
          <input type="hidden" name="intent" value="survey" />
          <h3>{t("survey.new")}</h3>
          <div>
            <label htmlFor="surveyTitle">{t("survey.surveyTitle")}</label>
            <input
              id="surveyTitle"
              name="surveyTitle"
              defaultValue={reply?.intent === "survey" ? reply.values?.surveyTitle : ""}
            />
          </div>
          <div>
            <label htmlFor="surveyKey">{t("staff.key")}</label>
            <input
              id="surveyKey"
              name="surveyKey"
              defaultValue={reply?.intent === "survey" ? reply.values?.surveyKey : ""}
            />
          </div>
          <div>
            <label htmlFor="questions">{t("survey.questions")}</label>
            <p id="questions-help" className="hint">
              {t("survey.questionsHelp")}
            </p>
            <textarea
              id="questions"
              name="questions"
              rows={6}
              cols={60}
              aria-describedby="questions-help"
              defaultValue={reply?.intent === "survey" ? reply.values?.questions : ""}
            />
          </div>
          <button type="submit">{t("survey.create")}</button>
          {feedback("survey")}
        </Form>
        <Form method="post" className="stack-form">
          <CsrfInput />
          <input type="hidden" name="intent" value="margins" />
          <div>
            <label htmlFor="margins">{t("survey.margins")}</label>
            <p id="margins-help" className="hint">
              {t("survey.marginsHelp")}
            </p>
            <textarea
              id="margins"
              name="margins"
              rows={4}
              cols={50}
              aria-describedby="margins-help"
              defaultValue={reply?.intent === "margins" ? reply.values?.margins : ""}
            />
          </div>
          <button type="submit">{t("survey.saveMargins")}</button>
          {feedback("margins")}
        </Form>
      </section>
    </>
  );
}
