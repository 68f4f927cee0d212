import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseCaseNumber } from "#app/modules/cases/case-number.ts";
import { contentDisposition } from "#app/modules/cases/files.ts";
import { getPublicDocument } from "#app/modules/cases/queries.server.ts";
import { notFound, publicTenant } from "#app/modules/political/page.server.ts";

// Downloads a public case document. The case's visibility is checked in the
// query (a closed or exempt case's documents answer 404, like a missing one);
// the bytes are served with the detected type, never sniffed by the browser.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m } = publicTenant(request, params, deps);
  const number = parseCaseNumber(params.number ?? "");
  if (!number) throw notFound();
  const d = await getPublicDocument(deps.db.db, m.id, number, params.documentId ?? "");
  if (!d) throw notFound();
  const bytes = await deps.files.get(d.storageKey);
  if (!bytes) {
    deps.log.error({ tenantId: m.id, storageKey: d.storageKey }, "case document row without its file");
    throw notFound();
  }
  return new Response(bytes as unknown as BodyInit, {
    headers: {
      "Content-Type": d.mimeType,
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": contentDisposition(d.fileName),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "public, max-age=300",
      ETag: `"${d.sha256}"`,
    },
  });
}
