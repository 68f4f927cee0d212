import type { LoaderFunctionArgs } from "@remix-run/node";
import { icsResponse, meetingsFeed } from "#app/modules/political/ics.server.ts";

// Meetings concerning one area as an iCalendar feed.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return icsResponse(await meetingsFeed(request, params, context.deps, { scope: "area", key: params.key ?? "" }));
}
