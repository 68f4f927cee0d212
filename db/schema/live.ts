import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { agendaItems, cases, meetings } from "./political.ts";
import { municipalities } from "./tenants.ts";

// Live meetings (issue 9, app/modules/live). The state of a live meeting is
// one versioned jsonb document (the engine's LiveState); every change appends
// one row to live_events with the full event (for the console and the
// minutes) and its public projection (what viewers get on the wire and on
// catch-up; never anything about a closed agenda item).

export const liveMeetings = pgTable(
  "live_meetings",
  {
    meetingId: uuid("meeting_id")
      .primaryKey()
      .references(() => meetings.id, { onDelete: "cascade" }),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    status: text("status").notNull(), // the engine's LiveStatus, also in state (for "live now" queries)
    state: jsonb("state").$type<Record<string, unknown>>().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("live_meetings_tenant_status_idx").on(t.tenantId, t.status)],
);

export const liveEvents = pgTable(
  "live_events",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    type: text("type").notNull(),
    itemId: uuid("item_id"), // no foreign key: the log keeps history of removed items
    actorPersonId: uuid("actor_person_id"),
    at: timestamp("at", { withTimezone: true }).notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    /** The PublicEvent viewers receive for this version. */
    public: jsonb("public").$type<Record<string, unknown>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.version] }), index("live_events_tenant_idx").on(t.tenantId)],
);

/** Votes as recorded (the latest per item counts), queryable for the minutes and for statistics. */
export const liveVotes = pgTable(
  "live_votes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    itemId: uuid("item_id")
      .notNull()
      .references(() => agendaItems.id, { onDelete: "cascade" }),
    caseId: uuid("case_id").references(() => cases.id, { onDelete: "set null" }),
    version: integer("version").notNull(),
    mode: text("mode", { enum: ["count", "party", "rollcall"] }).notNull(),
    votesFor: integer("votes_for").notNull(),
    votesAgainst: integer("votes_against").notNull(),
    votesBlank: integer("votes_blank").notNull(),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull(),
    passed: boolean("passed").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("live_votes_tenant_idx").on(t.tenantId), index("live_votes_meeting_idx").on(t.meetingId, t.itemId)],
);

/** The draft minutes (møtebok) built from the timeline; edited and published by the secretary. */
export const meetingMinutes = pgTable(
  "meeting_minutes",
  {
    meetingId: uuid("meeting_id")
      .primaryKey()
      .references(() => meetings.id, { onDelete: "cascade" }),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("meeting_minutes_tenant_idx").on(t.tenantId)],
);
