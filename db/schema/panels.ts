import {
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { persons } from "./identity.ts";
import { cases, processes } from "./political.ts";
import { municipalities } from "./tenants.ts";
import type { LocalizedText } from "./types.ts";

// Citizen panels (issue 7; docs/decisions/025-panels-selection-jobs-and-audit.md).
//
// A panel belongs to a municipality (optionally to a case or process). Its
// quotas are rows (category, feature) with either min/max or a population
// share and a tolerance. Volunteers join the pool with a profile (category →
// feature) and consent. A selection is a job row: queued → running →
// done | infeasible | failed; a partial unique index keeps at most one
// queued-or-running selection per panel, so a draw requested twice is one job.
// Survey answers (panel_survey_responses) carry a profile snapshot but no
// person or member id; who answered is kept apart in panel_survey_invites.

export const PANEL_STATUSES = ["draft", "recruiting", "selected", "closed"] as const;
export type PanelStatus = (typeof PANEL_STATUSES)[number];
export const PANEL_METHODS = ["leximin", "legacy"] as const;

export const panels = pgTable(
  "panels",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    title: jsonb("title").$type<LocalizedText>().notNull(),
    purpose: jsonb("purpose").$type<LocalizedText>().notNull().default({}),
    caseId: uuid("case_id").references(() => cases.id, { onDelete: "set null" }),
    processId: uuid("process_id").references(() => processes.id, { onDelete: "set null" }),
    /** Panel size k. */
    size: integer("size").notNull(),
    method: text("method", { enum: PANEL_METHODS }).notNull().default("leximin"),
    status: text("status", { enum: PANEL_STATUSES }).notNull().default("draft"),
    /** Published pool counts below this are suppressed (k-anonymity). */
    anonymity: integer("anonymity").notNull().default(5),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("panels_tenant_key_uq").on(t.tenantId, t.key),
    index("panels_tenant_idx").on(t.tenantId, t.status),
  ],
);

/** One feature of one category, with its quota: min/max, or a population share ± tolerance (people). */
export const panelQuotas = pgTable(
  "panel_quotas",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    panelId: uuid("panel_id")
      .notNull()
      .references(() => panels.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    category: text("category").notNull(),
    feature: text("feature").notNull(),
    min: integer("min"),
    max: integer("max"),
    /** Share of the population with this feature (0..1); with `tolerance`, gives min/max around share × k. */
    populationShare: doublePrecision("population_share"),
    tolerance: integer("tolerance"),
  },
  (t) => [
    uniqueIndex("panel_quotas_feature_uq").on(t.panelId, t.category, t.feature),
    index("panel_quotas_tenant_idx").on(t.tenantId),
  ],
);

export const POOL_SOURCES = ["web", "sms", "invitation"] as const;

export const panelPoolMembers = pgTable(
  "panel_pool_members",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    panelId: uuid("panel_id")
      .notNull()
      .references(() => panels.id, { onDelete: "cascade" }),
    personId: uuid("person_id").references(() => persons.id, { onDelete: "cascade" }),
    source: text("source", { enum: POOL_SOURCES }).notNull(),
    name: text("name").notNull(),
    email: text("email"),
    phone: text("phone"),
    /** category → feature, as the person answered. */
    profile: jsonb("profile").$type<Record<string, string>>().notNull(),
    consentAt: timestamp("consent_at", { withTimezone: true }).notNull(),
    consentVersion: text("consent_version").notNull(),
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("panel_pool_person_uq").on(t.panelId, t.personId),
    index("panel_pool_panel_idx").on(t.panelId),
    index("panel_pool_tenant_idx").on(t.tenantId),
  ],
);

export const SELECTION_STATUSES = ["queued", "running", "done", "infeasible", "failed"] as const;
export type SelectionStatus = (typeof SELECTION_STATUSES)[number];

export type SelectionProgress = { phase: string; level?: number; fixed?: number; columns?: number; total?: number };

export const panelSelections = pgTable(
  "panel_selections",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    panelId: uuid("panel_id")
      .notNull()
      .references(() => panels.id, { onDelete: "cascade" }),
    method: text("method", { enum: PANEL_METHODS }).notNull(),
    seed: text("seed").notNull(),
    algorithmVersion: text("algorithm_version"),
    status: text("status", { enum: SELECTION_STATUSES }).notNull().default("queued"),
    progress: jsonb("progress").$type<SelectionProgress>(),
    requestedByPersonId: uuid("requested_by_person_id").references(() => persons.id, { onDelete: "set null" }),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    /** Pool size and panel size at the draw. */
    n: integer("n"),
    k: integer("k"),
    minProbability: doublePrecision("min_probability"),
    /** The public record (sortition auditOf), JSON. */
    audit: jsonb("audit").$type<Record<string, unknown>>(),
    /** Infeasible quotas: which conflict and the smallest relaxation. */
    report: text("report"),
    error: text("error"),
    seconds: doublePrecision("seconds"),
    publishedAt: timestamp("published_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("panel_selections_one_active_uq")
      .on(t.panelId)
      .where(sql`status in ('queued', 'running')`),
    index("panel_selections_panel_idx").on(t.panelId, t.requestedAt),
    index("panel_selections_status_idx").on(t.status),
    index("panel_selections_tenant_idx").on(t.tenantId),
  ],
);

/** Every pool member at a selection: row order of the draw, probability, whether drawn. */
export const panelSelectionEntries = pgTable(
  "panel_selection_entries",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    selectionId: uuid("selection_id")
      .notNull()
      .references(() => panelSelections.id, { onDelete: "cascade" }),
    poolMemberId: uuid("pool_member_id")
      .notNull()
      .references(() => panelPoolMembers.id, { onDelete: "cascade" }),
    row: integer("row").notNull(),
    probability: doublePrecision("probability").notNull(),
  },
  (t) => [
    uniqueIndex("panel_selection_entries_row_uq").on(t.selectionId, t.row),
    index("panel_selection_entries_tenant_idx").on(t.tenantId),
  ],
);

export const PANEL_MEMBER_STATUSES = ["active", "dropped"] as const;

/** The seated panel: drawn members and replacements. */
export const panelMembers = pgTable(
  "panel_members",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    panelId: uuid("panel_id")
      .notNull()
      .references(() => panels.id, { onDelete: "cascade" }),
    selectionId: uuid("selection_id")
      .notNull()
      .references(() => panelSelections.id, { onDelete: "cascade" }),
    poolMemberId: uuid("pool_member_id")
      .notNull()
      .references(() => panelPoolMembers.id, { onDelete: "cascade" }),
    status: text("status", { enum: PANEL_MEMBER_STATUSES }).notNull().default("active"),
    /** Set on a replacement: the member it replaces. */
    replacesId: uuid("replaces_id"),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull(),
    droppedAt: timestamp("dropped_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("panel_members_pool_uq").on(t.selectionId, t.poolMemberId),
    index("panel_members_panel_idx").on(t.panelId),
    index("panel_members_tenant_idx").on(t.tenantId),
  ],
);

/** Population counts per (category, feature), uploaded by the municipality: the margins for raking. */
export const panelPopulationMargins = pgTable(
  "panel_population_margins",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    category: text("category").notNull(),
    feature: text("feature").notNull(),
    population: integer("population").notNull(),
  },
  (t) => [uniqueIndex("panel_population_margins_uq").on(t.tenantId, t.category, t.feature)],
);

export const PANEL_QUESTION_KINDS = ["single", "multi", "scale", "ranking", "text", "matrix"] as const;
export type PanelQuestionKind = (typeof PANEL_QUESTION_KINDS)[number];
export type SurveyQuestion = {
  key: string;
  kind: PanelQuestionKind;
  text: string;
  options?: string[];
  /** matrix rows */
  rows?: string[];
  scale?: { min: number; max: number };
  /** Short enough to ask by SMS. */
  sms?: boolean;
};
export const SURVEY_STATUSES = ["draft", "open", "closed"] as const;

export const panelSurveys = pgTable(
  "panel_surveys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    panelId: uuid("panel_id")
      .notNull()
      .references(() => panels.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    title: text("title").notNull(),
    questions: jsonb("questions").$type<SurveyQuestion[]>().notNull(),
    status: text("status", { enum: SURVEY_STATUSES }).notNull().default("draft"),
    openedAt: timestamp("opened_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("panel_surveys_key_uq").on(t.panelId, t.key), index("panel_surveys_tenant_idx").on(t.tenantId)],
);

/** Who was asked and who answered (response rate, reminders); not what they answered. */
export const panelSurveyInvites = pgTable(
  "panel_survey_invites",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    surveyId: uuid("survey_id")
      .notNull()
      .references(() => panelSurveys.id, { onDelete: "cascade" }),
    panelMemberId: uuid("panel_member_id")
      .notNull()
      .references(() => panelMembers.id, { onDelete: "cascade" }),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull(),
    remindedAt: timestamp("reminded_at", { withTimezone: true }),
    respondedAt: timestamp("responded_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("panel_survey_invites_uq").on(t.surveyId, t.panelMemberId),
    index("panel_survey_invites_tenant_idx").on(t.tenantId),
  ],
);

/** What was answered, with the respondent's profile for weighting; no member or person id. */
export const panelSurveyResponses = pgTable(
  "panel_survey_responses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    surveyId: uuid("survey_id")
      .notNull()
      .references(() => panelSurveys.id, { onDelete: "cascade" }),
    profile: jsonb("profile").$type<Record<string, string>>().notNull(),
    answers: jsonb("answers").$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    index("panel_survey_responses_survey_idx").on(t.surveyId),
    index("panel_survey_responses_tenant_idx").on(t.tenantId),
  ],
);

/** An uploaded sampling frame: content kept only until processed, the row until `delete_after`. */
export const panelFrames = pgTable(
  "panel_frames",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    panelId: uuid("panel_id")
      .notNull()
      .references(() => panels.id, { onDelete: "cascade" }),
    fileName: text("file_name").notNull(),
    /** The CSV text; null once processed. */
    content: text("content"),
    rows: integer("rows").notNull(),
    sampleSize: integer("sample_size").notNull(),
    seed: text("seed").notNull(),
    uploadedByPersonId: uuid("uploaded_by_person_id").references(() => persons.id, { onDelete: "set null" }),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull(),
    processedAt: timestamp("processed_at", { withTimezone: true }),
    deleteAfter: timestamp("delete_after", { withTimezone: true }).notNull(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [index("panel_frames_tenant_idx").on(t.tenantId), index("panel_frames_delete_idx").on(t.deleteAfter)],
);

/** An invitation to a sampled person: contact and profile from the frame, erased with the frame. */
export const panelInvitations = pgTable(
  "panel_invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    panelId: uuid("panel_id")
      .notNull()
      .references(() => panels.id, { onDelete: "cascade" }),
    frameId: uuid("frame_id").references(() => panelFrames.id, { onDelete: "set null" }),
    /** Code printed in the letter / SMS; opens the sign-up with the profile filled in. */
    code: text("code").notNull(),
    channel: text("channel", { enum: ["sms", "letter", "email"] }).notNull(),
    name: text("name"),
    contact: text("contact"),
    profile: jsonb("profile").$type<Record<string, string>>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("panel_invitations_code_uq").on(t.tenantId, t.code),
    index("panel_invitations_panel_idx").on(t.panelId),
  ],
);
