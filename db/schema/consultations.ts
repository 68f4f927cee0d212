import { sql } from "drizzle-orm";
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { municipalities } from "./tenants.ts";
import { bodies, caseDocuments, cases, meetings, processes } from "./political.ts";
import { persons } from "./identity.ts";
import type { LocalizedText } from "./types.ts";

// Consultations (høring / innspill, issue 6): tied to a case and the body that
// decides, with questions, comments, supports, map pins, moderation, council
// statements and the input report. docs/decisions/040-consultations.md.
// Opinions are personal data of a special category (DOMAIN.md §4): reports
// and exports pseudonymise; the rows keep the person only to enforce "one per
// person", let people edit and delete, and tell them what became of their input.

export const MODERATION_MODES = ["pre", "post"] as const;
export const NAME_MODES = ["pseudonym", "public-names"] as const;
export const CONTENT_STATES = ["pending", "published", "hidden"] as const;
export const QUESTION_KINDS = ["single", "multi", "scale", "text"] as const;
export const NOTIFY_CHANNELS = ["email", "sms", "none"] as const;
export const FLAG_REASONS = ["personal", "offensive", "spam", "off-topic", "other"] as const;
export const REPORT_STATUSES = ["draft", "attached"] as const;
/** How an answer reached us: the web form, or an SMS reply (docs/decisions/065-consultation-questions-by-sms.md). */
export const ANSWER_CHANNELS = ["web", "sms"] as const;

export interface QuestionOption {
  id: string;
  label: LocalizedText;
}

export const consultations = pgTable(
  "consultations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    // The participation process row (verification requirements per action hang off it).
    processId: uuid("process_id")
      .notNull()
      .references(() => processes.id, { onDelete: "cascade" }),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    bodyId: uuid("body_id")
      .notNull()
      .references(() => bodies.id, { onDelete: "restrict" }), // the deciding body
    meetingId: uuid("meeting_id").references(() => meetings.id, { onDelete: "set null" }), // the deciding meeting
    title: jsonb("title").$type<LocalizedText>().notNull(),
    summary: jsonb("summary").$type<LocalizedText>().notNull().default({}), // plain language
    plan: boolean("plan").notNull().default(false), // pbl § 5-2: at least six weeks
    closeDaysBeforeNotice: integer("close_days_before_notice").notNull().default(2),
    opensAt: timestamp("opens_at", { withTimezone: true }).notNull(),
    closesAt: timestamp("closes_at", { withTimezone: true }).notNull(),
    closedAt: timestamp("closed_at", { withTimezone: true }), // closed by the secretary (or early by a move)
    moderation: text("moderation", { enum: MODERATION_MODES }).notNull().default("post"),
    nameMode: text("name_mode", { enum: NAME_MODES }).notNull().default("pseudonym"),
    mapArea: jsonb("map_area").$type<unknown>(), // GeoJSON Polygon/MultiPolygon; pins must fall inside
    pinCategories: text("pin_categories")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    population: jsonb("population").$type<unknown>(), // Population (app/modules/consultations/report.ts) for the report
    feedback: jsonb("feedback").$type<LocalizedText>(), // "what became of your input"
    feedbackAt: timestamp("feedback_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("consultations_tenant_idx").on(t.tenantId, t.closesAt),
    index("consultations_case_idx").on(t.caseId),
    index("consultations_meeting_idx").on(t.meetingId),
    uniqueIndex("consultations_process_uq").on(t.processId),
  ],
);

export const consultationQuestions = pgTable(
  "consultation_questions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    consultationId: uuid("consultation_id")
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    kind: text("kind", { enum: QUESTION_KINDS }).notNull(),
    prompt: jsonb("prompt").$type<LocalizedText>().notNull(),
    options: jsonb("options").$type<QuestionOption[]>().notNull().default([]),
    scaleMin: integer("scale_min"),
    scaleMax: integer("scale_max"),
  },
  (t) => [uniqueIndex("consultation_questions_pos_uq").on(t.consultationId, t.position)],
);

// One row per person who took part: what they told about themselves for the
// report's participation table (optional), and how they want to hear back.
export const consultationParticipants = pgTable(
  "consultation_participants",
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
    ageBand: text("age_band"),
    gender: text("gender"),
    area: text("area"),
    notify: text("notify", { enum: NOTIFY_CHANNELS }).notNull().default("email"),
    notifiedAt: timestamp("notified_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("consultation_participants_uq").on(t.consultationId, t.personId)],
);

export const consultationAnswers = pgTable(
  "consultation_answers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    consultationId: uuid("consultation_id")
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    questionId: uuid("question_id")
      .notNull()
      .references(() => consultationQuestions.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id, { onDelete: "cascade" }),
    options: text("options").array(),
    scale: integer("scale"),
    text: text("text"),
    channel: text("channel", { enum: ANSWER_CHANNELS }).notNull().default("web"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("consultation_answers_uq").on(t.questionId, t.personId),
    index("consultation_answers_consultation_idx").on(t.consultationId),
  ],
);

/**
 * One question of a consultation sent by SMS to an audience (issue 18), and the reminder staff
 * chose: `reminderHours` before the deadline, once, to the recipients who have not answered.
 */
export const consultationSmsSends = pgTable(
  "consultation_sms_sends",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    consultationId: uuid("consultation_id")
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    questionId: uuid("question_id")
      .notNull()
      .references(() => consultationQuestions.id, { onDelete: "cascade" }),
    recipients: integer("recipients").notNull().default(0),
    reminderHours: integer("reminder_hours"), // null: no reminder
    remindedAt: timestamp("reminded_at", { withTimezone: true }),
    createdByPersonId: uuid("created_by_person_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("consultation_sms_sends_consultation_idx").on(t.consultationId),
    index("consultation_sms_sends_due_idx").on(t.tenantId, t.remindedAt),
  ],
);

/**
 * Who was sent a question by SMS: the person who has the number (created, unverified, when nobody
 * had it), in the language the message went out in. One row per question and person, so a question
 * sent twice reaches nobody twice; the phone itself stays on the person (identity owns it).
 */
export const consultationSmsRecipients = pgTable(
  "consultation_sms_recipients",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    sendId: uuid("send_id")
      .notNull()
      .references(() => consultationSmsSends.id, { onDelete: "cascade" }),
    questionId: uuid("question_id")
      .notNull()
      .references(() => consultationQuestions.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id, { onDelete: "cascade" }),
    lang: text("lang").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("consultation_sms_recipients_uq").on(t.questionId, t.personId),
    index("consultation_sms_recipients_send_idx").on(t.sendId),
    index("consultation_sms_recipients_tenant_idx").on(t.tenantId),
  ],
);

export const consultationComments = pgTable(
  "consultation_comments",
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
    parentId: uuid("parent_id").references((): AnyPgColumn => consultationComments.id, { onDelete: "cascade" }),
    body: text("body").notNull(), // plain text, always rendered as text
    publicName: text("public_name"), // null: shown as anonymous
    organisation: text("organisation"), // an organisation's input (attachments are case documents)
    state: text("state", { enum: CONTENT_STATES }).notNull(),
    moderatedAt: timestamp("moderated_at", { withTimezone: true }),
    moderationReason: text("moderation_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("consultation_comments_list_idx").on(t.consultationId, t.state, t.createdAt),
    index("consultation_comments_parent_idx").on(t.parentId),
  ],
);

/** Support (one per person and comment: the unique index is the rule). */
export const consultationSupports = pgTable(
  "consultation_supports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    consultationId: uuid("consultation_id")
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    commentId: uuid("comment_id")
      .notNull()
      .references(() => consultationComments.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("consultation_supports_uq").on(t.commentId, t.personId),
    index("consultation_supports_consultation_idx").on(t.consultationId),
  ],
);

/** Map pins (barnetråkk-style): a point, a category and a comment. */
export const consultationPins = pgTable(
  "consultation_pins",
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
    lat: doublePrecision("lat").notNull(),
    lon: doublePrecision("lon").notNull(),
    category: text("category").notNull(),
    comment: text("comment").notNull().default(""),
    state: text("state", { enum: CONTENT_STATES }).notNull(),
    moderatedAt: timestamp("moderated_at", { withTimezone: true }),
    moderationReason: text("moderation_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("consultation_pins_consultation_idx").on(t.consultationId, t.state)],
);

/** "Report this" from residents: the moderation queue. One open flag per person and item. */
export const contentFlags = pgTable(
  "content_flags",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    consultationId: uuid("consultation_id")
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    commentId: uuid("comment_id").references(() => consultationComments.id, { onDelete: "cascade" }),
    pinId: uuid("pin_id").references(() => consultationPins.id, { onDelete: "cascade" }),
    personId: uuid("person_id").references(() => persons.id, { onDelete: "set null" }),
    reason: text("reason", { enum: FLAG_REASONS }).notNull(),
    note: text("note"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  (t) => [
    index("content_flags_queue_idx").on(t.tenantId, t.resolvedAt),
    uniqueIndex("content_flags_comment_person_uq").on(t.commentId, t.personId),
    uniqueIndex("content_flags_pin_person_uq").on(t.pinId, t.personId),
  ],
);

/** The municipality's moderation rules, shown on its rules page. */
export const moderationRules = pgTable("moderation_rules", {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => municipalities.id, { onDelete: "cascade" }),
  text: jsonb("text").$type<LocalizedText>().notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A statutory or area council asked for a statement on a case before the deciding meeting. */
export const councilStatements = pgTable(
  "council_statements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    councilBodyId: uuid("council_body_id")
      .notNull()
      .references(() => bodies.id, { onDelete: "cascade" }),
    decidingMeetingId: uuid("deciding_meeting_id").references(() => meetings.id, { onDelete: "set null" }),
    reason: text("reason", { enum: ["statutory", "area"] }).notNull(),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull(),
    deadline: timestamp("deadline", { withTimezone: true }).notNull(),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    text: text("text"),
    documentId: uuid("document_id").references(() => caseDocuments.id, { onDelete: "set null" }),
    answeredByPersonId: uuid("answered_by_person_id"),
  },
  (t) => [
    uniqueIndex("council_statements_case_council_uq").on(t.caseId, t.councilBodyId),
    index("council_statements_council_idx").on(t.tenantId, t.councilBodyId, t.requestedAt),
  ],
);

/**
 * A generated input report. Versions count up per consultation; the same
 * content (hash) is never stored twice, so two requests at once give one row.
 * Files live in file storage; the attached version points at its case document.
 */
export const consultationReports = pgTable(
  "consultation_reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    consultationId: uuid("consultation_id")
      .notNull()
      .references(() => consultations.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    contentHash: text("content_hash").notNull(),
    status: text("status", { enum: REPORT_STATUSES }).notNull().default("draft"),
    numbers: jsonb("numbers").$type<unknown>().notNull(),
    pdfKey: text("pdf_key").notNull(),
    pdfSha256: text("pdf_sha256").notNull(),
    pdfBytes: integer("pdf_bytes").notNull(),
    jsonKey: text("json_key").notNull(),
    csvKey: text("csv_key").notNull(),
    documentId: uuid("document_id").references(() => caseDocuments.id, { onDelete: "set null" }),
    generatedAt: timestamp("generated_at", { withTimezone: true }).notNull(),
    generatedByPersonId: uuid("generated_by_person_id"),
    attachedAt: timestamp("attached_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("consultation_reports_version_uq").on(t.consultationId, t.version),
    uniqueIndex("consultation_reports_hash_uq").on(t.consultationId, t.contentHash),
  ],
);
