import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { LocalText } from "#app/modules/political/text.tsx";
import { ACTIONS } from "../new-form.ts";
import type { NewConsultationView } from "../new-page.server.ts";
import { errorProps, FieldError, FormError, type Failure } from "../ui.tsx";

// The form that opens a consultation on a case.
export function NewConsultationPage({ d, f }: { d: NewConsultationView; f: Failure | null }) {
  const { t } = useTranslation("consultations");
  const v = (name: string, dflt = "") => (f ? (f.values[name] ?? "") : dflt);
  const I = "create";
  return (
    <>
      <p>
        <Link to={`/${d.tenant}/admin/cases/${d.caseId}`}>{t("create.backToCase", { number: d.number })}</Link>
      </p>
      <h1>{t("create.title")}</h1>
      <p>
        {d.number}: <LocalText text={d.caseTitle} />
      </p>
      <Form method="post" className="staff-form">
        <CsrfInput />
        <FormError f={f} intent={I} />
        <label htmlFor="c-title">{t("create.titleLabel")}</label>
        <input
          id="c-title"
          name="title_nb"
          required
          maxLength={300}
          defaultValue={v("title_nb")}
          {...errorProps(f, I, "title_nb")}
        />
        <FieldError f={f} intent={I} field="title_nb" />
        <label htmlFor="c-title-nn">{t("create.titleNn")}</label>
        <input
          id="c-title-nn"
          name="title_nn"
          lang="nn"
          maxLength={300}
          defaultValue={v("title_nn")}
          {...errorProps(f, I, "title_nn")}
        />
        <FieldError f={f} intent={I} field="title_nn" />
        <label htmlFor="c-summary">{t("create.summary")}</label>
        <textarea
          id="c-summary"
          name="summary_nb"
          rows={4}
          maxLength={2000}
          defaultValue={v("summary_nb")}
          {...errorProps(f, I, "summary_nb")}
        />
        <FieldError f={f} intent={I} field="summary_nb" />

        <fieldset>
          <legend>{t("create.when")}</legend>
          <label htmlFor="c-meeting">{t("create.meeting")}</label>
          <select
            id="c-meeting"
            name="meetingId"
            defaultValue={v("meetingId", d.meetings[0]?.id ?? "")}
            {...errorProps(f, I, "meetingId")}
          >
            {d.meetings.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
            <option value="">{t("create.noMeeting")}</option>
          </select>
          <FieldError f={f} intent={I} field="meetingId" />
          <label htmlFor="c-days">{t("create.closeDays")}</label>
          <input
            id="c-days"
            name="closeDaysBeforeNotice"
            type="number"
            min={0}
            max={120}
            defaultValue={v("closeDaysBeforeNotice", "2")}
          />
          <label htmlFor="c-body">{t("create.body")}</label>
          <select id="c-body" name="bodyId" defaultValue={v("bodyId")} {...errorProps(f, I, "bodyId")}>
            {d.deciders.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
          <label htmlFor="c-closes">{t("create.closesAt")}</label>
          <input
            id="c-closes"
            name="closesAt"
            type="datetime-local"
            defaultValue={v("closesAt")}
            {...errorProps(f, I, "closesAt")}
          />
          <FieldError f={f} intent={I} field="closesAt" />
          <label htmlFor="c-opens">{t("create.opensAt")}</label>
          <input
            id="c-opens"
            name="opensAt"
            type="datetime-local"
            defaultValue={v("opensAt")}
            {...errorProps(f, I, "opensAt")}
          />
          <FieldError f={f} intent={I} field="opensAt" />
          <label className="choice">
            <input type="checkbox" name="plan" defaultChecked={v("plan") === "on"} /> {t("create.plan")}
          </label>
        </fieldset>

        <fieldset>
          <legend>{t("create.questions")}</legend>
          {Array.from({ length: 3 }, (_, k) => k + 1).map((i) => (
            <div key={i}>
              <label htmlFor={`q${i}-prompt`}>{t("create.question", { n: i })}</label>
              <input
                id={`q${i}-prompt`}
                name={`q${i}_prompt`}
                maxLength={2000}
                defaultValue={v(`q${i}_prompt`)}
                {...errorProps(f, I, `q${i}_prompt`)}
              />
              <FieldError f={f} intent={I} field={`q${i}_prompt`} />
              <label htmlFor={`q${i}-kind`}>{t("create.kind", { n: i })}</label>
              <select id={`q${i}-kind`} name={`q${i}_kind`} defaultValue={v(`q${i}_kind`, "single")}>
                {(["single", "multi", "scale", "text"] as const).map((k) => (
                  <option key={k} value={k}>
                    {t(`create.kinds.${k}`)}
                  </option>
                ))}
              </select>
              <label htmlFor={`q${i}-options`}>{t("create.options", { n: i })}</label>
              <textarea
                id={`q${i}-options`}
                name={`q${i}_options`}
                rows={3}
                defaultValue={v(`q${i}_options`)}
                {...errorProps(f, I, `q${i}_options`)}
              />
              <FieldError f={f} intent={I} field={`q${i}_options`} />
            </div>
          ))}
        </fieldset>

        <fieldset>
          <legend>{t("create.mapAndRules")}</legend>
          <label htmlFor="c-area">{t("create.area")}</label>
          <select id="c-area" name="areaBodyId" defaultValue={v("areaBodyId")}>
            <option value="">{t("create.noMap")}</option>
            {d.areas.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
          <label htmlFor="c-cats">{t("create.categories")}</label>
          <input
            id="c-cats"
            name="pinCategories"
            defaultValue={v("pinCategories")}
            {...errorProps(f, I, "pinCategories")}
          />
          <FieldError f={f} intent={I} field="pinCategories" />
          <label htmlFor="c-mod">{t("create.moderation")}</label>
          <select id="c-mod" name="moderation" defaultValue={v("moderation", "post")}>
            <option value="post">{t("create.post")}</option>
            <option value="pre">{t("create.pre")}</option>
          </select>
          <label htmlFor="c-names">{t("create.names")}</label>
          <select id="c-names" name="nameMode" defaultValue={v("nameMode", "pseudonym")}>
            <option value="pseudonym">{t("create.pseudonym")}</option>
            <option value="public-names">{t("create.publicNames")}</option>
          </select>
          {ACTIONS.map((act) => (
            <div key={act}>
              <label htmlFor={`c-level-${act}`}>{t(`create.level.${act}`)}</label>
              <select id={`c-level-${act}`} name={`level_${act}`} defaultValue={v(`level_${act}`, "email")}>
                {d.levels.map((l) => (
                  <option key={l} value={l}>
                    {t(`create.levels.${l}`)}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </fieldset>
        {f?.code === "errors.deadlineTooClose" ? (
          <div className="notice" role="alert" id="short-deadline">
            <p>{t("errors.deadlineTooClose", f.params ?? {})}</p>
            <input type="checkbox" id="c-accept-short" name="acceptShortDeadline" value="yes" />{" "}
            <label htmlFor="c-accept-short">{t("create.acceptShortDeadline", f.params ?? {})}</label>
          </div>
        ) : null}
        <button type="submit">{t("create.submit")}</button>
      </Form>
    </>
  );
}
