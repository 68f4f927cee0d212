import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { processes } from "./political.ts";
import { municipalities } from "./tenants.ts";

// Identity and access (issue 3): people, how they sign in, their sessions,
// their roles per municipality, and the hash-chained audit log.
//
// A person is platform-wide (one account may be a resident of one
// municipality and staff of another); everything a municipality owns
// (memberships, invitations, resident verification, requirements) carries a
// non-null tenant_id. Columns that point at a person are named `person_id` or
// `*_person_id`: the privacy export and deletion find a person's rows by that
// naming rule, so a new table is covered as soon as it follows it.

export const VERIFICATION_LEVELS = ["none", "email", "phone", "eid", "resident"] as const;
export type VerificationLevel = (typeof VERIFICATION_LEVELS)[number];
export const EID_LEVELS = ["substantial", "high"] as const;
export const STAFF_ROLES = ["admin", "secretary", "moderator"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const persons = pgTable(
  "persons",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    displayName: text("display_name"),
    email: text("email"), // lower-cased
    emailVerifiedAt: timestamp("email_verified_at", { withTimezone: true }),
    phone: text("phone"), // E.164
    phoneVerifiedAt: timestamp("phone_verified_at", { withTimezone: true }),
    eidLevel: text("eid_level", { enum: EID_LEVELS }),
    eidVerifiedAt: timestamp("eid_verified_at", { withTimezone: true }),
    locale: text("locale"),
    platformOperator: boolean("platform_operator").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("persons_email_uq").on(t.email), uniqueIndex("persons_phone_uq").on(t.phone)],
);

/** A link to an external identity (OpenID Connect, e.g. ID-porten). `pid` is kept only as a keyed hash. */
export const personIdentities = pgTable(
  "person_identities",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id, { onDelete: "cascade" }),
    provider: text("provider").notNull(),
    subject: text("subject").notNull(), // pairwise `sub`
    pidHash: text("pid_hash"),
    acr: text("acr"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("person_identities_provider_subject_uq").on(t.provider, t.subject),
    index("person_identities_pid_idx").on(t.provider, t.pidHash),
    index("person_identities_person_idx").on(t.personId),
  ],
);

/** Server-side sessions. `id` is the SHA-256 of the cookie's token; the token itself is never stored. */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id, { onDelete: "cascade" }),
    method: text("method", { enum: ["email", "phone", "oidc"] }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(), // absolute limit
  },
  (t) => [index("sessions_person_idx").on(t.personId)],
);

/** One-time sign-in codes. The code is stored as a keyed hash; rows die after use, expiry or 5 wrong tries. */
export const signInCodes = pgTable(
  "sign_in_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    channel: text("channel", { enum: ["email", "phone"] }).notNull(),
    identifier: text("identifier").notNull(), // lower-cased e-mail or E.164
    codeHash: text("code_hash").notNull(),
    attempts: integer("attempts").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (t) => [index("sign_in_codes_identifier_idx").on(t.identifier)],
);

/** State of an OpenID Connect sign-in between the redirect and the callback; single use. */
export const oidcTransactions = pgTable("oidc_transactions", {
  id: text("id").primaryKey(), // SHA-256 of `state`
  browserHash: text("browser_hash").notNull(), // SHA-256 of the binding cookie
  nonce: text("nonce").notNull(),
  codeVerifier: text("code_verifier").notNull(),
  returnTo: text("return_to").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
});

/** Staff roles per municipality. A secretary may be limited to named bodies (empty list: all bodies). */
export const memberships = pgTable(
  "memberships",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id, { onDelete: "cascade" }),
    role: text("role", { enum: STAFF_ROLES }).notNull(),
    bodyIds: uuid("body_ids").array().notNull().default([]),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    createdByPersonId: uuid("created_by_person_id"),
  },
  (t) => [
    index("memberships_tenant_idx").on(t.tenantId),
    index("memberships_person_idx").on(t.personId),
    uniqueIndex("memberships_tenant_person_role_uq").on(t.tenantId, t.personId, t.role),
  ],
);

/** An invitation to become staff; accepted when the invited address signs in. */
export const staffInvitations = pgTable(
  "staff_invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: text("role", { enum: STAFF_ROLES }).notNull(),
    bodyIds: uuid("body_ids").array().notNull().default([]),
    invitedByPersonId: uuid("invited_by_person_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    acceptedPersonId: uuid("accepted_person_id"),
  },
  (t) => [index("staff_invitations_tenant_idx").on(t.tenantId), index("staff_invitations_email_idx").on(t.email)],
);

/** "Resident-verified": staff or a register check confirmed that the person lives in the municipality. */
export const residentVerifications = pgTable(
  "resident_verifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id, { onDelete: "cascade" }),
    method: text("method", { enum: ["staff", "register"] }).notNull(),
    verifiedByPersonId: uuid("verified_by_person_id"),
    verifiedAt: timestamp("verified_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("resident_verifications_tenant_idx").on(t.tenantId),
    uniqueIndex("resident_verifications_tenant_person_uq").on(t.tenantId, t.personId),
  ],
);

/** The verification level an action of a process requires (e.g. PB voting: phone). */
export const processRequirements = pgTable(
  "process_requirements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    processId: uuid("process_id")
      .notNull()
      .references(() => processes.id, { onDelete: "cascade" }),
    action: text("action").notNull(), // e.g. "vote", "comment", "join"
    level: text("level", { enum: VERIFICATION_LEVELS }).notNull(),
  },
  (t) => [
    index("process_requirements_tenant_idx").on(t.tenantId),
    uniqueIndex("process_requirements_process_action_uq").on(t.processId, t.action),
  ],
);

/** Per-municipality sign-in settings (OpenID Connect is configured per installation, enabled per municipality). */
export const tenantAuthSettings = pgTable("tenant_auth_settings", {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => municipalities.id, { onDelete: "cascade" }),
  oidcEnabled: boolean("oidc_enabled").notNull().default(true),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * API tokens a municipality's staff give a case system (issue 17): the token is shown once and
 * stored only as a keyed hash; its scope says what it may read (today only input reports and
 * their arkivmelding). Revoked tokens stay for the audit trail.
 */
export const API_TOKEN_SCOPES = ["reports:read"] as const;
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    scope: text("scope", { enum: API_TOKEN_SCOPES }).notNull(),
    tokenHash: text("token_hash").notNull(),
    /** The first characters of the token, to recognise it in the list. */
    hint: text("hint").notNull(),
    createdByPersonId: uuid("created_by_person_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("api_tokens_hash_uq").on(t.tokenHash), index("api_tokens_tenant_idx").on(t.tenantId)],
);

/**
 * Audit log of staff and security events: append-only, hash-chained. Each
 * row stores the hash of the previous row and its own hash over a canonical
 * JSON of its content. It holds ids, never names or contact data, so a
 * deleted person's rows stay as pseudonymous history. No foreign keys: a
 * cascade would rewrite history and break the chain.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    tenantId: uuid("tenant_id"), // null for platform events (e.g. a resident signing in)
    actorPersonId: uuid("actor_person_id"),
    action: text("action").notNull(), // e.g. "identity.session.created"
    subjectType: text("subject_type"),
    subjectId: text("subject_id"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [index("audit_events_tenant_idx").on(t.tenantId, t.seq), uniqueIndex("audit_events_hash_uq").on(t.hash)],
);

/**
 * Rate-limit and lockout counters shared by every process (issue 21, defect 7;
 * app/modules/identity/rate-limit.server.ts): one row per limited key (a keyed
 * hash, never the address itself), counting points until `expires_at`.
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    points: integer("points").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("rate_limits_expires_idx").on(t.expiresAt)],
);

/**
 * Anchors of the audit chain's head (issue 21, defect 10): the chain's length
 * and last hash at a moment, signed with an HMAC under the server's key.
 * Append-only like the chain. Verification fails when the chain is shorter
 * than a checkpoint says (its tail was cut) or its row there has another hash.
 */
export const auditCheckpoints = pgTable("audit_checkpoints", {
  id: serial("id").primaryKey(),
  at: timestamp("at", { withTimezone: true }).notNull(),
  /** The chain's last sequence number (its length) when signed; 0 for an empty chain. */
  seq: bigint("seq", { mode: "number" }).notNull(),
  hash: text("hash").notNull(),
  /** HMAC-SHA256 over "seq\nhash\nat" with the audit-checkpoint key (hex). */
  mac: text("mac").notNull(),
});

/** Form fields posted after a session expired, kept until the person signs in again (single use, 30 min). */
export const formStashes = pgTable("form_stashes", {
  id: text("id").primaryKey(), // SHA-256 of the token
  browserHash: text("browser_hash").notNull(),
  path: text("path").notNull(),
  fields: jsonb("fields").$type<Record<string, string>>().notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
});
