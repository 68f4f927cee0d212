import type { LoaderFunctionArgs } from "@remix-run/node";
import { publishedMinutesPdf } from "#app/modules/live/minutes-file.server.ts";
import { notFound, publicTenant } from "#app/modules/political/page.server.ts";

// The published minutes (møtebok) of a public meeting as a tagged PDF/A (issue 17), linked from
// the meeting's live page once published. Drafts are never served.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m } = publicTenant(request, params, deps);
  const r = await publishedMinutesPdf(deps, m, params.meetingId ?? "");
  if (!r) throw notFound();
  return new Response(Buffer.from(r.pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="${r.filename}"`,
      "Cache-Control": "public, max-age=300",
    },
  });
}
