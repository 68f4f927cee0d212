import { redirect } from "@remix-run/node";
import { and, eq, lt } from "drizzle-orm";
import type { Deps } from "#app/lib/deps.ts";
import { formStashes } from "#db/schema/index.ts";
import { BIND_COOKIE, isSecureRequest, readCookie, serializeCookie } from "./cookies.ts";
import { randomToken, sha256 } from "./keys.server.ts";

// "Expired session mid-form → sign in again and the form's content is not
// lost." A form posted without a live session is kept (text fields only, 30
// minutes, single use, bound to this browser by a cookie); the person signs
// in and comes back to the form's page with ?restore=<token>. The page's
// loader calls restoredForm() and renders the fields with those values.
export const STASH_TTL_MS = 30 * 60_000;
const MAX_STASH_CHARS = 100_000;

export async function stashForm(request: Request, deps: Deps): Promise<Response> {
  const url = new URL(request.url);
  const secure = isSecureRequest(request.url, deps.env.PUBLIC_URL);
  const headers = new Headers();
  let bind = readCookie(request.headers.get("cookie"), BIND_COOKIE, secure);
  if (!bind || bind.length > 100) {
    bind = randomToken(24);
    headers.append("Set-Cookie", serializeCookie(BIND_COOKIE, bind, secure));
  }
  const fields: Record<string, string> = {};
  let size = 0;
  try {
    const form = await request.clone().formData();
    for (const [k, v] of form) {
      if (typeof v !== "string" || k === "_csrf" || k in fields) continue;
      size += k.length + v.length;
      if (size > MAX_STASH_CHARS) break;
      fields[k] = v;
    }
  } catch {
    // not a form body: nothing to keep
  }
  let back = url.pathname;
  if (Object.keys(fields).length) {
    const token = randomToken(24);
    const now = deps.now();
    await deps.db.db.delete(formStashes).where(lt(formStashes.expiresAt, now));
    await deps.db.db.insert(formStashes).values({
      id: sha256(token),
      browserHash: sha256(bind),
      path: url.pathname,
      fields,
      createdAt: now,
      expiresAt: new Date(now.getTime() + STASH_TTL_MS),
    });
    back = `${url.pathname}?restore=${token}`;
  }
  headers.set("Location", `/signin?returnTo=${encodeURIComponent(back)}`);
  return redirect(`/signin?returnTo=${encodeURIComponent(back)}`, { status: 303, headers });
}

/** The fields of a form kept by stashForm(), for the page at this URL in this browser (once). */
export async function restoredForm(request: Request, deps: Deps): Promise<Record<string, string> | null> {
  const url = new URL(request.url);
  const token = url.searchParams.get("restore");
  const bind = readCookie(
    request.headers.get("cookie"),
    BIND_COOKIE,
    isSecureRequest(request.url, deps.env.PUBLIC_URL),
  );
  if (!token || !bind || token.length > 100) return null;
  const [row] = await deps.db.db
    .delete(formStashes)
    .where(
      and(
        eq(formStashes.id, sha256(token)),
        eq(formStashes.browserHash, sha256(bind)),
        eq(formStashes.path, url.pathname),
      ),
    )
    .returning();
  if (!row || row.expiresAt <= deps.now()) return null;
  return row.fields;
}
