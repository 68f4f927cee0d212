import { and, eq, sql } from "drizzle-orm";
import {
  cases,
  consultationParticipants,
  consultations,
  opinionSections,
  opinionStatements,
  opinionVotes,
  OPINION_STATEMENT_MAX,
  processRequirements,
} from "#db/schema/index.ts";
import { publish, type PoliticalDeps } from "#app/modules/meetings/deps.ts";
import { fail as domainError, ok, type Result } from "#app/lib/result.ts";
import { can, type Actor } from "#app/modules/identity/permissions.ts";
import { meetsLevel, type VerificationLevel } from "#app/modules/identity/levels.ts";
import { appendAudit } from "#app/modules/identity/audit.server.ts";
import { publicCase } from "#app/modules/cases/visibility.server.ts";
import { isOpen } from "#app/modules/consultations/deadline.ts";
import { checkComment, cleanText } from "#app/modules/consultations/pseudonym.ts";
import type { Resident } from "#app/modules/consultations/commands.server.ts";

// Opinion statements ("påstander", issue 23) inside a consultation: staff turn
// the section on, residents write short statements and vote agree / disagree /
// pass, moderators hide with a reason. (deps, actor, input) → Result; error
// codes are keys in the "opinions" namespace (errors.*). Every command takes
// the tenant and checks it; events are published after commit.
// docs/decisions/051-opinion-statements-in-consultations.md.
export type OpinionDeps = PoliticalDeps;
type Ctx = { tenantId: string };

export const VOTE_VALUES = { agree: 1, disagree: -1, pass: 0 } as const;
export type VoteName = keyof typeof VOTE_VALUES;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const forbidden = () => domainError("errors.forbidden", 403);
const notFound = () => domainError("errors.notFound", 404);

/** A vote value from a form or a caller: 1, 0, -1 (as numbers or strings) or agree / disagree / pass. */
export function parseVote(raw: unknown): -1 | 0 | 1 | null {
  if (typeof raw === "string" && raw in VOTE_VALUES) return VOTE_VALUES[raw as VoteName];
  const n = typeof raw === "number" ? raw : typeof raw === "string" && /^-?[01]$/.test(raw.trim()) ? Number(raw) : NaN;
  return n === 1 || n === 0 || n === -1 ? n : null;
}

/** Staff turn the statements section of a consultation on (or off). */
export async function setOpinionSection(
  deps: OpinionDeps,
  actor: Actor,
  input: Ctx & { consultationId: string; enabled: boolean },
): Promise<Result<{ enabled: boolean }>> {
  if (!can(actor, "manage:case:tenant", { tenantId: input.tenantId })) return forbidden();
  if (!UUID.test(input.consultationId)) return notFound();
  const db = deps.db.db;
  const now = deps.now();
  const found = await db.transaction(async (tx) => {
    const [c] = await tx
      .select({ id: consultations.id })
      .from(consultations)
      .where(and(eq(consultations.id, input.consultationId), eq(consultations.tenantId, input.tenantId)));
    if (!c) return false;
    await tx
      .insert(opinionSections)
      .values({ consultationId: c.id, tenantId: input.tenantId, enabled: input.enabled, updatedAt: now })
      .onConflictDoUpdate({ target: opinionSections.consultationId, set: { enabled: input.enabled, updatedAt: now } });
    await appendAudit(tx, now, {
      tenantId: input.tenantId,
      actorPersonId: actor.id,
      action: input.enabled ? "opinions.section.enabled" : "opinions.section.disabled",
      subjectType: "consultation",
      subjectId: c.id,
    });
    return true;
  });
  if (!found) return notFound();
  publish(deps, "opinions.section.changed", input.tenantId, {
    consultationId: input.consultationId,
    enabled: input.enabled,
  });
  return ok({ enabled: input.enabled });
}

type Loaded = typeof consultations.$inferSelect;

/**
 * A public consultation of this municipality with the section on, open now, and a resident
 * verified enough for the action (submitting needs the "comment" level, voting the "support" one).
 */
async function openSection(
  deps: OpinionDeps,
  resident: Resident | null,
  tenantId: string,
  consultationId: string,
  action: "comment" | "support",
): Promise<Result<Loaded>> {
  if (!resident) return domainError("errors.signInRequired", 401);
  if (!UUID.test(consultationId)) return notFound();
  const [row] = await deps.db.db
    .select({
      c: consultations,
      public: sql<boolean>`(${publicCase(tenantId)})`,
      level: processRequirements.level,
      enabled: opinionSections.enabled,
    })
    .from(consultations)
    .innerJoin(cases, eq(cases.id, consultations.caseId))
    .leftJoin(opinionSections, eq(opinionSections.consultationId, consultations.id))
    .leftJoin(
      processRequirements,
      and(eq(processRequirements.processId, consultations.processId), eq(processRequirements.action, action)),
    )
    .where(and(eq(consultations.id, consultationId), eq(consultations.tenantId, tenantId)));
  if (!row || !row.public || !row.enabled) return notFound();
  if (!isOpen(row.c, deps.now())) return domainError("errors.closed", 409);
  const need = (row.level ?? "email") as VerificationLevel;
  if (!meetsLevel(resident.level, need)) return domainError("errors.levelRequired", 403, { params: { level: need } });
  return ok(row.c);
}

/**
 * A resident writes a statement (at most 140 characters). Published at once, or pending when the
 * consultation is pre-moderated (as comments are).
 */
export async function submitOpinionStatement(
  deps: OpinionDeps,
  resident: Resident | null,
  input: Ctx & { consultationId: string; text: string },
): Promise<Result<{ id: string; state: "pending" | "published" }>> {
  const t = checkComment(typeof input.text === "string" ? input.text : "", OPINION_STATEMENT_MAX);
  if (!t.ok)
    return domainError(`errors.${t.error}`, 400, {
      details: [{ field: "text", code: `errors.${t.error}` }],
      params: { max: OPINION_STATEMENT_MAX },
    });
  const c = await openSection(deps, resident, input.tenantId, input.consultationId, "comment");
  if (!c.ok) return c;
  const state = c.value.moderation === "pre" ? ("pending" as const) : ("published" as const);
  const now = deps.now();
  const id = await deps.db.db.transaction(async (tx) => {
    await tx
      .insert(consultationParticipants)
      .values({ tenantId: input.tenantId, consultationId: c.value.id, personId: resident!.personId })
      .onConflictDoNothing();
    const [r] = await tx
      .insert(opinionStatements)
      .values({
        tenantId: input.tenantId,
        consultationId: c.value.id,
        personId: resident!.personId,
        text: t.text,
        state,
        createdAt: now,
      })
      .returning({ id: opinionStatements.id });
    return r!.id;
  });
  publish(deps, "opinions.statement.submitted", input.tenantId, { consultationId: c.value.id, statementId: id, state });
  return ok({ id, state });
}

/**
 * A resident votes on a published statement of this consultation. One row per person and
 * statement: voting again replaces the vote (the latest wins), the same vote twice is one row.
 * `channel` says how the vote came (the web page, or a reply to a statement sent by SMS: ADR 066).
 */
export async function castOpinionVote(
  deps: OpinionDeps,
  resident: Resident | null,
  input: Ctx & { consultationId: string; statementId: string; value: unknown; channel?: "web" | "sms" },
): Promise<Result<{ value: -1 | 0 | 1 }>> {
  const channel = input.channel === "sms" ? ("sms" as const) : ("web" as const);
  const value = parseVote(input.value);
  if (value === null)
    return domainError("errors.badVote", 400, { details: [{ field: "value", code: "errors.badVote" }] });
  const c = await openSection(deps, resident, input.tenantId, input.consultationId, "support");
  if (!c.ok) return c;
  if (!UUID.test(input.statementId)) return notFound();
  const db = deps.db.db;
  const [s] = await db
    .select({ id: opinionStatements.id })
    .from(opinionStatements)
    .where(
      and(
        eq(opinionStatements.id, input.statementId),
        eq(opinionStatements.tenantId, input.tenantId),
        eq(opinionStatements.consultationId, c.value.id),
        eq(opinionStatements.state, "published"),
      ),
    );
  if (!s) return notFound();
  const now = deps.now();
  await db.transaction(async (tx) => {
    await tx
      .insert(consultationParticipants)
      .values({ tenantId: input.tenantId, consultationId: c.value.id, personId: resident!.personId })
      .onConflictDoNothing();
    await tx
      .insert(opinionVotes)
      .values({
        tenantId: input.tenantId,
        consultationId: c.value.id,
        statementId: s.id,
        personId: resident!.personId,
        value,
        channel,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [opinionVotes.statementId, opinionVotes.personId],
        set: { value, channel, updatedAt: now },
      });
  });
  publish(deps, "opinions.vote.cast", input.tenantId, { consultationId: c.value.id, statementId: s.id });
  return ok({ value });
}

/**
 * Hides (reason required), restores or approves a statement. The audit entry keeps the text and
 * the reason. Votes cast on a hidden statement stay, and the groups treat it as Polis treats
 * moderated-out statements (ADR 050).
 */
export async function moderateOpinionStatement(
  deps: OpinionDeps,
  actor: Actor,
  input: Ctx & { statementId: string; action: "hide" | "restore" | "approve"; reason?: string },
): Promise<Result<{ state: "published" | "hidden" }>> {
  if (!can(actor, "moderate:content:tenant", { tenantId: input.tenantId })) return forbidden();
  if (!["hide", "restore", "approve"].includes(input.action))
    return domainError("errors.invalidInput", 400, { details: [{ field: "action", code: "errors.invalidInput" }] });
  if (!UUID.test(input.statementId)) return notFound();
  const reason = cleanText(input.reason ?? "").slice(0, 500);
  if (input.action === "hide" && !reason)
    return domainError("errors.reasonRequired", 400, { details: [{ field: "reason", code: "errors.reasonRequired" }] });
  const now = deps.now();
  const state = input.action === "hide" ? ("hidden" as const) : ("published" as const);
  const r = await deps.db.db.transaction(async (tx) => {
    const [s] = await tx
      .select({
        id: opinionStatements.id,
        text: opinionStatements.text,
        state: opinionStatements.state,
        consultationId: opinionStatements.consultationId,
      })
      .from(opinionStatements)
      .where(and(eq(opinionStatements.id, input.statementId), eq(opinionStatements.tenantId, input.tenantId)))
      .for("update");
    if (!s) return null;
    await tx
      .update(opinionStatements)
      .set({ state, moderatedAt: now, moderationReason: reason || null })
      .where(eq(opinionStatements.id, s.id));
    await appendAudit(tx, now, {
      tenantId: input.tenantId,
      actorPersonId: actor.id,
      action: `opinions.statement.${input.action}`,
      subjectType: "opinion_statement",
      subjectId: s.id,
      data: { from: s.state, to: state, reason: reason || null, text: s.text },
    });
    return s;
  });
  if (!r) return notFound();
  publish(deps, "opinions.statement.moderated", input.tenantId, {
    consultationId: r.consultationId,
    statementId: r.id,
    state,
  });
  return ok({ state });
}
