import { and, desc, eq, gt, sql } from "drizzle-orm";
import { smsConversations, smsDeliveryEvents, smsInbound, smsOptOuts, smsOutbox } from "#db/schema/index.ts";
import type { Deps } from "#app/lib/deps.ts";
import { isLocale } from "#app/lib/i18n.ts";
import { tFor } from "#app/lib/i18next.server.ts";
import { encryptPhone, phoneHash } from "./crypto.server.ts";
import { keywordFlow, smsHandlerFor, type ConversationInfo } from "./conversations.server.ts";
import { enqueueSms, wakeSmsWorkers } from "./outbox.server.ts";
import { maskPhone, parseE164, type E164 } from "./phone.ts";
import { parseReply, type Expecting, type ReplyLocale } from "./replies.ts";
import { deliveryRank } from "./transport.ts";

// Commands behind the Twilio webhooks and the dev inbox's reply form:
// handleInboundSms (one incoming SMS, processed once) and
// recordDeliveryStatus (a status callback, applied monotonically).

export interface InboundSms {
  messageSid: string;
  /** Twilio's I-Twilio-Idempotency-Token header, the same on a retried webhook. */
  idempotencyToken?: string | null;
  from: string;
  to?: string | null;
  body: string;
}

export type InboundOutcome =
  | { duplicate: true }
  | {
      duplicate: false;
      handledAs: "stop" | "start" | "help" | "reply" | "keyword" | "unknown" | "invalid-sender";
      replyOutboxId: string | null;
    };

const localeOf = (l: string | null | undefined): ReplyLocale => (isLocale(l) ? l : "nb");

/** What to answer when a reply did not fit what we asked. */
function invalidText(lang: ReplyLocale, expecting: Expecting): string {
  const t = tFor(lang);
  if (expecting.kind === "yesno") return t("reply.invalidYesNo", { ns: "sms" });
  if (expecting.kind === "choices")
    return t("reply.invalidChoices", { ns: "sms", options: expecting.options.join(", "), max: expecting.max ?? 1 });
  return t("reply.unknown", { ns: "sms" });
}

/**
 * Processes one incoming SMS exactly once (deduplicated by MessageSid and the
 * idempotency token, inside the same transaction as its effects, so a crash
 * mid-way lets Twilio's retry process it again). Opt-out words record an
 * opt-out; START lifts it; HELP answers; a reply to an open conversation goes
 * to that conversation's handler; a registered keyword starts its flow;
 * anything else gets a polite answer that says nothing about whether the
 * number is known. Answers go out through the outbox.
 */
export async function handleInboundSms(deps: Deps, msg: InboundSms): Promise<InboundOutcome> {
  const now = deps.now();
  const parsedFrom = parseE164(msg.from);
  const outcome = await deps.db.db.transaction(async (tx): Promise<InboundOutcome> => {
    const phone = parsedFrom.ok ? parsedFrom.value : null;
    const hash = phone ? phoneHash(deps.env, phone) : `invalid:${msg.from.slice(0, 32)}`;
    if (msg.idempotencyToken) {
      const seen = await tx
        .select({ id: smsInbound.id })
        .from(smsInbound)
        .where(eq(smsInbound.idempotencyToken, msg.idempotencyToken));
      if (seen.length) return { duplicate: true };
    }
    const inserted = await tx
      .insert(smsInbound)
      .values({
        messageSid: msg.messageSid,
        idempotencyToken: msg.idempotencyToken ?? null,
        fromEnc: encryptPhone(deps.env, msg.from),
        fromHash: hash,
        toNumber: msg.to ?? null,
        body: msg.body,
        receivedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: smsInbound.id });
    if (!inserted.length) return { duplicate: true };
    const inboundId = inserted[0]!.id;
    if (!phone) return { duplicate: false, handledAs: "invalid-sender", replyOutboxId: null };

    const [open] = await tx
      .select()
      .from(smsConversations)
      .where(
        and(
          eq(smsConversations.phoneHash, hash),
          eq(smsConversations.status, "open"),
          gt(smsConversations.expiresAt, now),
        ),
      )
      .orderBy(desc(smsConversations.createdAt))
      .limit(1);
    const lang = localeOf(open?.lang);
    const t = tFor(lang);
    const keyword = parseReply(msg.body, lang, { kind: "free" });

    let handledAs: Exclude<InboundOutcome, { duplicate: true }>["handledAs"];
    let reply: string | undefined;
    let conversationId: string | null = open?.id ?? null;
    let tenantId: string | null = open?.tenantId ?? null;
    if (keyword.kind === "stop") {
      handledAs = "stop";
      await tx
        .insert(smsOptOuts)
        .values({ phoneHash: hash, source: "keyword", keyword: msg.body.trim().slice(0, 32), optedOutAt: now })
        .onConflictDoNothing();
      await tx
        .update(smsConversations)
        .set({ status: "closed", closedAt: now })
        .where(and(eq(smsConversations.phoneHash, hash), eq(smsConversations.status, "open")));
      // No answer: Twilio confirms STOP on long codes itself, and a further send would fail (21610).
    } else if (keyword.kind === "start") {
      handledAs = "start";
      await tx.delete(smsOptOuts).where(eq(smsOptOuts.phoneHash, hash));
      reply = t("reply.start", { ns: "sms" });
    } else if (keyword.kind === "help") {
      handledAs = "help";
      reply = t("reply.help", { ns: "sms" });
    } else if (open && smsHandlerFor(open.kind)) {
      handledAs = "reply";
      const conversation: ConversationInfo = {
        id: open.id,
        tenantId: open.tenantId,
        kind: open.kind,
        ref: open.ref as Record<string, unknown>,
        lang,
        expecting: open.expecting as Expecting,
      };
      const parsed = parseReply(msg.body, lang, conversation.expecting);
      if (parsed.kind === "invalid") {
        reply = invalidText(lang, conversation.expecting);
      } else {
        const r = await smsHandlerFor(open.kind)!.onReply({
          deps,
          tx,
          conversation,
          parsed,
          text: msg.body,
          args: msg.body,
          phone,
          messageSid: msg.messageSid,
        });
        reply = r.reply;
        if (r.close ?? true)
          await tx
            .update(smsConversations)
            .set({ status: "closed", closedAt: now })
            .where(eq(smsConversations.id, open.id));
      }
    } else {
      const flow = keywordFlow(msg.body);
      const handler = flow && smsHandlerFor(flow.kind);
      if (flow && handler) {
        handledAs = "keyword";
        conversationId = null;
        const r = await handler.onReply({
          deps,
          tx,
          conversation: null,
          parsed: { kind: "text", text: flow.args },
          text: msg.body,
          args: flow.args,
          phone,
          messageSid: msg.messageSid,
        });
        reply = r.reply;
      } else {
        handledAs = "unknown";
        conversationId = null;
        tenantId = null;
        reply = t("reply.unknown", { ns: "sms" });
      }
    }

    let replyOutboxId: string | null = null;
    if (reply) {
      const q = await enqueueSms(tx, deps, {
        tenantId,
        key: `reply:${msg.messageSid}`,
        to: phone,
        body: reply,
        lang,
        purpose: `reply.${handledAs}`,
        urgent: true,
      });
      if (q.ok) replyOutboxId = q.value.id;
      else deps.log.warn({ code: q.error.code }, "sms reply could not be queued");
    }
    await tx
      .update(smsInbound)
      .set({ handledAs, conversationId, replyOutboxId, tenantId })
      .where(eq(smsInbound.id, inboundId));
    deps.log.info({ from: maskPhone(phone), handledAs }, "inbound sms");
    return { duplicate: false, handledAs, replyOutboxId };
  });
  if (!outcome.duplicate && outcome.replyOutboxId) wakeSmsWorkers();
  return outcome;
}

/**
 * Applies a status callback. The row's delivery status only moves forward
 * (queued → sending → sent → delivered/undelivered/failed → read): a late
 * "sent" never overwrites "delivered". Every callback is kept as an event.
 */
export async function recordDeliveryStatus(
  deps: Deps,
  input: { messageSid: string; status: string; errorCode?: number | null; outboxId?: string | null },
): Promise<{ applied: boolean; known: boolean }> {
  const now = deps.now();
  const rank = deliveryRank(input.status);
  const r = await deps.db.db.transaction(async (tx) => {
    // The SID is normally on the row; the outbox id in the callback URL covers a row whose send
    // result was lost (timeout) and that the worker has not yet looked up.
    let [row] = await tx
      .select({ id: smsOutbox.id, providerSid: smsOutbox.providerSid })
      .from(smsOutbox)
      .where(eq(smsOutbox.providerSid, input.messageSid));
    if (!row && input.outboxId && /^[0-9a-f-]{36}$/i.test(input.outboxId)) {
      [row] = await tx
        .select({ id: smsOutbox.id, providerSid: smsOutbox.providerSid })
        .from(smsOutbox)
        .where(eq(smsOutbox.id, input.outboxId));
      if (row && row.providerSid && row.providerSid !== input.messageSid) row = undefined;
    }
    let applied = false;
    if (row && rank > 0) {
      const updated = await tx
        .update(smsOutbox)
        .set({
          deliveryStatus: input.status,
          deliveryRank: rank,
          deliveryUpdatedAt: now,
          ...(input.errorCode ? { errorCode: input.errorCode } : {}),
          // A callback proves the message went: record the SID if the send result was lost.
          providerSid: input.messageSid,
          status: sql`case when ${smsOutbox.status} in ('queued', 'sending') then 'sent' else ${smsOutbox.status} end`,
          inflightSince: null,
        })
        .where(and(eq(smsOutbox.id, row.id), sql`${smsOutbox.deliveryRank} < ${rank}`))
        .returning({ id: smsOutbox.id });
      applied = updated.length > 0;
      if (input.errorCode === 21610)
        await tx
          .insert(smsOptOuts)
          .values({
            phoneHash: sql`(select to_hash from sms_outbox where id = ${row.id})`,
            source: "twilio-21610",
            optedOutAt: now,
          })
          .onConflictDoNothing();
    }
    await tx.insert(smsDeliveryEvents).values({
      outboxId: row?.id ?? null,
      providerSid: input.messageSid,
      status: input.status,
      errorCode: input.errorCode ?? null,
      applied,
      receivedAt: now,
    });
    const [c] =
      applied && row
        ? await tx
            .select({ campaignId: smsOutbox.campaignId, tenantId: smsOutbox.tenantId })
            .from(smsOutbox)
            .where(eq(smsOutbox.id, row.id))
        : [];
    return {
      applied,
      known: !!row,
      campaign: c?.campaignId && c.tenantId ? { campaignId: c.campaignId, tenantId: c.tenantId } : null,
    };
  });
  if (r.campaign) deps.bus?.publish({ type: "sms.campaign.progressed", ...r.campaign });
  return { applied: r.applied, known: r.known };
}

export type { E164 };
