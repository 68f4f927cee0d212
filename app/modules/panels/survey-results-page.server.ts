import type { Deps } from "#app/lib/deps.ts";
import { pickText } from "#app/lib/localized.ts";
import { requireStaff } from "#app/modules/identity/session.server.ts";
import { panelPage } from "./page.server.ts";
import { getSurvey, listSurveys, resultsOf } from "./surveys.server.ts";

/**
 * Staff: a survey's results, raw and weighted to the population (raking), with effective
 * sample size, margin of error and the respondents' representativeness beside them.
 */
export async function surveyResultsPage(
  request: Request,
  params: { tenant?: string; key?: string; survey?: string },
  deps: Deps,
) {
  const { m, locale, t, panel } = await panelPage(request, params, deps);
  await requireStaff(request, deps, m.id, "manage:panel:tenant");
  const survey = await getSurvey(deps.db.db, panel.id, params.survey ?? "");
  if (!survey) throw new Response("Not found", { status: 404 });
  const [results, list] = await Promise.all([resultsOf(deps.db.db, m.id, survey), listSurveys(deps.db.db, panel.id)]);
  const rate = list.find((s) => s.id === survey.id)!;
  return {
    title: `${t("survey.resultsTitle")} – ${survey.title} – ${m.officialName}`,
    tenant: m.slug,
    key: panel.key,
    panelTitle: pickText(panel.title, locale)?.value ?? panel.key,
    surveyTitle: survey.title,
    invited: rate.invited,
    responded: rate.responded,
    results,
  };
}
export type SurveyResultsView = Awaited<ReturnType<typeof surveyResultsPage>>;
