import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { persons } from "./identity.ts";
import { municipalities } from "./tenants.ts";

// Residents follow a case or a body (an area council is a body: following it
// covers its meetings and the cases tagged in its area), and are told by
// e-mail when a case is scheduled (the notice of a meeting with it on the
// agenda is published), when input opens (a participation process on the
// case), and when it is decided. docs/decisions/018-following-cases-bodies-areas.md.
//
// Columns that point at a person are named person_id, so the privacy export
// and deletion (identity) cover these tables by their naming rule.

export const FOLLOW_TARGETS = ["case", "body"] as const;
export type FollowTarget = (typeof FOLLOW_TARGETS)[number];
export const FOLLOW_CHANNELS = ["email", "sms"] as const;

export const follows = pgTable(
  "follows",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id, { onDelete: "cascade" }),
    targetType: text("target_type", { enum: FOLLOW_TARGETS }).notNull(),
    targetId: uuid("target_id").notNull(), // cases.id or bodies.id (checked by the command; rows go when the person goes)
    channel: text("channel", { enum: FOLLOW_CHANNELS }).notNull().default("email"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("follows_person_target_uq").on(t.personId, t.targetType, t.targetId),
    index("follows_target_idx").on(t.tenantId, t.targetType, t.targetId),
  ],
);

/**
 * One row per person and event told: a person who follows a case, its body
 * and its area is told once. Also the record of what was sent (or failed).
 */
export const followNotices = pgTable(
  "follow_notices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id, { onDelete: "cascade" }),
    eventKey: text("event_key").notNull(), // e.g. "notice:<meetingId>", "decided:<caseId>", "input:<consultationId>"
    sentAt: timestamp("sent_at", { withTimezone: true }),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("follow_notices_person_event_uq").on(t.personId, t.eventKey),
    index("follow_notices_tenant_idx").on(t.tenantId),
  ],
);
