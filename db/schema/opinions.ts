import { index, pgTable, smallint, text, timestamp, uniqueIndex, uuid, boolean } from "drizzle-orm/pg-core";
import { municipalities } from "./tenants.ts";
import { persons } from "./identity.ts";
import { ANSWER_CHANNELS, consultations, CONTENT_STATES } from "./consultations.ts";

// Opinion statements ("påstander", issue 23): short statements residents write
// inside a consultation and vote on (agree / disagree / pass), from which the
// opinion groups are computed (app/modules/consultations/opinion-groups/).
// Not to be confused with council statements ("uttalelser", councilStatements).
// docs/decisions/051-opinion-statements-in-consultations.md.

export const OPINION_STATEMENT_MAX = 140;

/** Whether a consultation has the statements section (a row with enabled = true). */
export const opinionSections = pgTable(
  "opinion_sections",
  {
    consultationId: uuid("consultation_id")
      .primaryKey()
      .references(() => consultations.id, { onDelete: "cascade" }),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    enabled: boolean("enabled").notNull().default(true),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("opinion_sections_tenant_idx").on(t.tenantId)],
);

export const opinionStatements = pgTable(
  "opinion_statements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    consultationId: uuid("consultation_id")
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id, { onDelete: "cascade" }),
    text: text("text").notNull(), // plain text, at most 140 characters, always rendered as text
    state: text("state", { enum: CONTENT_STATES }).notNull(),
    moderatedAt: timestamp("moderated_at", { withTimezone: true }),
    moderationReason: text("moderation_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("opinion_statements_tenant_idx").on(t.tenantId),
    index("opinion_statements_list_idx").on(t.consultationId, t.state, t.createdAt),
  ],
);

/** One row per participant and statement: agree = 1, disagree = -1, pass = 0; the latest vote wins (upsert). */
export const opinionVotes = pgTable(
  "opinion_votes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    consultationId: uuid("consultation_id")
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    statementId: uuid("statement_id")
      .notNull()
      .references(() => opinionStatements.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id, { onDelete: "cascade" }),
    value: smallint("value").notNull(),
    /** How the latest vote came: the web page or a reply to a statement sent by SMS (ADR 066). */
    channel: text("channel", { enum: ANSWER_CHANNELS }).notNull().default("web"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("opinion_votes_uq").on(t.statementId, t.personId),
    index("opinion_votes_tenant_idx").on(t.tenantId),
    index("opinion_votes_consultation_idx").on(t.consultationId, t.personId),
  ],
);
