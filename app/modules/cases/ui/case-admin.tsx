import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { MapDrawer } from "#app/modules/bodies/map-drawer.tsx";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import type { ActionReply } from "#app/modules/political/staff.server.ts";
import { errProps, Feedback, FieldErr, fieldError, StaffNav, typed } from "#app/modules/political/staff-ui.tsx";
import { LocalText } from "#app/modules/political/text.tsx";
import { CaseConsultationsAdmin } from "#app/modules/consultations/statements-ui.tsx";
import { CASE_STEP_KINDS, DOCUMENT_KINDS } from "#db/schema/political.ts";
import type { CaseStaffView } from "../staff-page.server.ts";

// One case in the secretaries' console: title and summary, the journey
// through the bodies, documents (upload, remove), and the decision.
export function CaseAdminPage({ d, reply }: { d: CaseStaffView; reply: ActionReply | undefined }) {
  const { t } = useTranslation("political");
  const { t: tc } = useTranslation();
  const c = d.case;
  return (
    <>
      <StaffNav tenant={d.tenant} />
      <p>
        <Link to={`/${d.tenant}/admin/cases`}>{t("staff.backToCases")}</Link>
        {c.closedBasis ? null : (
          <>
            {" · "}
            <Link to={`/${d.tenant}/cases/${c.slug}`}>{t("staff.publicPage")}</Link>
          </>
        )}
      </p>
      <p className="muted">{t("case.number", { number: c.number })}</p>
      <h1>
        <LocalText text={c.title} />
      </h1>

      <CaseConsultationsAdmin tenant={d.tenant} caseId={c.id} items={d.consultations} />

      <section aria-labelledby="docs-h">
        <h2 id="docs-h">{t("case.documents")}</h2>
        <Feedback reply={reply} intent="removeDocument" />
        {d.documents.length ? (
          <ul>
            {d.documents.map((doc) => (
              <li key={doc.id}>
                {doc.title} ({t(`document.kind.${doc.kind}`)}, {doc.fileName}, {doc.size})
                {doc.unreadable ? ` – ${t("staff.unreadable")}` : ""}
                <Form method="post" className="inline-form">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="removeDocument" />
                  <input type="hidden" name="documentId" value={doc.id} />
                  <button
                    type="submit"
                    className="link-button"
                    aria-label={t("staff.removeDocumentLabel", { title: doc.title })}
                  >
                    {t("staff.remove")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("case.noDocuments")}</p>
        )}
        <h3 id="upload-h">{t("staff.upload")}</h3>
        <Feedback reply={reply} intent="upload" />
        <Form
          key={d.documents.length}
          method="post"
          encType="multipart/form-data"
          className="staff-form"
          aria-labelledby="upload-h"
        >
          <CsrfInput />
          <input type="hidden" name="intent" value="upload" />
          <label htmlFor="u-kind">{t("staff.documentKind")}</label>
          <select id="u-kind" name="kind" defaultValue={typed(reply, "upload", "kind", "saksfremlegg")}>
            {DOCUMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`document.kind.${k}`)}
              </option>
            ))}
          </select>
          <label htmlFor="u-title">{t("staff.documentTitle")}</label>
          <input
            id="u-title"
            name="title"
            maxLength={300}
            required
            defaultValue={typed(reply, "upload", "title")}
            {...errProps(reply, "upload", "title", "u-title-err")}
          />
          <FieldErr reply={reply} intent="upload" field="title" id="u-title-err" />
          <label htmlFor="u-file">{t("staff.file")}</label>
          <input
            id="u-file"
            name="file"
            type="file"
            accept="application/pdf,image/png,image/jpeg"
            required
            aria-describedby="u-file-hint"
          />
          <span id="u-file-hint" className="muted">
            {t("staff.fileHint", { max: d.maxMb })}
          </span>
          <div>
            <button type="submit">{t("staff.uploadButton")}</button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="journey-h">
        <h2 id="journey-h">{t("case.journey")}</h2>
        <Feedback reply={reply} intent="clearJourney" />
        {d.steps.length ? (
          <>
            <ol>
              {d.steps.map((s) => (
                <li key={s.position}>
                  {t(`case.step.${s.kind}`)}: <LocalText text={s.bodyName} fallback={tc(`body.kind.${s.bodyKind}`)} />
                  {s.date ? ` · ${s.date}` : ""}
                </li>
              ))}
            </ol>
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="intent" value="clearJourney" />
              <button type="submit" className="button">
                {t("staff.clearJourney")}
              </button>
            </Form>
          </>
        ) : (
          <p className="muted">{t("case.noJourney")}</p>
        )}
        <h3 id="step-h">{t("staff.addStep")}</h3>
        <Feedback reply={reply} intent="addStep" />
        <Form key={d.steps.length} method="post" className="staff-form" aria-labelledby="step-h">
          <CsrfInput />
          <input type="hidden" name="intent" value="addStep" />
          <label htmlFor="s-body">{t("staff.body")}</label>
          <select id="s-body" name="bodyId" defaultValue={typed(reply, "addStep", "bodyId")}>
            {d.bodies.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name?.value ?? tc(`body.kind.${b.kind}`)}
              </option>
            ))}
          </select>
          <label htmlFor="s-kind">{t("staff.stepKind")}</label>
          <select id="s-kind" name="kind" defaultValue={typed(reply, "addStep", "kind", "innstilling")}>
            {CASE_STEP_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`case.step.${k}`)}
              </option>
            ))}
          </select>
          <label htmlFor="s-date">{t("staff.stepDate")}</label>
          <input
            id="s-date"
            name="date"
            type="date"
            defaultValue={typed(reply, "addStep", "date")}
            {...errProps(reply, "addStep", "steps", "s-date-err")}
          />
          <FieldErr reply={reply} intent="addStep" field="steps" id="s-date-err" />
          <div>
            <button type="submit">{t("staff.addStep")}</button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="decision-h">
        <h2 id="decision-h">{t("case.decision")}</h2>
        <Feedback reply={reply} intent="decision" />
        <Form method="post" className="staff-form" aria-labelledby="decision-h">
          <CsrfInput />
          <input type="hidden" name="intent" value="decision" />
          <label htmlFor="d-text">{t("staff.decisionText")}</label>
          <textarea
            id="d-text"
            name="decisionText"
            rows={6}
            defaultValue={typed(reply, "decision", "decisionText", c.decisionText)}
            {...errProps(reply, "decision", "decisionText", "d-text-err")}
          />
          <FieldErr reply={reply} intent="decision" field="decisionText" id="d-text-err" />
          <div>
            <button type="submit">{t("staff.recordDecision")}</button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="place-h">
        <h2 id="place-h">{t("staff.place")}</h2>
        <Feedback reply={reply} intent="place" />
        <Form method="post" className="staff-form" aria-labelledby="place-h">
          <CsrfInput />
          <input type="hidden" name="intent" value="place" />
          <label htmlFor="p-geo">{t("staff.placeGeo")}</label>
          <textarea
            id="p-geo"
            name="geo"
            rows={4}
            aria-invalid={fieldError(reply, "place", "geo") ? true : undefined}
            aria-describedby={fieldError(reply, "place", "geo") ? "p-geo-hint p-geo-err" : "p-geo-hint"}
            defaultValue={typed(reply, "place", "geo", c.geo)}
          />
          <span id="p-geo-hint" className="muted">
            {t("staff.placeHint")}
          </span>
          <FieldErr reply={reply} intent="place" field="geo" id="p-geo-err" />
          <MapDrawer targetId="p-geo" context={d.areas} />
          <label htmlFor="p-area">{t("staff.placeArea")}</label>
          <select
            id="p-area"
            name="areaBodyId"
            defaultValue={typed(reply, "place", "areaBodyId", c.areaBodyId || "auto")}
          >
            <option value="auto">{t("staff.placeAreaAuto")}</option>
            <option value="none">{t("staff.placeAreaNone")}</option>
            {d.areas.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
          <div>
            <button type="submit">{t("staff.save")}</button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="edit-case-h">
        <h2 id="edit-case-h">{t("staff.editCase")}</h2>
        <Feedback reply={reply} intent="update" />
        <Form method="post" className="staff-form" aria-labelledby="edit-case-h">
          <CsrfInput />
          <input type="hidden" name="intent" value="update" />
          <label htmlFor="e-title">{t("staff.titleNb")}</label>
          <input
            id="e-title"
            name="title_nb"
            maxLength={500}
            defaultValue={typed(reply, "update", "title_nb", c.titleNb)}
            {...errProps(reply, "update", "title", "e-title-err")}
          />
          <FieldErr reply={reply} intent="update" field="title" id="e-title-err" />
          <label htmlFor="e-title-nn">{t("staff.titleNn")}</label>
          <input
            id="e-title-nn"
            name="title_nn"
            maxLength={500}
            defaultValue={typed(reply, "update", "title_nn", c.titleNn)}
          />
          <label htmlFor="e-summary">{t("staff.summaryNb")}</label>
          <textarea
            id="e-summary"
            name="summary_nb"
            rows={3}
            defaultValue={typed(reply, "update", "summary_nb", c.summaryNb)}
            {...errProps(reply, "update", "summary_nb", "e-summary-err")}
          />
          <FieldErr reply={reply} intent="update" field="summary_nb" id="e-summary-err" />
          <label htmlFor="e-summary-nn">{t("staff.summaryNn")}</label>
          <textarea
            id="e-summary-nn"
            name="summary_nn"
            rows={3}
            defaultValue={typed(reply, "update", "summary_nn", c.summaryNn)}
            {...errProps(reply, "update", "summary_nn", "e-summary-nn-err")}
          />
          <FieldErr reply={reply} intent="update" field="summary_nn" id="e-summary-nn-err" />
          <label htmlFor="e-exempt">{t("staff.exemptBasis")}</label>
          <input
            id="e-exempt"
            name="closedBasis"
            maxLength={300}
            defaultValue={typed(reply, "update", "closedBasis", c.closedBasis)}
            {...errProps(reply, "update", "closedBasis", "e-exempt-err")}
          />
          <FieldErr reply={reply} intent="update" field="closedBasis" id="e-exempt-err" />
          <div>
            <button type="submit">{t("staff.save")}</button>
          </div>
        </Form>
      </section>
    </>
  );
}
