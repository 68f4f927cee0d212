import type { ActionFunctionArgs } from "@remix-run/node";
import { handleInboundSms } from "#app/modules/sms/inbound.server.ts";
import { twiml, verifyTwilioWebhook } from "#app/modules/sms/webhooks.server.ts";

// Twilio's "A message comes in" webhook for our long code / Messaging Service.
// Authenticated by X-Twilio-Signature (no CSRF token: it comes from Twilio).
export const handle = { csrf: false };

export async function loader() {
  return new Response("Method Not Allowed", { status: 405, headers: { allow: "POST" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { deps } = context;
  const v = await verifyTwilioWebhook(deps, request, "sms");
  if (!v.ok) return v.response;
  const { MessageSid, From, To, Body } = v.params;
  if (!MessageSid || !From) return new Response("Bad Request", { status: 400 });
  await handleInboundSms(deps, {
    messageSid: MessageSid,
    idempotencyToken: request.headers.get("i-twilio-idempotency-token"),
    from: From,
    to: To ?? null,
    body: Body ?? "",
  });
  // Answers go through the outbox (durable, rate-limited); TwiML stays empty.
  return twiml();
}
