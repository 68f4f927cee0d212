import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { surveyResultsPage } from "#app/modules/panels/survey-results-page.server.ts";
import { SurveyResults } from "#app/modules/panels/ui/survey-results.tsx";

export const handle = { i18n: ["panels"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

export const loader = ({ request, params, context }: LoaderFunctionArgs) =>
  surveyResultsPage(request, params, context.deps);

export default function SurveyResultsRoute() {
  return <SurveyResults d={useLoaderData<typeof loader>()} />;
}
