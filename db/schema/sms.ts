import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { municipalities } from "./tenants.ts";

// SMS (issue 5): the durable outbox, inbound messages, opt-outs, delivery
// status events, conversations and the shared rate limiter.
// docs/decisions/020-sms-outbox-skip-locked.md.
//
// Phone numbers: where we must send, `to_enc` holds the E.164 number encrypted
// (AES-256-GCM, key derived from MEDVIRK_SECRET); every row with a phone has
// `*_hash`, the keyed HMAC of the E.164 string, for matching
// (docs/decisions/012-sms-encoding-and-phones.md). tenant_id is null for
// platform messages (sign-in codes), which belong to no municipality.

export const SMS_OUTBOX_STATUSES = ["queued", "sending", "sent", "dead", "suppressed", "cancelled"] as const;
export type SmsOutboxStatus = (typeof SMS_OUTBOX_STATUSES)[number];

export const smsOutbox = pgTable(
  "sms_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").references(() => municipalities.id, { onDelete: "cascade" }),
    idempotencyKey: text("idempotency_key").notNull(),
    toEnc: text("to_enc").notNull(),
    toHash: text("to_hash").notNull(),
    body: text("body").notNull(),
    lang: text("lang").notNull().default("nb"),
    purpose: text("purpose").notNull().default("message"),
    encoding: text("encoding").notNull(),
    segments: integer("segments").notNull(),
    urgent: boolean("urgent").notNull().default(false),
    campaignId: uuid("campaign_id"),
    status: text("status", { enum: SMS_OUTBOX_STATUSES }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lockedBy: text("locked_by"),
    /** Set when a send call starts; cleared on a definite answer. Still set on a later claim = the last result was ambiguous (look up before resending). */
    inflightSince: timestamp("inflight_since", { withTimezone: true }),
    transport: text("transport"),
    providerSid: text("provider_sid"),
    lastError: text("last_error"),
    errorCode: integer("error_code"),
    /** Twilio's delivery status (status callbacks) and its rank, so updates only move forward. */
    deliveryStatus: text("delivery_status"),
    deliveryRank: integer("delivery_rank").notNull().default(0),
    deliveryUpdatedAt: timestamp("delivery_updated_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("sms_outbox_idempotency_key_uq").on(t.idempotencyKey),
    uniqueIndex("sms_outbox_provider_sid_uq").on(t.providerSid),
    index("sms_outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("sms_outbox_tenant_idx").on(t.tenantId, t.createdAt),
    index("sms_outbox_campaign_idx").on(t.campaignId),
    index("sms_outbox_to_hash_idx").on(t.toHash),
  ],
);

/** Every status callback as it came (out of order, repeated); the row's delivery_status is the monotonic summary. */
export const smsDeliveryEvents = pgTable(
  "sms_delivery_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    outboxId: uuid("outbox_id").references(() => smsOutbox.id, { onDelete: "cascade" }),
    providerSid: text("provider_sid").notNull(),
    status: text("status").notNull(),
    errorCode: integer("error_code"),
    applied: boolean("applied").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sms_delivery_events_sid_idx").on(t.providerSid)],
);

/** Inbound messages, deduplicated by MessageSid (and Twilio's idempotency token on retries). */
export const smsInbound = pgTable(
  "sms_inbound",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").references(() => municipalities.id, { onDelete: "set null" }),
    messageSid: text("message_sid").notNull(),
    idempotencyToken: text("idempotency_token"),
    fromEnc: text("from_enc").notNull(),
    fromHash: text("from_hash").notNull(),
    toNumber: text("to_number"),
    body: text("body").notNull(),
    /** What we made of it: stop, start, help, reply, keyword, unknown. */
    handledAs: text("handled_as"),
    conversationId: uuid("conversation_id"),
    replyOutboxId: uuid("reply_outbox_id"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("sms_inbound_message_sid_uq").on(t.messageSid),
    uniqueIndex("sms_inbound_idempotency_token_uq").on(t.idempotencyToken),
    index("sms_inbound_from_idx").on(t.fromHash, t.receivedAt),
  ],
);

/** Opt-outs per phone (hash only: an opt-out outlives the person's other data). One sender per installation, so one scope. */
export const smsOptOuts = pgTable("sms_opt_outs", {
  phoneHash: text("phone_hash").primaryKey(),
  /** keyword | twilio-21610 | staff */
  source: text("source").notNull(),
  keyword: text("keyword"),
  optedOutAt: timestamp("opted_out_at", { withTimezone: true }).notNull(),
});

/** "Send question, await reply": the open conversation a reply from that phone answers. */
export const smsConversations = pgTable(
  "sms_conversations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").references(() => municipalities.id, { onDelete: "cascade" }),
    phoneHash: text("phone_hash").notNull(),
    kind: text("kind").notNull(),
    ref: jsonb("ref").notNull().default({}),
    expecting: jsonb("expecting").notNull(),
    lang: text("lang").notNull(),
    outboxId: uuid("outbox_id"),
    status: text("status", { enum: ["open", "closed", "expired"] })
      .notNull()
      .default("open"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [index("sms_conversations_open_idx").on(t.phoneHash, t.status, t.createdAt)],
);

/** Shared rate limiter: the next free send slot per sender (epoch ms), reserved atomically by every worker. */
export const smsRateSlots = pgTable("sms_rate_slots", {
  sender: text("sender").primaryKey(),
  nextAtMs: bigint("next_at_ms", { mode: "number" }).notNull(),
});

/** A campaign: one message per language with merge fields, sent to a list of recipients through the outbox. */
export const smsCampaigns = pgTable(
  "sms_campaigns",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** { nb: "Hei {{name}} …", se: "…" } */
    bodies: jsonb("bodies").notNull(),
    recipients: integer("recipients").notNull(),
    urgent: boolean("urgent").notNull().default(false),
    createdByPersonId: uuid("created_by_person_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sms_campaigns_tenant_idx").on(t.tenantId, t.createdAt)],
);
