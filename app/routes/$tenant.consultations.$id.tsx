import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import leafletCss from "leaflet/dist/leaflet.css?url";
import { consultationPage, postToConsultation } from "#app/modules/consultations/page.server.ts";
import type { Failure } from "#app/modules/consultations/ui.tsx";
import { ConsultationView } from "#app/modules/consultations/ui/page.tsx";

// A consultation (issue 6): what is decided, by whom and when; how to take
// part; documents; questions; map pins; comments with replies and support.
// Every action is a plain POST here (works without JavaScript); the module
// parses, authorises and calls the command (app/modules/consultations/page.server.ts).
export const handle = { i18n: ["consultations", "political", "opinions"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: leafletCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return consultationPage(request, params, context.deps);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return postToConsultation(request, params, context.deps);
}

export default function ConsultationRoute() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>() as { failure?: Failure } | undefined;
  return <ConsultationView d={d} failure={a?.failure ?? null} />;
}
