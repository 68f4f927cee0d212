import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import type { StaffPanelReply, StaffPanelView } from "../staff-panel.server.ts";
import { CompositionTable, SelectionStatus } from "../ui.tsx";
import { usePanelLive } from "../use-panel-live.ts";

// A panel's staff page: quotas, recruitment, the draw with live progress, the seated panel, surveys.
export function StaffPanelPage({ d, reply }: { d: StaffPanelView; reply: StaffPanelReply | undefined }) {
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
