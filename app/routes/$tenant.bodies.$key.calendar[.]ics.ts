import type { LoaderFunctionArgs } from "@remix-run/node";
import { icsResponse, meetingsFeed } from "#app/modules/political/ics.server.ts";

// One body's meetings as an iCalendar feed.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return icsResponse(await meetingsFeed(request, params, context.deps, { scope: "body", key: params.key ?? "" }));
}
