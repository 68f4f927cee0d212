import type { LoaderFunctionArgs } from "@remix-run/node";
import { icsResponse, meetingsFeed } from "#app/modules/political/ics.server.ts";

// The municipality's meetings as an iCalendar feed (subscribe in any calendar app).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return icsResponse(await meetingsFeed(request, params, context.deps, { scope: "tenant" }));
}
