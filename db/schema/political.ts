import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { municipalities } from "./tenants.ts";
import type { LocalizedText } from "./types.ts";

// The political structure: bodies, their meetings and the cases on the agenda.
// The foundation holds what the demo needs; the political-structure issue
// extends it (members, documents, case journeys).
export const BODY_KINDS = [
  "kommunestyre",
  "formannskap",
  "utvalg",
  "kontrollutvalg",
  "eldreraad",
  "ungdomsraad",
  "funksjonshemmederaad",
  "omraadeutvalg",
  "annet",
] as const;
export type BodyKind = (typeof BODY_KINDS)[number];

export const bodies = pgTable(
  "bodies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().references(() => municipalities.id, { onDelete: "cascade" }),
    key: text("key").notNull(), // stable per-tenant key, e.g. "kommunestyre" (used by idempotent seeds and imports)
    kind: text("kind", { enum: BODY_KINDS }).notNull(),
    name: jsonb("name").$type<LocalizedText>().notNull(),
    noticeLeadDays: integer("notice_lead_days").notNull().default(7),
    area: jsonb("area").$type<unknown>(), // GeoJSON polygon for area councils
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("bodies_tenant_idx").on(t.tenantId), uniqueIndex("bodies_tenant_key_uq").on(t.tenantId, t.key)],
);

export const MEETING_STATUSES = ["planned", "notice_published", "in_progress", "adjourned", "finished"] as const;

export const meetings = pgTable(
  "meetings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().references(() => municipalities.id, { onDelete: "cascade" }),
    bodyId: uuid("body_id").notNull().references(() => bodies.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    location: text("location"),
    remoteUrl: text("remote_url"),
    streamUrl: text("stream_url"),
    status: text("status", { enum: MEETING_STATUSES }).notNull().default("planned"),
    noticePublishedAt: timestamp("notice_published_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("meetings_tenant_starts_idx").on(t.tenantId, t.startsAt), uniqueIndex("meetings_tenant_key_uq").on(t.tenantId, t.key)],
);

export const cases = pgTable(
  "cases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().references(() => municipalities.id, { onDelete: "cascade" }),
    year: integer("year").notNull(),
    sequence: integer("sequence").notNull(),
    title: jsonb("title").$type<LocalizedText>().notNull(),
    summary: jsonb("summary").$type<LocalizedText>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("cases_tenant_number_uq").on(t.tenantId, t.year, t.sequence)],
);

export const agendaItems = pgTable(
  "agenda_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().references(() => municipalities.id, { onDelete: "cascade" }),
    meetingId: uuid("meeting_id").notNull().references(() => meetings.id, { onDelete: "cascade" }),
    caseId: uuid("case_id").references(() => cases.id, { onDelete: "set null" }),
    position: integer("position").notNull(),
    closed: boolean("closed").notNull().default(false),
    closedBasis: text("closed_basis"), // legal basis, e.g. "Kml. § 11-5 jf. Offl. § 13"
  },
  (t) => [index("agenda_items_tenant_idx").on(t.tenantId), uniqueIndex("agenda_items_meeting_pos_uq").on(t.meetingId, t.position)],
);

export const PROCESS_KINDS = ["consultation", "panel", "budgeting", "survey"] as const;
export const PROCESS_STATUSES = ["draft", "active", "closed"] as const;

// A participation process, tied to a case and the body that decides.
export const processes = pgTable(
  "processes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull().references(() => municipalities.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    kind: text("kind", { enum: PROCESS_KINDS }).notNull(),
    caseId: uuid("case_id").references(() => cases.id, { onDelete: "set null" }),
    bodyId: uuid("body_id").references(() => bodies.id, { onDelete: "set null" }),
    title: jsonb("title").$type<LocalizedText>().notNull(),
    status: text("status", { enum: PROCESS_STATUSES }).notNull().default("draft"),
    opensAt: timestamp("opens_at", { withTimezone: true }),
    closesAt: timestamp("closes_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("processes_tenant_status_idx").on(t.tenantId, t.status), uniqueIndex("processes_tenant_key_uq").on(t.tenantId, t.key)],
);
