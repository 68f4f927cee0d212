import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { roundIndexPage } from "#app/modules/budgeting/round-page.server.ts";
import { RoundPage } from "#app/modules/budgeting/ui/round.tsx";

// A participatory-budgeting round: its phase, the proposals as cards (filter
// by area and category, plain GET form), and a receipt check for voters.
export const handle = { i18n: ["budgeting"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return roundIndexPage(request, params, context.deps);
}

export default function RoundRoute() {
  return <RoundPage d={useLoaderData<typeof loader>()} />;
}
