import { randomBytes } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import { smsInbound, smsOutbox } from "#db/schema/index.ts";
import type { Deps } from "#app/lib/deps.ts";
import { decryptPhone } from "./crypto.server.ts";
import { handleInboundSms, type InboundOutcome } from "./inbound.server.ts";
import { normalizePhone } from "./phone.ts";
import { err, ok, type Result } from "#app/lib/result.ts";

// The dev inbox's SMS side: messages the `inbox` transport "sent" (stored in
// the outbox) and replies a developer typed as if from that phone, which go
// through the same command as Twilio's inbound webhook.

export interface DevSms {
  id: string;
  direction: "out" | "in";
  phone: string;
  body: string;
  at: string;
  status: string;
}

/** Newest first: SMS sent through the inbox transport and SMS received, up to `limit` of each. */
export async function listDevSms(deps: Deps, limit = 100): Promise<DevSms[]> {
  const { db } = deps.db;
  const out = await db
    .select({
      id: smsOutbox.id,
      toEnc: smsOutbox.toEnc,
      body: smsOutbox.body,
      at: smsOutbox.sentAt,
      status: smsOutbox.deliveryStatus,
    })
    .from(smsOutbox)
    .where(eq(smsOutbox.transport, "inbox"))
    .orderBy(desc(smsOutbox.sentAt))
    .limit(limit);
  const inb = await db
    .select({
      id: smsInbound.id,
      fromEnc: smsInbound.fromEnc,
      body: smsInbound.body,
      at: smsInbound.receivedAt,
      handledAs: smsInbound.handledAs,
    })
    .from(smsInbound)
    .orderBy(desc(smsInbound.receivedAt))
    .limit(limit);
  const all: DevSms[] = [
    ...out.map((r) => ({
      id: r.id,
      direction: "out" as const,
      phone: decryptPhone(deps.env, r.toEnc),
      body: r.body,
      at: (r.at ?? new Date(0)).toISOString(),
      status: r.status ?? "sent",
    })),
    ...inb.map((r) => ({
      id: r.id,
      direction: "in" as const,
      phone: decryptPhone(deps.env, r.fromEnc),
      body: r.body,
      at: r.at.toISOString(),
      status: r.handledAs ?? "",
    })),
  ];
  return all.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.direction === "in" ? -1 : 1));
}

/** A reply typed on /dev/inbox, handled exactly like one from Twilio. */
export async function receiveDevReply(
  deps: Deps,
  input: { from: string; body: string },
): Promise<Result<InboundOutcome, { code: string; field: string }>> {
  const phone = normalizePhone(input.from);
  if (!phone.ok) return err({ code: "errors.replyPhone", field: "from" });
  if (!input.body.trim()) return err({ code: "errors.replyEmpty", field: "body" });
  const r = await handleInboundSms(deps, {
    messageSid: `SMdevin${randomBytes(13).toString("hex")}`,
    from: phone.value,
    to: "inbox",
    body: input.body.slice(0, 1600),
  });
  return ok(r);
}
