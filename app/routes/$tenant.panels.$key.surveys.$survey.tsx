import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pickText } from "#app/lib/localized.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { panelPage } from "#app/modules/panels/page.server.ts";
import { answerSurvey, getSurvey, inviteFor } from "#app/modules/panels/surveys.server.ts";
import { readAnswers } from "#app/modules/panels/surveys.ts";

export const handle = { i18n: ["panels"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// A panel member answers a survey (plain form; every question optional).
async function surveyPage(
  request: Request,
  params: { tenant?: string; key?: string; survey?: string },
  deps: Parameters<typeof panelPage>[2],
) {
  const base = await panelPage(request, params, deps);
  const survey = await getSurvey(deps.db.db, base.panel.id, params.survey ?? "");
  if (!survey || survey.status === "draft") throw new Response("Not found", { status: 404 });
  return { ...base, survey };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale, panel, survey } = await surveyPage(request, params, deps);
  const me = await requireUser(request, deps);
  const invite = await inviteFor(deps.db.db, survey.id, me.id);
  if (!invite) throw new Response("Forbidden", { status: 403 });
  return {
    title: `${survey.title} – ${pickText(panel.title, locale)?.value ?? panel.key} – ${m.officialName}`,
    surveyTitle: survey.title,
    panelTitle: pickText(panel.title, locale)?.value ?? panel.key,
    status: survey.status,
    answered: !!invite.respondedAt,
    questions: survey.questions,
  };
}

type Reply = { code: string; question?: string; values: Record<string, string[]> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { deps } = context;
  const { m, panel, survey } = await surveyPage(request, params, deps);
  const me = await requireUser(request, deps);
  const form = await request.formData();
  const get = (name: string) =>
    form
      .getAll(name)
      .filter((v): v is string => typeof v === "string")
      .map((v) => v.slice(0, 4000));
  const values: Record<string, string[]> = {};
  for (const [k] of form.entries()) if (k !== "_csrf") values[k] = get(k);
  const { answers, invalid } = readAnswers(survey.questions, get);
  if (invalid) return { code: "errors.survey.invalidAnswer", question: invalid, values } satisfies Reply;
  const r = await answerSurvey(deps, me.id, { tenantId: m.id, surveyId: survey.id, answers });
  if (!r.ok) return { code: r.error.code, values } satisfies Reply;
  return redirect(`/${m.slug}/panels/${panel.key}/surveys/${survey.key}`, 303);
}

export default function SurveyAnswer() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const { t } = useTranslation("panels");
  const v = reply?.values ?? {};
  const has = (name: string, value: string) => (v[name] ?? []).includes(value);
  if (d.answered || d.status !== "open") {
    return (
      <>
        <h1>{d.surveyTitle}</h1>
        <p role="status" className="notice">
          {d.answered ? t("survey.thanks") : t("errors.survey.notOpen")}
        </p>
      </>
    );
  }
  return (
    <>
      <h1>{d.surveyTitle}</h1>
      <p>{t("survey.intro", { panel: d.panelTitle })}</p>
      {reply && !reply.question ? (
        <p className="field-error" role="alert">
          {t(reply.code)}
        </p>
      ) : null}
      <Form method="post" className="stack-form">
        <CsrfInput />
        {d.questions.map((q, qi) => {
          const err =
            reply?.question === q.key ? (
              <p id={`${q.key}-error`} className="field-error" role="alert">
                {t(reply.code)}
              </p>
            ) : null;
          const described = reply?.question === q.key ? { "aria-describedby": `${q.key}-error` } : {};
          const legend = (
            <legend>
              {qi + 1}. {q.text}
            </legend>
          );
          switch (q.kind) {
            case "single":
            case "multi":
              return (
                <fieldset key={q.key} {...described}>
                  {legend}
                  {q.options!.map((o, i) => (
                    <div key={o}>
                      <input
                        type={q.kind === "single" ? "radio" : "checkbox"}
                        id={`${q.key}-${i}`}
                        name={q.key}
                        value={o}
                        defaultChecked={has(q.key, o)}
                      />
                      <label htmlFor={`${q.key}-${i}`}>{o}</label>
                    </div>
                  ))}
                  {err}
                </fieldset>
              );
            case "scale":
              return (
                <fieldset key={q.key} {...described}>
                  {legend}
                  <p className="hint">{t("survey.scaleHelp", { min: q.scale!.min, max: q.scale!.max })}</p>
                  {Array.from({ length: q.scale!.max - q.scale!.min + 1 }, (_x, i) => String(q.scale!.min + i)).map(
                    (o) => (
                      <span key={o} className="inline-choice">
                        <input
                          type="radio"
                          id={`${q.key}-${o}`}
                          name={q.key}
                          value={o}
                          defaultChecked={has(q.key, o)}
                        />
                        <label htmlFor={`${q.key}-${o}`}>{o}</label>{" "}
                      </span>
                    ),
                  )}
                  {err}
                </fieldset>
              );
            case "ranking":
              return (
                <fieldset key={q.key} {...described}>
                  {legend}
                  <p className="hint">{t("survey.rankingHelp", { n: q.options!.length })}</p>
                  {q.options!.map((o, i) => (
                    <div key={o}>
                      <label htmlFor={`${q.key}-${i}`}>{o}</label>{" "}
                      <select id={`${q.key}-${i}`} name={`${q.key}.${i}`} defaultValue={v[`${q.key}.${i}`]?.[0] ?? ""}>
                        <option value="">{t("survey.notRanked")}</option>
                        {q.options!.map((_x, r) => (
                          <option key={r} value={String(r + 1)}>
                            {r + 1}
                          </option>
                        ))}
                      </select>
                    </div>
                  ))}
                  {err}
                </fieldset>
              );
            case "text":
              return (
                <div key={q.key}>
                  <label htmlFor={q.key}>
                    {qi + 1}. {q.text}
                  </label>
                  <textarea id={q.key} name={q.key} rows={4} defaultValue={v[q.key]?.[0] ?? ""} />
                </div>
              );
            case "matrix":
              return (
                <fieldset key={q.key} {...described}>
                  {legend}
                  {q.rows!.map((row, ri) => (
                    <fieldset key={row}>
                      <legend>{row}</legend>
                      {q.options!.map((o, i) => (
                        <span key={o} className="inline-choice">
                          <input
                            type="radio"
                            id={`${q.key}-${ri}-${i}`}
                            name={`${q.key}.${ri}`}
                            value={o}
                            defaultChecked={has(`${q.key}.${ri}`, o)}
                          />
                          <label htmlFor={`${q.key}-${ri}-${i}`}>{o}</label>{" "}
                        </span>
                      ))}
                    </fieldset>
                  ))}
                  {err}
                </fieldset>
              );
          }
        })}
        <button type="submit">{t("survey.send")}</button>
      </Form>
    </>
  );
}
