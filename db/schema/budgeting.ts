import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { persons } from "./identity.ts";
import { bodies, cases, processes } from "./political.ts";
import { municipalities } from "./tenants.ts";
import type { LocalizedText } from "./types.ts";

// Participatory budgeting (issue 8; docs/decisions/036-pb-voter-roll-and-anonymous-ballots.md).
// Money is stored as bigint counts of 10^-scale currency units (scale 0 = whole kroner),
// the same representation the pure tally uses (app/modules/budgeting/exact.ts).
//
// Who voted (pb_voter_roll, with person_id) is kept apart from what was voted
// (pb_ballots: no person id, no time; linked to the voter only through a keyed
// hash, `slot`, that lets the server replace a voter's earlier ballot).

export const PB_PHASES = ["draft", "proposals", "review", "voting", "result", "implementation", "closed"] as const;
export type PbPhase = (typeof PB_PHASES)[number];

/** The stored ballot rules and tally settings of a round (bigints as decimal strings). */
export type PbStoredRules = {
  ballot:
    | { kind: "approval"; minProjects?: number; maxProjects?: number }
    | { kind: "knapsack"; minProjects?: number }
    | { kind: "cumulative"; points: number; maxPerProject?: number; useAll?: boolean }
    | { kind: "ranking"; maxRanked: number; minRanked?: number };
  tally: {
    rule: "greedy" | "mes";
    completion?: "none" | "add1" | "add1-exhaustive";
    comparison?: "none" | "satisfaction" | "exclusion";
    threshold?: number;
    tieBreak?: string[];
  };
};

export type PbEligibility = {
  minAge?: number;
  level?: "none" | "email" | "phone" | "eid" | "resident";
  areaRequired?: boolean;
};
export type PbPhaseDates = Partial<Record<PbPhase, { startsAt?: string; endsAt?: string }>>;

export const pbRounds = pgTable(
  "pb_rounds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    processId: uuid("process_id").references(() => processes.id, { onDelete: "set null" }),
    key: text("key").notNull(),
    title: jsonb("title").$type<LocalizedText>().notNull(),
    description: jsonb("description").$type<LocalizedText>().notNull().default({}),
    /** Total budget when the round has no areas (else the sum of the areas' budgets). */
    budget: bigint("budget", { mode: "bigint" }).notNull(),
    scale: integer("scale").notNull().default(0),
    currency: text("currency").notNull().default("NOK"),
    eligibility: jsonb("eligibility").$type<PbEligibility>().notNull().default({}),
    rules: jsonb("rules").$type<PbStoredRules>().notNull(),
    phase: text("phase", { enum: PB_PHASES }).notNull().default("draft"),
    phaseDates: jsonb("phase_dates").$type<PbPhaseDates>().notNull().default({}),
    /** Set when voting opens; from then on the ballot and tally rules cannot change. */
    rulesFrozenAt: timestamp("rules_frozen_at", { withTimezone: true }),
    /** Categories offered in the proposal form. */
    categories: text("categories").array().notNull().default([]),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("pb_rounds_tenant_key_uq").on(t.tenantId, t.key),
    index("pb_rounds_tenant_phase_idx").on(t.tenantId, t.phase),
  ],
);

/** An area of a round with its own budget (optionally tied to an area council). */
export const pbAreas = pgTable(
  "pb_areas",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    roundId: uuid("round_id")
      .notNull()
      .references(() => pbRounds.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    name: jsonb("name").$type<LocalizedText>().notNull(),
    budget: bigint("budget", { mode: "bigint" }).notNull(),
    bodyId: uuid("body_id").references(() => bodies.id, { onDelete: "set null" }),
  },
  (t) => [uniqueIndex("pb_areas_round_key_uq").on(t.roundId, t.key), index("pb_areas_tenant_idx").on(t.tenantId)],
);

export const PB_PROPOSAL_STATUSES = ["submitted", "feasible", "rejected", "merged", "withdrawn"] as const;
export type PbProposalStatus = (typeof PB_PROPOSAL_STATUSES)[number];

/** Where a funded project stands in the implementation phase. */
export const PB_IMPL_STATUSES = ["planned", "in-progress", "done", "cancelled"] as const;
export type PbImplStatus = (typeof PB_IMPL_STATUSES)[number];

export const pbProposals = pgTable(
  "pb_proposals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    roundId: uuid("round_id")
      .notNull()
      .references(() => pbRounds.id, { onDelete: "cascade" }),
    areaId: uuid("area_id").references(() => pbAreas.id, { onDelete: "set null" }),
    /** Short code for SMS ballots and paper forms ("P7"), unique in the round. */
    code: text("code").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    category: text("category"),
    sdgTags: integer("sdg_tags").array().notNull().default([]),
    placeName: text("place_name"),
    lat: numeric("lat"),
    lng: numeric("lng"),
    estimatedCost: bigint("estimated_cost", { mode: "bigint" }).notNull(),
    officialCost: bigint("official_cost", { mode: "bigint" }),
    costReason: text("cost_reason"),
    status: text("status", { enum: PB_PROPOSAL_STATUSES }).notNull().default("submitted"),
    statusReason: text("status_reason"),
    mergedIntoId: uuid("merged_into_id"),
    authorPersonId: uuid("author_person_id").references(() => persons.id, { onDelete: "set null" }),
    reviewedByPersonId: uuid("reviewed_by_person_id"),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    /** Implementation of a funded project: status, progress 0–100 and the final cost (set when done). */
    implStatus: text("impl_status", { enum: PB_IMPL_STATUSES }),
    implProgress: integer("impl_progress").notNull().default(0),
    finalCost: bigint("final_cost", { mode: "bigint" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("pb_proposals_round_code_uq").on(t.roundId, t.code),
    index("pb_proposals_round_idx").on(t.roundId, t.status),
    index("pb_proposals_tenant_idx").on(t.tenantId),
  ],
);

export const pbSupports = pgTable(
  "pb_supports",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    proposalId: uuid("proposal_id")
      .notNull()
      .references(() => pbProposals.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("pb_supports_proposal_person_uq").on(t.proposalId, t.personId),
    index("pb_supports_tenant_idx").on(t.tenantId),
  ],
);

export const pbComments = pgTable(
  "pb_comments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    proposalId: uuid("proposal_id")
      .notNull()
      .references(() => pbProposals.id, { onDelete: "cascade" }),
    personId: uuid("person_id").references(() => persons.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    hiddenAt: timestamp("hidden_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("pb_comments_proposal_idx").on(t.proposalId), index("pb_comments_tenant_idx").on(t.tenantId)],
);

export const PB_CHANNELS = ["web", "paper", "sms"] as const;
export type PbChannel = (typeof PB_CHANNELS)[number];

/**
 * Who has voted: one row per (round, area scope, person), enforced by a UNIQUE
 * constraint. `scope` is the area id, or '' for a round without areas (a
 * UNIQUE over a NULL would not stop duplicates).
 */
export const pbVoterRoll = pgTable(
  "pb_voter_roll",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    roundId: uuid("round_id")
      .notNull()
      .references(() => pbRounds.id, { onDelete: "cascade" }),
    scope: text("scope").notNull(),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id, { onDelete: "cascade" }),
    channel: text("channel", { enum: PB_CHANNELS }).notNull(),
    /** How many times this person submitted (the last ballot counts). */
    submissions: integer("submissions").notNull().default(1),
    firstVotedAt: timestamp("first_voted_at", { withTimezone: true }).notNull(),
    lastVotedAt: timestamp("last_voted_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("pb_voter_roll_round_scope_person_uq").on(t.roundId, t.scope, t.personId),
    index("pb_voter_roll_tenant_idx").on(t.tenantId),
  ],
);

/**
 * The anonymous ballots. No person id and no time. `slot` = keyed hash of
 * (round, scope, person): the server can replace a voter's earlier ballot,
 * but a reader of the database without the installation key cannot link a
 * ballot to a person. `receipt_hash` = SHA-256 of the receipt code shown once
 * to the voter; codes of replaced ballots are kept in `replaced_receipts`.
 */
export const pbBallots = pgTable(
  "pb_ballots",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    roundId: uuid("round_id")
      .notNull()
      .references(() => pbRounds.id, { onDelete: "cascade" }),
    scope: text("scope").notNull(),
    slot: text("slot").notNull(),
    projects: text("projects").array().notNull(),
    points: integer("points").array(),
    channel: text("channel", { enum: PB_CHANNELS }).notNull(),
    receiptHash: text("receipt_hash").notNull(),
    replacedReceipts: text("replaced_receipts").array().notNull().default([]),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    uniqueIndex("pb_ballots_round_slot_uq").on(t.roundId, t.slot),
    uniqueIndex("pb_ballots_receipt_uq").on(t.receiptHash),
    index("pb_ballots_round_scope_idx").on(t.roundId, t.scope),
  ],
);

export const PB_PAPER_STATUSES = ["pending", "confirmed", "rejected"] as const;

/**
 * A paper ballot typed in by staff on behalf of a resident. It counts only
 * after a second, different staff member confirms it; then its content moves
 * to pb_ballots and is erased here (the entry keeps who entered and confirmed).
 */
export const pbPaperBallots = pgTable(
  "pb_paper_ballots",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    roundId: uuid("round_id")
      .notNull()
      .references(() => pbRounds.id, { onDelete: "cascade" }),
    scope: text("scope").notNull(),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id, { onDelete: "cascade" }),
    projects: text("projects").array(),
    points: integer("points").array(),
    status: text("status", { enum: PB_PAPER_STATUSES }).notNull().default("pending"),
    enteredByPersonId: uuid("entered_by_person_id").notNull(),
    enteredAt: timestamp("entered_at", { withTimezone: true }).notNull(),
    confirmedByPersonId: uuid("confirmed_by_person_id"),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    rejectedReason: text("rejected_reason"),
  },
  (t) => [
    index("pb_paper_ballots_round_idx").on(t.roundId, t.status),
    index("pb_paper_ballots_tenant_idx").on(t.tenantId),
  ],
);

/** Published results (one row per computation; the newest counts). */
export const pbResults = pgTable(
  "pb_results",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    roundId: uuid("round_id")
      .notNull()
      .references(() => pbRounds.id, { onDelete: "cascade" }),
    scope: text("scope").notNull(),
    /** The tally result (JSON with bigints as strings; app/modules/budgeting/result-json.ts). */
    result: jsonb("result").$type<Record<string, unknown>>().notNull(),
    ballots: integer("ballots").notNull(),
    computedByPersonId: uuid("computed_by_person_id"),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull(),
    published: boolean("published").notNull().default(false),
  },
  (t) => [index("pb_results_round_idx").on(t.roundId, t.scope), index("pb_results_tenant_idx").on(t.tenantId)],
);

/**
 * Updates on a funded project during implementation (status, progress, text,
 * optionally a photo in file storage with its alt text). Public.
 */
export const pbUpdates = pgTable(
  "pb_updates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    proposalId: uuid("proposal_id")
      .notNull()
      .references(() => pbProposals.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    status: text("status", { enum: PB_IMPL_STATUSES }).notNull(),
    progress: integer("progress").notNull(),
    /** File storage key (generated, never from the upload's name), its sniffed type and the alt text. */
    photoKey: text("photo_key"),
    photoType: text("photo_type"),
    photoAlt: text("photo_alt"),
    authorPersonId: uuid("author_person_id").references(() => persons.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("pb_updates_proposal_idx").on(t.proposalId, t.createdAt),
    index("pb_updates_tenant_idx").on(t.tenantId),
  ],
);

/** Residents who follow a project get its implementation updates by e-mail. */
export const pbFollows = pgTable(
  "pb_follows",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    proposalId: uuid("proposal_id")
      .notNull()
      .references(() => pbProposals.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("pb_follows_proposal_person_uq").on(t.proposalId, t.personId),
    index("pb_follows_tenant_idx").on(t.tenantId),
  ],
);

/** A sector of the ordinary budget as stored (money as decimal strings of whole currency units). */
export type StoredSector = {
  key: string;
  name: LocalizedText;
  amount: string;
  min: string;
  max: string;
  less?: LocalizedText;
  more?: LocalizedText;
};
export type StoredRevenueOption = { key: string; name: LocalizedText; delta: string; consequence?: LocalizedText };
export const PRIORITIES_STATUSES = ["draft", "open", "closed"] as const;

/**
 * A budget-priorities consultation on the ordinary budget: residents move
 * money between sectors within limits and must end balanced (or choose
 * revenue changes). `margins` are population counts per area and age band
 * for weighting the results (app/modules/budgeting/priorities.ts).
 */
export const pbPriorities = pgTable(
  "pb_priorities",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    title: jsonb("title").$type<LocalizedText>().notNull(),
    description: jsonb("description").$type<LocalizedText>().notNull().default({}),
    year: integer("year").notNull(),
    sectors: jsonb("sectors").$type<StoredSector[]>().notNull(),
    revenue: jsonb("revenue").$type<StoredRevenueOption[]>().notNull().default([]),
    areas: text("areas").array().notNull().default([]),
    margins: jsonb("margins").$type<Record<string, Record<string, number>>>().notNull().default({}),
    status: text("status", { enum: PRIORITIES_STATUSES }).notNull().default("draft"),
    closesAt: timestamp("closes_at", { withTimezone: true }),
    /** The budget case (sak) the results inform: its consultations' input reports include them. */
    caseId: uuid("case_id").references(() => cases.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("pb_priorities_tenant_key_uq").on(t.tenantId, t.key)],
);

/** One response per person (UNIQUE); a new one replaces it while the consultation is open. */
export const pbPriorityResponses = pgTable(
  "pb_priority_responses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    prioritiesId: uuid("priorities_id")
      .notNull()
      .references(() => pbPriorities.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id, { onDelete: "cascade" }),
    amounts: jsonb("amounts").$type<Record<string, string>>().notNull(),
    revenue: text("revenue").array().notNull().default([]),
    area: text("area"),
    ageBand: text("age_band"),
    submissions: integer("submissions").notNull().default(1),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("pb_priority_responses_person_uq").on(t.prioritiesId, t.personId),
    index("pb_priority_responses_tenant_idx").on(t.tenantId),
  ],
);
