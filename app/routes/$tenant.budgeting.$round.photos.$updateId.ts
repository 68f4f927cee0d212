import type { LoaderFunctionArgs } from "@remix-run/node";
import { updatePhoto } from "#app/modules/budgeting/implementation.server.ts";
import { roundPage } from "#app/modules/budgeting/page.server.ts";

// The photo of an implementation update (public, like the update itself). The
// type was sniffed from the bytes at upload; the browser must not guess.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m } = await roundPage(request, params, deps);
  const photo = await updatePhoto(deps, m.id, params.updateId ?? "");
  if (!photo) throw new Response("Not found", { status: 404 });
  return new Response(photo.bytes as unknown as BodyInit, {
    headers: {
      "Content-Type": photo.type,
      "Content-Length": String(photo.bytes.byteLength),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "public, max-age=3600",
    },
  });
}
