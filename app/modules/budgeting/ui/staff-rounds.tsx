import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "#app/lib/field-errors.tsx";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import type { NewRoundReply, StaffRoundsView } from "../staff-rounds-page.server.ts";
import { RulesFields } from "../ui.tsx";

// The staff list of PB rounds and the new-round form (staff-rounds-page.server.ts).
export function StaffRoundsPage({ d, reply }: { d: StaffRoundsView; reply: NewRoundReply | undefined }) {
  const { t } = useTranslation("budgeting");
  const v = reply?.values ?? {};
  const { err, aria } = fieldErrors(reply, t);
  return (
    <>
      <h1>{t("admin.title")}</h1>
      {d.rounds.length ? (
        <ul>
          {d.rounds.map((r) => (
            <li key={r.key}>
              <a href={`/${d.tenant}/admin/budgeting/${r.key}`}>{r.title}</a> – {t(`phase.${r.phase}`)}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("admin.none")}</p>
      )}
      <h2 id="new-h">{t("admin.new")}</h2>
      {reply && !reply.field ? (
        <p className="field-error" role="alert">
          {t(reply.code)}
        </p>
      ) : null}
      <Form method="post" className="stack-form" aria-labelledby="new-h" noValidate>
        <CsrfInput />
        <div>
          <label htmlFor="key">{t("admin.key")}</label>
          <input id="key" name="key" defaultValue={v.key} {...aria("key")} />
          {err("key")}
        </div>
        <div>
          <label htmlFor="title">{t("propose.titleLabel")}</label>
          <input id="title" name="title" defaultValue={v.title} {...aria("title")} />
          {err("title")}
        </div>
        <div>
          <label htmlFor="budget">{t("admin.budget")}</label>
          <input id="budget" name="budget" inputMode="numeric" defaultValue={v.budget} {...aria("budget")} />
          {err("budget")}
        </div>
        <div>
          <label htmlFor="areas">{t("admin.areas")}</label>
          <textarea
            id="areas"
            name="areas"
            rows={3}
            defaultValue={v.areas}
            aria-invalid={reply?.field === "areas" || undefined}
            aria-describedby={reply?.field === "areas" ? "areas-help areas-error" : "areas-help"}
          />
          <p id="areas-help" className="muted">
            {t("admin.areasHelp")}
          </p>
          {err("areas")}
        </div>
        <fieldset>
          <legend>{t("admin.rulesLegend")}</legend>
          <RulesFields prefix="new" values={v} />
          {err("rules")}
        </fieldset>
        <div>
          <label htmlFor="minAge">{t("admin.minAge")}</label>
          <input id="minAge" name="minAge" inputMode="numeric" defaultValue={v.minAge} />
        </div>
        <div>
          <label htmlFor="level">{t("admin.level")}</label>
          <select id="level" name="level" defaultValue={v.level ?? "phone"}>
            {["none", "email", "phone", "eid", "resident"].map((l) => (
              <option key={l} value={l}>
                {t(`admin.levels.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="votingEnds">{t("admin.votingEnds")}</label>
          <input id="votingEnds" name="votingEnds" type="date" defaultValue={v.votingEnds} {...aria("votingEnds")} />
          {err("votingEnds")}
        </div>
        <div>
          <label htmlFor="categories">{t("admin.categories")}</label>
          <input id="categories" name="categories" defaultValue={v.categories} />
        </div>
        <button type="submit">{t("admin.create")}</button>
      </Form>
    </>
  );
}
