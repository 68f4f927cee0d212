import { and, desc, eq, gt, isNotNull, isNull, sql } from "drizzle-orm";
import { persons, smsConversations, smsDeliveryEvents, smsInbound, smsOptOuts, smsOutbox } from "#db/schema/index.ts";
import type { Deps } from "#app/lib/deps.ts";
import { isLocale } from "#app/lib/i18n.ts";
import { tFor } from "#app/lib/i18next.server.ts";
import { decryptPhone, encryptPhone, phoneHash } from "./crypto.server.ts";
import {
  keywordFlow,
  smsFallbacks,
  smsHandlerFor,
  type ConversationInfo,
  type SmsReplyResult,
} from "./conversations.server.ts";
import { isUnsupportedLanguage, languageSwitch, replyLanguage, scriptLanguage } from "./languages.ts";
import { enqueueSms, wakeSmsWorkers } from "./outbox.server.ts";
import { personByPhone, writePersonLocale } from "./person-locale.server.ts";
import { maskPhone, parseE164, type E164 } from "./phone.ts";
import { parseReply, REPLY_LOCALES, type Expecting, type ParsedReply, type ReplyLocale } from "./replies.ts";
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

export type InboundHandledAs =
  | "stop"
  | "start"
  | "help"
  | "reply"
  | "invalid"
  | "keyword"
  | "fallback"
  | "closed"
  | "unsupported-language"
  | "unknown"
  | "invalid-sender";

/** What counts as understood on the campaign page: everything we could act on. */
export const UNDERSTOOD: readonly InboundHandledAs[] = ["stop", "start", "help", "reply", "keyword", "fallback"];

export type InboundOutcome =
  | { duplicate: true }
  | {
      duplicate: false;
      handledAs: InboundHandledAs;
      replyOutboxId: string | null;
      /** The language we answered in (null: Bokmål and English, the sender's language being unknown). */
      lang: ReplyLocale | null;
    };

/** How long a closed conversation still explains a late reply ("this is closed") instead of "not understood". */
const CLOSED_MEMORY_MS = 30 * 24 * 3600_000;
/** How far back our last message to a phone still tells us its language. */
const LAST_MESSAGE_MEMORY_MS = 180 * 24 * 3600_000;

/**
 * A text in the sender's language, or in Bokmål and English when we do not know it
 * (an unknown number writing something that is no word of ours).
 */
function say(lang: ReplyLocale | null, key: string, params: Record<string, unknown> = {}): string {
  if (lang) return tFor(lang)(key, { ns: "sms", ...params });
  return `${tFor("nb")(key, { ns: "sms", ...params })} / ${tFor("en")(key, { ns: "sms", ...params })}`;
}

/** What a conversation expects, said as an instruction ("Reply YES or NO."). */
function expectText(lang: ReplyLocale | null, expecting: Expecting): string {
  if (expecting.kind === "yesno") return say(lang, "reply.expectYesNo");
  if (expecting.kind === "choices")
    return say(lang, "reply.expectChoices", { options: expecting.options.join(", "), max: expecting.max ?? 1 });
  return "";
}

/** What to answer when a reply did not fit what we asked. */
function invalidText(lang: ReplyLocale, expecting: Expecting): string {
  const t = tFor(lang);
  if (expecting.kind === "yesno") return t("reply.invalidYesNo", { ns: "sms" });
  if (expecting.kind === "choices")
    return t("reply.invalidChoices", { ns: "sms", options: expecting.options.join(", "), max: expecting.max ?? 1 });
  return t("reply.unknown", { ns: "sms" });
}

const isValid = (p: ParsedReply) => p.kind !== "invalid";

/**
 * Processes one incoming SMS exactly once (deduplicated by MessageSid and the
 * idempotency token, inside the same transaction as its effects, so a crash
 * mid-way lets Twilio's retry process it again).
 *
 * Every message gets an answer in the sender's language: the open
 * conversation's, else the person's, else that of our last message to the
 * phone, else the language of the reply itself; when none of these is known,
 * in Bokmål and English. A reply written in another of our languages switches
 * the conversation and the person to it and says so.
 *
 * Order: opt-out words (any language; confirmed once) → START → HELP → a reply
 * to the open conversation, parsed against what it expects and handed to the
 * handler of its kind → a registered keyword flow → a registered fallback (an
 * invitation code) → a conversation closed lately ("this is closed") → a
 * language we do not read → "not understood". Answers go out through the outbox.
 */
export async function handleInboundSms(deps: Deps, msg: InboundSms): Promise<InboundOutcome> {
  const now = deps.now();
  const parsedFrom = parseE164(msg.from);
  const result = await deps.db.db.transaction(
    async (tx): Promise<{ outcome: InboundOutcome; campaigns: { campaignId: string; tenantId: string }[] }> => {
      const none = { campaigns: [] };
      const phone = parsedFrom.ok ? parsedFrom.value : null;
      const hash = phone ? phoneHash(deps.env, phone) : `invalid:${msg.from.slice(0, 32)}`;
      if (msg.idempotencyToken) {
        const seen = await tx
          .select({ id: smsInbound.id })
          .from(smsInbound)
          .where(eq(smsInbound.idempotencyToken, msg.idempotencyToken));
        if (seen.length) return { outcome: { duplicate: true }, ...none };
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
      if (!inserted.length) return { outcome: { duplicate: true }, ...none };
      const inboundId = inserted[0]!.id;
      if (!phone) {
        // Kept with its outcome, so the record says what became of it (issue 21, defect 9).
        await tx.update(smsInbound).set({ handledAs: "invalid-sender" }).where(eq(smsInbound.id, inboundId));
        return {
          outcome: { duplicate: false, handledAs: "invalid-sender", replyOutboxId: null, lang: null },
          ...none,
        };
      }

      // What we know about this phone: its open conversation, the last closed one, its person, our last message.
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
      const [recent] = open
        ? []
        : await tx
            .select()
            .from(smsConversations)
            .where(
              and(
                eq(smsConversations.phoneHash, hash),
                gt(smsConversations.createdAt, new Date(now.getTime() - CLOSED_MEMORY_MS)),
              ),
            )
            .orderBy(desc(smsConversations.createdAt))
            .limit(1);
      const person = await personByPhone(tx, phone);
      const [last] = await tx
        .select({ lang: smsOutbox.lang, tenantId: smsOutbox.tenantId })
        .from(smsOutbox)
        .where(
          and(
            eq(smsOutbox.toHash, hash),
            gt(smsOutbox.createdAt, new Date(now.getTime() - LAST_MESSAGE_MEMORY_MS)),
            // Our answers follow the sender; identity's sendMessage rows (codes, notices) carry no language.
            sql`${smsOutbox.purpose} not like 'reply.%' and ${smsOutbox.purpose} <> 'identity.code'`,
          ),
        )
        .orderBy(desc(smsOutbox.createdAt))
        .limit(1);
      const known: ReplyLocale | null = isLocale(open?.lang)
        ? open.lang
        : (person?.locale ?? (isLocale(recent?.lang) ? recent.lang : isLocale(last?.lang) ? last.lang : null));
      /** The language the reply itself is written in, when its words tell. */
      const written = replyLanguage(msg.body, known);

      let lang: ReplyLocale | null = known;
      /** The answer says that we write in another language from now on. */
      let switched = false;
      /** The reply was written in another language than the one we knew: the person moves to it. */
      let learned = false;
      let prefaceTaken = false;
      /** The language-switch notice, once: for a handler's own next message, else for our answer. */
      const takePreface = () => {
        if (!switched || prefaceTaken || !lang) return "";
        prefaceTaken = true;
        return say(lang, "reply.switched");
      };
      /** Moves the conversation (if any) and the person to `to`. */
      const switchTo = async (to: ReplyLocale) => {
        if (to === lang) return;
        switched = lang !== null; // a language we learn for the first time needs no notice
        lang = to;
        learned = true;
        if (open) await tx.update(smsConversations).set({ lang: to }).where(eq(smsConversations.id, open.id));
      };

      const keyword = parseReply(msg.body, known ?? "nb", open ? (open.expecting as Expecting) : { kind: "free" });
      let handledAs: InboundHandledAs;
      let reply: string | undefined;
      let conversationId: string | null = open?.id ?? null;
      let tenantId: string | null = open?.tenantId ?? recent?.tenantId ?? last?.tenantId ?? null;

      const moveTo = languageSwitch(known, written);
      if (keyword.kind === "stop" || keyword.kind === "start" || keyword.kind === "help") {
        if (moveTo) await switchTo(moveTo);
        if (keyword.kind === "stop") {
          handledAs = "stop";
          const added = await tx
            .insert(smsOptOuts)
            .values({ phoneHash: hash, source: "keyword", keyword: msg.body.trim().slice(0, 32), optedOutAt: now })
            .onConflictDoNothing()
            .returning({ h: smsOptOuts.phoneHash });
          await tx
            .update(smsConversations)
            .set({ status: "closed", closedAt: now })
            .where(and(eq(smsConversations.phoneHash, hash), eq(smsConversations.status, "open")));
          // Confirmed once, in the sender's language; a second STOP is not answered. The worker lets
          // this one message through the opt-out it confirms (purpose "reply.stop").
          if (added.length) reply = say(lang, "reply.stop");
          switched = false;
        } else if (keyword.kind === "start") {
          handledAs = "start";
          await tx.delete(smsOptOuts).where(eq(smsOptOuts.phoneHash, hash));
          reply = say(lang, "reply.start");
        } else {
          handledAs = "help";
          const hint = open ? expectText(lang, open.expecting as Expecting) : "";
          reply = [say(lang, "reply.help"), hint].filter(Boolean).join(" ");
        }
      } else if (open && smsHandlerFor(open.kind)) {
        const expecting = open.expecting as Expecting;
        let replyLang: ReplyLocale = moveTo ?? (isLocale(open.lang) ? open.lang : "nb");
        let parsed = parseReply(msg.body, replyLang, expecting);
        // A yes or no that this language does not read but another of ours does: read it there,
        // and write in it from now on.
        if (!isValid(parsed) && expecting.kind === "yesno")
          for (const l of REPLY_LOCALES) {
            const p = parseReply(msg.body, l, expecting);
            if (l !== replyLang && isValid(p)) {
              parsed = p;
              replyLang = l;
              break;
            }
          }
        await switchTo(replyLang);
        const conversation: ConversationInfo = {
          id: open.id,
          tenantId: open.tenantId,
          kind: open.kind,
          ref: open.ref as Record<string, unknown>,
          lang: replyLang,
          expecting,
        };
        // Not an answer to this conversation, but perhaps something a fallback takes (a letter's code).
        let taken: SmsReplyResult | null = null;
        if (!isValid(parsed))
          for (const [, fallback] of smsFallbacks()) {
            taken = await fallback.onMessage({
              deps,
              tx,
              text: msg.body,
              phone,
              messageSid: msg.messageSid,
              lang: replyLang,
              langKnown: true,
              takePreface,
            });
            if (taken) break;
          }
        if (taken) {
          handledAs = "fallback";
          reply = taken.reply;
        } else if (!isValid(parsed)) {
          handledAs = "invalid";
          reply = isUnsupportedLanguage(msg.body)
            ? [say(replyLang, "reply.unsupported"), expectText(replyLang, expecting)].filter(Boolean).join(" ")
            : invalidText(replyLang, expecting);
        } else {
          handledAs = "reply";
          const r = await smsHandlerFor(open.kind)!.onReply({
            deps,
            tx,
            conversation,
            parsed,
            text: msg.body,
            args: msg.body,
            phone,
            messageSid: msg.messageSid,
            lang: replyLang,
            langKnown: true,
            takePreface,
          });
          reply = r.reply;
          if (r.close ?? true)
            await tx
              .update(smsConversations)
              .set({ status: "closed", closedAt: now })
              .where(eq(smsConversations.id, open.id));
        }
      } else {
        conversationId = null;
        if (moveTo) await switchTo(moveTo);
        const base = {
          deps,
          tx,
          text: msg.body,
          phone,
          messageSid: msg.messageSid,
          lang: lang ?? scriptLanguage(msg.body) ?? "nb",
          langKnown: !!(lang ?? scriptLanguage(msg.body)),
          takePreface,
        };
        const flow = keywordFlow(msg.body);
        const handler = flow && smsHandlerFor(flow.kind);
        let taken: SmsReplyResult | null = null;
        if (flow && handler) {
          handledAs = "keyword";
          taken = await handler.onReply({
            ...base,
            conversation: null,
            parsed: { kind: "text", text: flow.args },
            args: flow.args,
          });
        } else {
          handledAs = "unknown";
          for (const [, fallback] of smsFallbacks()) {
            taken = await fallback.onMessage(base);
            if (taken) {
              handledAs = "fallback";
              break;
            }
          }
        }
        if (taken) {
          reply = taken.reply;
        } else if (recent) {
          // A late reply to a conversation that has ended (closed, answered or expired).
          handledAs = "closed";
          reply = say(lang, "reply.closed");
        } else if (isUnsupportedLanguage(msg.body)) {
          handledAs = "unsupported-language";
          reply = say(lang, "reply.unsupported");
        } else {
          handledAs = "unknown";
          if (!lang && !person && !last && !recent) tenantId = null;
          reply = say(lang ?? scriptLanguage(msg.body), "reply.unknown");
        }
      }

      // The person's language: what they wrote in, else the language of the message that reached them.
      if (person && lang && (learned || !person.locale) && person.locale !== lang)
        await writePersonLocale(tx, deps, person.id, lang);
      const preface = takePreface();
      if (preface) reply = reply ? `${preface} ${reply}` : preface;

      let replyOutboxId: string | null = null;
      if (reply) {
        const q = await enqueueSms(tx, deps, {
          tenantId,
          key: `reply:${msg.messageSid}`,
          to: phone,
          body: reply,
          lang: lang ?? "nb",
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
      deps.log.info({ from: maskPhone(phone), handledAs, lang }, "inbound sms");
      // Campaigns this phone got lately: their reply and opt-out counts changed.
      const campaigns = await tx
        .selectDistinct({ campaignId: smsOutbox.campaignId, tenantId: smsOutbox.tenantId })
        .from(smsOutbox)
        .where(
          and(
            eq(smsOutbox.toHash, hash),
            isNotNull(smsOutbox.campaignId),
            gt(smsOutbox.createdAt, new Date(now.getTime() - LAST_MESSAGE_MEMORY_MS)),
          ),
        );
      return {
        outcome: { duplicate: false, handledAs, replyOutboxId, lang },
        campaigns: campaigns.filter(
          (c): c is { campaignId: string; tenantId: string } => !!c.campaignId && !!c.tenantId,
        ),
      };
    },
  );
  const { outcome } = result;
  if (!outcome.duplicate && outcome.replyOutboxId) wakeSmsWorkers();
  for (const c of result.campaigns) deps.bus?.publish({ type: "sms.campaign.progressed", ...c });
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
      // An invitation that reached the person tells us their language, until they tell us otherwise.
      if (applied && (input.status === "delivered" || input.status === "read")) {
        const [conv] = await tx
          .select({ lang: smsConversations.lang, toEnc: smsOutbox.toEnc })
          .from(smsConversations)
          .innerJoin(smsOutbox, eq(smsOutbox.id, smsConversations.outboxId))
          .where(eq(smsConversations.outboxId, row.id))
          .limit(1);
        if (conv && isLocale(conv.lang))
          await tx
            .update(persons)
            .set({ locale: conv.lang })
            .where(
              and(
                eq(persons.phone, decryptPhone(deps.env, conv.toEnc)),
                isNull(persons.locale),
                isNull(persons.deletedAt),
              ),
            );
      }
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
