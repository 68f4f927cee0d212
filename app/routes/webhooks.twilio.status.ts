import type { ActionFunctionArgs } from "@remix-run/node";
import { recordDeliveryStatus } from "#app/modules/sms/inbound.server.ts";
import { twiml, verifyTwilioWebhook } from "#app/modules/sms/webhooks.server.ts";

// Twilio's StatusCallback for messages we sent (?o=<outbox id>). Out-of-order
// and repeated callbacks are fine: the status only moves forward.
export const handle = { csrf: false };

export async function loader() {
  return new Response("Method Not Allowed", { status: 405, headers: { allow: "POST" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { deps } = context;
  const v = await verifyTwilioWebhook(deps, request, "status");
  if (!v.ok) return v.response;
  const sid = v.params.MessageSid ?? v.params.SmsSid;
  const status = v.params.MessageStatus ?? v.params.SmsStatus;
  if (!sid || !status) return new Response("Bad Request", { status: 400 });
  const code = v.params.ErrorCode ? Number(v.params.ErrorCode) : null;
  await recordDeliveryStatus(deps, {
    messageSid: sid,
    status,
    errorCode: Number.isFinite(code) ? code : null,
    outboxId: new URL(request.url).searchParams.get("o"),
  });
  return twiml();
}
