import twilio from "twilio";
import type { Deps } from "#app/lib/deps.ts";

// Twilio webhook authentication: X-Twilio-Signature is an HMAC-SHA1 over the
// URL Twilio called plus the sorted POST parameters, keyed with the auth
// token. Behind a TLS-terminating proxy our request URL is not the one Twilio
// called, so the URL is rebuilt from PUBLIC_URL (docs/decisions/020-*.md).

export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

export function twiml(body = EMPTY_TWIML, status = 200): Response {
  return new Response(body, {
    status,
    headers: { "content-type": "text/xml; charset=utf-8", "cache-control": "no-store" },
  });
}

/** The URL Twilio signed: PUBLIC_URL's origin (and path prefix) with this request's path and query. */
export function signedUrl(deps: Deps, request: Request): string {
  const u = new URL(request.url);
  if (!deps.env.PUBLIC_URL) return u.toString();
  const pub = new URL(deps.env.PUBLIC_URL);
  return `${pub.origin}${pub.pathname.replace(/\/$/, "")}${u.pathname}${u.search}`;
}

/**
 * Reads and verifies a Twilio webhook. Returns its form parameters, or a 403
 * Response (logged, nothing stored) when the signature is missing or wrong.
 */
export async function verifyTwilioWebhook(
  deps: Deps,
  request: Request,
  what: string,
): Promise<{ ok: true; params: Record<string, string> } | { ok: false; response: Response }> {
  const token = deps.env.TWILIO_AUTH_TOKEN;
  // A body that cannot be read as a form is answered by the translated 4xx the reader throws (app/lib/request-body.server.ts).
  const form = await request.formData().catch((err: unknown) => {
    if (err instanceof Response) throw err;
    return null;
  });
  const params: Record<string, string> = {};
  for (const [k, v] of form?.entries() ?? []) if (typeof v === "string") params[k] = v;
  const signature = request.headers.get("x-twilio-signature") ?? "";
  const url = signedUrl(deps, request);
  if (!token || !form || !signature || !twilio.validateRequest(token, signature, url, params)) {
    deps.log.warn(
      {
        webhook: what,
        url,
        reason: !token ? "no TWILIO_AUTH_TOKEN configured" : !signature ? "no signature" : "bad signature",
      },
      "twilio webhook refused",
    );
    return {
      ok: false,
      response: new Response("Forbidden", { status: 403, headers: { "content-type": "text/plain" } }),
    };
  }
  return { ok: true, params };
}
