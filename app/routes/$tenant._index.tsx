import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { municipalityHome } from "#app/modules/processes/home.server.ts";
import { MunicipalityHome } from "#app/modules/processes/ui/home.tsx";

// The municipality's home (issue 17, redesigned in issue 19): every active
// process as a card, live meetings, upcoming meetings.
export const handle = { i18n: ["political", "live", "budgeting", "panels"] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return municipalityHome(request, params, context.deps);
}

export default function MunicipalityHomeRoute() {
  return <MunicipalityHome data={useLoaderData<typeof loader>()} />;
}
