import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { bodyPage } from "#app/modules/bodies/page.server.ts";
import { BodyPage } from "#app/modules/bodies/ui/body-page.tsx";

export const handle = { i18n: ["political"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// A body: what it is, its members, its meetings and the cases it has handled (app/modules/bodies/page.server.ts).
export const loader = ({ request, params, context }: LoaderFunctionArgs) => bodyPage(request, params, context.deps);

export default function BodyRoute() {
  return <BodyPage d={useLoaderData<typeof loader>()} />;
}
