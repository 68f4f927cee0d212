import { createHash, randomBytes } from "node:crypto";
import { and, asc, count, eq, isNull, sql } from "drizzle-orm";
import type { Deps } from "#app/lib/deps.ts";
import type { Err, Result } from "#app/lib/result.ts";
import { appendAudit } from "#app/modules/identity/audit.server.ts";
import { keyedHash } from "#app/modules/identity/keys.server.ts";
import { levelOf, meetsLevel } from "#app/modules/identity/levels.ts";
import { can, type Actor } from "#app/modules/identity/permissions.ts";
import { findOrCreatePaperPerson, type PaperPersonInput } from "#app/modules/identity/paper-person.server.ts";
import type { Db } from "#db/client.ts";
import {
  pbAreas,
  pbBallots,
  pbPaperBallots,
  pbProposals,
  pbResults,
  pbRounds,
  pbSupports,
  pbComments,
  pbVoterRoll,
  persons,
  residentVerifications,
} from "#db/schema/index.ts";
import type { LocalizedText } from "#db/schema/types.ts";
import { explainLosers } from "./explain.ts";
import { type Ballot, type BallotError, validateBallot } from "./rules.ts";
import {
  ballotRulesOf,
  canMovePhase,
  checkStoredRules,
  formatReceipt,
  normalizeReceipt,
  rulesFrozen,
  tallySpecOf,
  toJson,
  type Phase,
  type StoredRules,
} from "./round.ts";
import { electionFromBallots, tally, type TallyResult } from "./tally.ts";

// Commands of participatory budgeting: (deps, actor, input) → Result.
// docs/decisions/036-pb-voter-roll-and-anonymous-ballots.md, 037-pb-phases-and-frozen-rules.md.

export type PbDeps = Pick<Deps, "db" | "now" | "bus" | "log" | "env">;
type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type PbError = {
  code: string;
  status: number;
  params?: Record<string, string | number>;
  field?: string;
  ballotErrors?: Record<string, string | number>[];
};
export type PbResult<T> = Result<T, PbError>;
const ok = <T>(value: T): PbResult<T> => ({ ok: true, value });
const fail = (code: string, status: number, extra: Omit<PbError, "code" | "status"> = {}): Err<PbError> => ({
  ok: false,
  error: { code, status, ...extra },
});
const forbidden = () => fail("errors.forbidden", 403);
const notFound = () => fail("errors.notFound", 404);

function publish(
  deps: Pick<Deps, "bus" | "log">,
  type: string,
  tenantId: string,
  payload: Record<string, unknown> = {},
): void {
  try {
    deps.bus.publish({ type, tenantId, ...payload });
  } catch (e) {
    deps.log.warn({ err: e, type }, "event listener failed");
  }
}

const MANAGE = "manage:budgeting:tenant" as const;
const canManage = (actor: Actor | null, tenantId: string) => can(actor, MANAGE, { tenantId });

/** A ballot error with bigints as strings (for JSON and translation parameters). */
export function plainBallotErrors(errors: readonly BallotError[]): Record<string, string | number>[] {
  return errors.map((e) =>
    Object.fromEntries(
      Object.entries(e).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : (v as string | number)]),
    ),
  );
}

// ---------------------------------------------------------------------------
// Rounds and phases

export type AreaInput = { key: string; name: LocalizedText; budget: bigint };
export type CreateRoundInput = {
  tenantId: string;
  key: string;
  title: LocalizedText;
  description?: LocalizedText;
  budget: bigint;
  scale?: number;
  eligibility?: { minAge?: number; level?: "none" | "email" | "phone" | "eid" | "resident"; areaRequired?: boolean };
  rules: StoredRules;
  areas?: AreaInput[];
  categories?: string[];
  phaseDates?: Partial<Record<Phase, { startsAt?: string; endsAt?: string }>>;
};

export async function createRound(
  deps: PbDeps,
  actor: Actor,
  input: CreateRoundInput,
): Promise<PbResult<{ id: string }>> {
  if (!canManage(actor, input.tenantId)) return forbidden();
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(input.key)) return fail("errors.keyInvalid", 400, { field: "key" });
  if (!input.title.nb && !Object.values(input.title).some(Boolean))
    return fail("errors.titleRequired", 400, { field: "title" });
  const areas = input.areas ?? [];
  if (input.budget <= 0n || areas.some((a) => a.budget <= 0n))
    return fail("errors.budgetInvalid", 400, { field: "budget" });
  const ruleError = checkStoredRules(input.rules);
  if (ruleError) return fail(ruleError, 400, { field: "rules" });
  const budget = areas.length ? areas.reduce((s, a) => s + a.budget, 0n) : input.budget;
  const now = deps.now();
  try {
    const id = await deps.db.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(pbRounds)
        .values({
          tenantId: input.tenantId,
          key: input.key,
          title: input.title,
          description: input.description ?? {},
          budget,
          scale: input.scale ?? 0,
          eligibility: input.eligibility ?? {},
          rules: input.rules,
          categories: input.categories ?? [],
          phaseDates: input.phaseDates ?? {},
          createdAt: now,
        })
        .returning({ id: pbRounds.id });
      for (const a of areas)
        await tx
          .insert(pbAreas)
          .values({ tenantId: input.tenantId, roundId: row!.id, key: a.key, name: a.name, budget: a.budget });
      await appendAudit(tx, now, {
        tenantId: input.tenantId,
        actorPersonId: actor.id,
        action: "budgeting.round.created",
        subjectType: "pb_round",
        subjectId: row!.id,
        data: { key: input.key, budget: budget.toString(), rules: input.rules },
      });
      return row!.id;
    });
    publish(deps, "budgeting.round.created", input.tenantId, { roundId: id });
    return ok({ id });
  } catch (e) {
    if (isUniqueViolation(e)) return fail("errors.keyTaken", 409, { field: "key" });
    throw e;
  }
}

/** Changes the ballot or tally rules: refused once voting has opened (rules are frozen). */
export async function updateRules(
  deps: PbDeps,
  actor: Actor,
  input: { tenantId: string; roundId: string; rules: StoredRules },
): Promise<PbResult<{ id: string }>> {
  if (!canManage(actor, input.tenantId)) return forbidden();
  const ruleError = checkStoredRules(input.rules);
  if (ruleError) return fail(ruleError, 400, { field: "rules" });
  const now = deps.now();
  const r = await deps.db.db.transaction(async (tx) => {
    const [round] = await tx
      .select()
      .from(pbRounds)
      .where(and(eq(pbRounds.id, input.roundId), eq(pbRounds.tenantId, input.tenantId)))
      .for("update");
    if (!round) return notFound();
    if (round.rulesFrozenAt || rulesFrozen(round.phase)) return fail("errors.rulesFrozen", 409);
    await tx.update(pbRounds).set({ rules: input.rules }).where(eq(pbRounds.id, round.id));
    await appendAudit(tx, now, {
      tenantId: input.tenantId,
      actorPersonId: actor.id,
      action: "budgeting.rules.changed",
      subjectType: "pb_round",
      subjectId: round.id,
      data: { from: round.rules, to: input.rules },
    });
    return ok({ id: round.id });
  });
  if (r.ok) publish(deps, "budgeting.round.updated", input.tenantId, { roundId: input.roundId });
  return r;
}

/** Moves a round forward to `to`. Opening voting freezes the rules; leaving it closes the ballot box. */
export async function movePhase(
  deps: PbDeps,
  actor: Actor,
  input: { tenantId: string; roundId: string; to: Phase },
): Promise<PbResult<{ phase: Phase }>> {
  if (!canManage(actor, input.tenantId)) return forbidden();
  const now = deps.now();
  const r = await deps.db.db.transaction(async (tx) => {
    const [round] = await tx
      .select()
      .from(pbRounds)
      .where(and(eq(pbRounds.id, input.roundId), eq(pbRounds.tenantId, input.tenantId)))
      .for("update");
    if (!round) return notFound();
    if (!canMovePhase(round.phase, input.to))
      return fail("errors.phaseBackwards", 409, { params: { from: round.phase, to: input.to } });
    if (rulesFrozen(input.to) && !rulesFrozen(round.phase)) {
      const [{ n }] = (await tx
        .select({ n: count() })
        .from(pbProposals)
        .where(and(eq(pbProposals.roundId, round.id), eq(pbProposals.status, "feasible")))) as [{ n: number }];
      if (Number(n) === 0) return fail("errors.noFeasibleProposals", 409);
    }
    const set: Partial<typeof pbRounds.$inferInsert> = { phase: input.to };
    if (rulesFrozen(input.to) && !round.rulesFrozenAt) set.rulesFrozenAt = now;
    await tx.update(pbRounds).set(set).where(eq(pbRounds.id, round.id));
    await appendAudit(tx, now, {
      tenantId: input.tenantId,
      actorPersonId: actor.id,
      action: "budgeting.phase.moved",
      subjectType: "pb_round",
      subjectId: round.id,
      data: { from: round.phase, to: input.to },
    });
    return ok({ phase: input.to });
  });
  if (r.ok) publish(deps, "budgeting.phase.moved", input.tenantId, { roundId: input.roundId, phase: input.to });
  return r;
}

// ---------------------------------------------------------------------------
// Proposals

export type ProposalInput = {
  tenantId: string;
  roundId: string;
  areaKey?: string | null;
  title: string;
  description?: string;
  category?: string | null;
  estimatedCost: bigint;
  placeName?: string | null;
  lat?: number | null;
  lng?: number | null;
  sdgTags?: number[];
};

/** A resident (any signed-in person) proposes a project while the round takes proposals. */
export async function submitProposal(
  deps: PbDeps,
  person: { id: string },
  input: ProposalInput,
): Promise<PbResult<{ id: string; code: string }>> {
  const title = input.title.trim();
  if (title.length < 3 || title.length > 140) return fail("errors.proposalTitle", 400, { field: "title" });
  if ((input.description ?? "").length > 5000) return fail("errors.proposalDescription", 400, { field: "description" });
  if (input.estimatedCost <= 0n) return fail("errors.costInvalid", 400, { field: "estimatedCost" });
  if (
    (input.lat == null) !== (input.lng == null) ||
    (input.lat != null && (Math.abs(input.lat) > 90 || Math.abs(input.lng!) > 180))
  )
    return fail("errors.placeInvalid", 400, { field: "place" });
  if ((input.sdgTags ?? []).some((t) => !Number.isInteger(t) || t < 1 || t > 17))
    return fail("errors.sdgInvalid", 400, { field: "sdgTags" });
  const round = await roundById(deps.db.db, input.tenantId, input.roundId);
  if (!round) return notFound();
  if (round.phase !== "proposals") return fail("errors.notTakingProposals", 409);
  if (input.category && round.categories.length && !round.categories.includes(input.category))
    return fail("errors.categoryInvalid", 400, { field: "category" });
  const area = await areaOf(deps.db.db, round.id, input.areaKey ?? null);
  if (area === "missing") return fail("errors.areaInvalid", 400, { field: "area" });
  const now = deps.now();
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const row = await deps.db.db.transaction(async (tx) => {
        // One submission, one proposal: the same title by the same person in the same round
        // within ten minutes (a second click, a re-sent form) returns the first proposal.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`proposal:${round.id}:${person.id}`}))`);
        const [same] = await tx
          .select({ id: pbProposals.id, code: pbProposals.code })
          .from(pbProposals)
          .where(
            and(
              eq(pbProposals.roundId, round.id),
              eq(pbProposals.authorPersonId, person.id),
              eq(pbProposals.title, title),
              sql`${pbProposals.createdAt} > ${now.toISOString()}::timestamptz - interval '10 minutes'`,
            ),
          )
          .limit(1);
        if (same) return { ...same, repeated: true };
        const [{ n }] = (await tx
          .select({ n: count() })
          .from(pbProposals)
          .where(eq(pbProposals.roundId, round.id))) as [{ n: number }];
        const code = `P${Number(n) + 1 + attempt}`;
        const [r] = await tx
          .insert(pbProposals)
          .values({
            tenantId: input.tenantId,
            roundId: round.id,
            areaId: area?.id ?? null,
            code,
            title,
            description: (input.description ?? "").trim(),
            category: input.category || null,
            sdgTags: input.sdgTags ?? [],
            placeName: input.placeName?.trim() || null,
            lat: input.lat != null ? String(input.lat) : null,
            lng: input.lng != null ? String(input.lng) : null,
            estimatedCost: input.estimatedCost,
            authorPersonId: person.id,
            createdAt: now,
          })
          .returning({ id: pbProposals.id, code: pbProposals.code });
        return { ...r!, repeated: false };
      });
      if (!row.repeated)
        publish(deps, "budgeting.proposal.submitted", input.tenantId, { roundId: round.id, proposalId: row.id });
      return ok({ id: row.id, code: row.code });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
  }
  return fail("errors.busy", 503);
}

export async function supportProposal(
  deps: PbDeps,
  person: { id: string },
  input: { tenantId: string; proposalId: string },
): Promise<PbResult<{ supported: boolean }>> {
  const [p] = await deps.db.db
    .select({ id: pbProposals.id, phase: pbRounds.phase })
    .from(pbProposals)
    .innerJoin(pbRounds, eq(pbRounds.id, pbProposals.roundId))
    .where(and(eq(pbProposals.id, input.proposalId), eq(pbProposals.tenantId, input.tenantId)));
  if (!p) return notFound();
  if (p.phase !== "proposals" && p.phase !== "review") return fail("errors.notTakingProposals", 409);
  await deps.db.db
    .insert(pbSupports)
    .values({ tenantId: input.tenantId, proposalId: p.id, personId: person.id, createdAt: deps.now() })
    .onConflictDoNothing();
  publish(deps, "budgeting.proposal.supported", input.tenantId, { proposalId: p.id });
  return ok({ supported: true });
}

export async function commentProposal(
  deps: PbDeps,
  person: { id: string },
  input: { tenantId: string; proposalId: string; body: string },
): Promise<PbResult<{ id: string }>> {
  const body = input.body.trim();
  if (body.length < 1 || body.length > 2000) return fail("errors.commentLength", 400, { field: "body" });
  const [p] = await deps.db.db
    .select({ id: pbProposals.id })
    .from(pbProposals)
    .where(and(eq(pbProposals.id, input.proposalId), eq(pbProposals.tenantId, input.tenantId)));
  if (!p) return notFound();
  const [row] = await deps.db.db
    .insert(pbComments)
    .values({ tenantId: input.tenantId, proposalId: p.id, personId: person.id, body, createdAt: deps.now() })
    .returning({ id: pbComments.id });
  publish(deps, "budgeting.comment.created", input.tenantId, { proposalId: p.id });
  return ok({ id: row!.id });
}

export type ReviewInput = {
  tenantId: string;
  proposalId: string;
  decision: "feasible" | "rejected" | "merged";
  officialCost?: bigint | null;
  costReason?: string | null;
  reason?: string | null;
  mergedIntoCode?: string | null;
};

/** Staff review: feasible with an official cost and a public reason, or rejected/merged with a reason. */
export async function reviewProposal(
  deps: PbDeps,
  actor: Actor,
  input: ReviewInput,
): Promise<PbResult<{ id: string }>> {
  if (!canManage(actor, input.tenantId)) return forbidden();
  const reason = input.reason?.trim() || null;
  const costReason = input.costReason?.trim() || null;
  if (input.decision === "feasible" && (input.officialCost == null || input.officialCost <= 0n))
    return fail("errors.costInvalid", 400, { field: "officialCost" });
  if (input.decision !== "feasible" && !reason) return fail("errors.reasonRequired", 400, { field: "reason" });
  const now = deps.now();
  const r = await deps.db.db.transaction(async (tx) => {
    const [p] = await tx
      .select({
        id: pbProposals.id,
        roundId: pbProposals.roundId,
        estimatedCost: pbProposals.estimatedCost,
        phase: pbRounds.phase,
      })
      .from(pbProposals)
      .innerJoin(pbRounds, eq(pbRounds.id, pbProposals.roundId))
      .where(and(eq(pbProposals.id, input.proposalId), eq(pbProposals.tenantId, input.tenantId)))
      .for("update", { of: pbProposals });
    if (!p) return notFound();
    if (p.phase !== "proposals" && p.phase !== "review") return fail("errors.reviewClosed", 409);
    if (input.decision === "feasible" && input.officialCost !== p.estimatedCost && !costReason)
      return fail("errors.costReasonRequired", 400, { field: "costReason" });
    let mergedIntoId: string | null = null;
    if (input.decision === "merged") {
      const [target] = await tx
        .select({ id: pbProposals.id })
        .from(pbProposals)
        .where(and(eq(pbProposals.roundId, p.roundId), eq(pbProposals.code, input.mergedIntoCode ?? "")));
      if (!target || target.id === p.id) return fail("errors.mergeTarget", 400, { field: "mergedInto" });
      mergedIntoId = target.id;
    }
    await tx
      .update(pbProposals)
      .set({
        status: input.decision,
        officialCost: input.decision === "feasible" ? input.officialCost! : null,
        costReason: input.decision === "feasible" ? costReason : null,
        statusReason: reason,
        mergedIntoId,
        reviewedByPersonId: actor.id,
        reviewedAt: now,
      })
      .where(eq(pbProposals.id, p.id));
    await appendAudit(tx, now, {
      tenantId: input.tenantId,
      actorPersonId: actor.id,
      action: "budgeting.proposal.reviewed",
      subjectType: "pb_proposal",
      subjectId: p.id,
      data: { decision: input.decision, officialCost: input.officialCost?.toString() ?? null, reason, costReason },
    });
    return ok({ id: p.id });
  });
  if (r.ok) publish(deps, "budgeting.proposal.reviewed", input.tenantId, { proposalId: input.proposalId });
  return r;
}

// ---------------------------------------------------------------------------
// Ballots

export type BallotInput = {
  tenantId: string;
  roundId: string;
  areaKey?: string | null;
  ballot: Ballot;
  ageConfirmed?: boolean;
};

type RoundRow = typeof pbRounds.$inferSelect;

async function roundById(db: Db | Tx, tenantId: string, roundId: string): Promise<RoundRow | null> {
  const [r] = await db
    .select()
    .from(pbRounds)
    .where(and(eq(pbRounds.id, roundId), eq(pbRounds.tenantId, tenantId)));
  return r ?? null;
}

/** The area with `key` in the round; null when the round has no areas and no key was given; "missing" otherwise. */
async function areaOf(
  db: Db | Tx,
  roundId: string,
  key: string | null,
): Promise<{ id: string; budget: bigint } | null | "missing"> {
  const areas = await db
    .select({ id: pbAreas.id, key: pbAreas.key, budget: pbAreas.budget })
    .from(pbAreas)
    .where(eq(pbAreas.roundId, roundId));
  if (!areas.length) return key ? "missing" : null;
  const a = areas.find((x) => x.key === key);
  return a ?? "missing";
}

/** The projects on the ballot of a scope: feasible proposals of that area (or all, without areas), by code. */
export async function ballotProjects(
  db: Db | Tx,
  roundId: string,
  areaId: string | null,
): Promise<{ id: string; cost: bigint }[]> {
  const rows = await db
    .select({ code: pbProposals.code, cost: pbProposals.officialCost })
    .from(pbProposals)
    .where(
      and(
        eq(pbProposals.roundId, roundId),
        eq(pbProposals.status, "feasible"),
        areaId ? eq(pbProposals.areaId, areaId) : isNull(pbProposals.areaId),
      ),
    )
    .orderBy(asc(pbProposals.createdAt), asc(pbProposals.code));
  return rows.map((r) => ({ id: r.code, cost: r.cost ?? 0n }));
}

type Checked = { round: RoundRow; scope: string; normalized: Ballot };

type BallotSetup = {
  areas: { id: string; key: string; budget: bigint }[];
  projects: Map<string, { id: string; cost: bigint }[]>;
};
/**
 * Areas and ballot projects of rounds whose rules are frozen. Once voting opens they cannot change
 * (reviews and areas are closed), so every process may keep them: castBallot then needs no query
 * for them. Keyed by round id and freeze time.
 */
const frozenSetups = new Map<string, BallotSetup>();

async function ballotSetup(db: Db | Tx, round: RoundRow): Promise<BallotSetup> {
  const cacheKey = round.rulesFrozenAt ? `${round.id}@${round.rulesFrozenAt.getTime()}` : null;
  const hit = cacheKey ? frozenSetups.get(cacheKey) : undefined;
  if (hit) return hit;
  const areas = await db
    .select({ id: pbAreas.id, key: pbAreas.key, budget: pbAreas.budget })
    .from(pbAreas)
    .where(eq(pbAreas.roundId, round.id));
  const rows = await db
    .select({ code: pbProposals.code, cost: pbProposals.officialCost, areaId: pbProposals.areaId })
    .from(pbProposals)
    .where(and(eq(pbProposals.roundId, round.id), eq(pbProposals.status, "feasible")))
    .orderBy(asc(pbProposals.createdAt), asc(pbProposals.code));
  const projects = new Map<string, { id: string; cost: bigint }[]>();
  for (const r of rows) {
    const scope = r.areaId ?? "";
    if (!projects.has(scope)) projects.set(scope, []);
    projects.get(scope)!.push({ id: r.code, cost: r.cost ?? 0n });
  }
  const setup = { areas, projects };
  if (cacheKey) {
    if (frozenSetups.size > 500) frozenSetups.clear();
    frozenSetups.set(cacheKey, setup);
  }
  return setup;
}

/**
 * Round rows whose rules are frozen, for castBallot. After voting opens, nothing in a round but its
 * phase changes (rules, budget, eligibility, dates and areas have no command that changes them
 * then), and the phase is checked again by the statement that stores the ballot.
 */
const frozenRounds = new Map<string, RoundRow>();

async function checkBallot(
  deps: PbDeps,
  db: Db | Tx,
  input: BallotInput,
  opts: { lock?: boolean; cached?: boolean } = {},
): Promise<PbResult<Checked>> {
  let round = opts.cached ? frozenRounds.get(input.roundId) : undefined;
  if (round && round.tenantId !== input.tenantId) return notFound();
  if (!round) {
    const q = db
      .select()
      .from(pbRounds)
      .where(and(eq(pbRounds.id, input.roundId), eq(pbRounds.tenantId, input.tenantId)));
    // FOR SHARE: movePhase (FOR UPDATE) waits for ballots in flight, and a ballot that starts after
    // the phase moved sees the new phase.
    [round] = opts.lock ? await q.for("share") : await q;
    if (!round) return notFound();
    if (round.phase !== "voting") return fail("errors.votingClosed", 409);
    if (round.rulesFrozenAt) {
      if (frozenRounds.size > 500) frozenRounds.clear();
      frozenRounds.set(round.id, round);
    }
  }
  const end = round.phaseDates.voting?.endsAt;
  if (end && deps.now() >= new Date(end)) return fail("errors.votingClosed", 409);
  const setup = await ballotSetup(db, round);
  const key = input.areaKey ?? null;
  const area = setup.areas.length ? setup.areas.find((a) => a.key === key) : key ? undefined : null;
  if (area === undefined) return fail("errors.areaInvalid", 400, { field: "area" });
  const projects = setup.projects.get(area?.id ?? "") ?? [];
  const rules = ballotRulesOf(round.rules.ballot, area?.budget ?? round.budget);
  const check = validateBallot(rules, projects, input.ballot);
  if (!check.ok) return fail("errors.ballotInvalid", 400, { ballotErrors: plainBallotErrors(check.errors) });
  return ok({ round, scope: area?.id ?? "", normalized: check.normalized });
}

async function checkVoter(
  deps: PbDeps,
  db: Db | Tx,
  round: RoundRow,
  personId: string,
  ageConfirmed: boolean | undefined,
): Promise<PbError | null> {
  const need = round.eligibility.level ?? "none";
  if (need !== "none") {
    const [p] = await db
      .select({
        deletedAt: persons.deletedAt,
        emailVerifiedAt: persons.emailVerifiedAt,
        phoneVerifiedAt: persons.phoneVerifiedAt,
        eidLevel: persons.eidLevel,
        resident: residentVerifications.tenantId,
      })
      .from(persons)
      .leftJoin(
        residentVerifications,
        and(eq(residentVerifications.personId, persons.id), eq(residentVerifications.tenantId, round.tenantId)),
      )
      .where(eq(persons.id, personId));
    if (!p || p.deletedAt) return { code: "errors.notEligible", status: 403 };
    const level = levelOf(
      {
        emailVerifiedAt: p.emailVerifiedAt,
        phoneVerifiedAt: p.phoneVerifiedAt,
        eidLevel: p.eidLevel,
        residentIn: p.resident ? [p.resident] : [],
      },
      round.tenantId,
    );
    if (!meetsLevel(level, need)) return { code: "errors.levelTooLow", status: 403, params: { level: need } };
  }
  if (round.eligibility.minAge && !ageConfirmed)
    return {
      code: "errors.ageRequired",
      status: 400,
      field: "ageConfirmed",
      params: { age: round.eligibility.minAge },
    };
  return null;
}

function newReceipt(): { code: string; hash: string } {
  const code = formatReceipt(randomBytes(10));
  return { code, hash: receiptHash(code) };
}
const receiptHash = (code: string) =>
  createHash("sha256")
    .update(`pb-receipt/v1\n${normalizeReceipt(code)}`)
    .digest("hex");

/** The keyed hash that lets the server find (and replace) a voter's ballot without storing who cast it. */
function slotOf(deps: PbDeps, roundId: string, scope: string, personId: string): string {
  return keyedHash(deps.env, "pid", `pb-ballot/v1\n${roundId}\n${scope}\n${personId}`);
}

/**
 * The SQL form of meetsLevel(levelOf(person), need) (app/modules/identity/levels.ts): a higher
 * level satisfies a lower one (email < phone < eID < resident of this municipality).
 */
function levelPredicate(need: string, tenantId: string) {
  const resident = sql`exists (select 1 from resident_verifications rv where rv.person_id = p.id and rv.tenant_id = ${tenantId})`;
  switch (need) {
    case "email":
      return sql`(p.email_verified_at is not null or p.phone_verified_at is not null or p.eid_level is not null or ${resident})`;
    case "phone":
      return sql`(p.phone_verified_at is not null or p.eid_level is not null or ${resident})`;
    case "eid":
      return sql`(p.eid_level is not null or ${resident})`;
    case "resident":
      return resident;
    default:
      return sql`true`;
  }
}

type Stored = { open: boolean; eligible: boolean; receipt: string; replaced: boolean };

/**
 * Stores a checked ballot in ONE statement (one round trip, its own transaction unless `exec` is
 * one): it locks the round row FOR SHARE only if the round is still in voting, checks the voter's
 * verification level, then upserts the roll row (UNIQUE round, scope, person: a repeat bumps
 * `submissions`) and the anonymous ballot (UNIQUE round, slot: a repeat replaces it and keeps the
 * old receipt's hash). If voting is closed or the voter not eligible, nothing is written.
 */
async function storeBallot(
  deps: PbDeps,
  exec: Db | Tx,
  c: Checked,
  personId: string,
  channel: "web" | "paper" | "sms",
  need: string,
): Promise<Stored> {
  const now = deps.now().toISOString();
  const receipt = newReceipt();
  const slot = slotOf(deps, c.round.id, c.scope, personId);
  const projects = pgArray(c.normalized.projects.map((p) => `"${p.replace(/["\\]/g, "")}"`));
  const points = c.normalized.points ? pgArray(c.normalized.points.map(String)) : null;
  const res = await exec.execute(sql`
    with r as (
      select id, tenant_id from pb_rounds where id = ${c.round.id} and tenant_id = ${c.round.tenantId} and phase = 'voting' for share
    ), v as (
      select p.id from persons p where p.id = ${personId} and p.deleted_at is null and ${levelPredicate(need, c.round.tenantId)}
    ), roll as (
      insert into pb_voter_roll (tenant_id, round_id, scope, person_id, channel, first_voted_at, last_voted_at)
      select r.tenant_id, r.id, ${c.scope}, v.id, ${channel}, ${now}::timestamptz, ${now}::timestamptz from r, v
      on conflict (round_id, scope, person_id) do update
        set submissions = pb_voter_roll.submissions + 1, last_voted_at = excluded.last_voted_at, channel = excluded.channel
      returning submissions
    ), ballot as (
      insert into pb_ballots (tenant_id, round_id, scope, slot, projects, points, channel, receipt_hash)
      select r.tenant_id, r.id, ${c.scope}, ${slot}, ${projects}::text[], ${points}::integer[], ${channel}, ${receipt.hash} from r, v
      on conflict (round_id, slot) do update
        set projects = excluded.projects, points = excluded.points, channel = excluded.channel, receipt_hash = excluded.receipt_hash,
            replaced_receipts = array_append(pb_ballots.replaced_receipts, pb_ballots.receipt_hash), version = pb_ballots.version + 1
      returning version
    )
    select (select count(*) from r)::int as open, (select count(*) from v)::int as eligible,
           (select submissions from roll) as submissions, (select version from ballot) as version`);
  const rows = (Array.isArray(res) ? res : (res as unknown as { rows: unknown[] }).rows) as {
    open: number;
    eligible: number;
    submissions: number | null;
  }[];
  const row = rows[0]!;
  return {
    open: Number(row.open) > 0,
    eligible: Number(row.eligible) > 0,
    receipt: receipt.code,
    replaced: Number(row.submissions ?? 0) > 1,
  };
}

/** A PostgreSQL array literal from already-quoted elements. */
const pgArray = (xs: readonly string[]) => `{${xs.join(",")}}`;

/**
 * A resident casts (or replaces) their ballot. Validated with the same pure
 * rules as the page; one roll row per person and scope (UNIQUE); the ballot is
 * stored without the person and a receipt code is returned once.
 */
export async function castBallot(
  deps: PbDeps,
  voter: { id: string },
  input: BallotInput,
  channel: "web" | "sms" = "web",
): Promise<PbResult<{ receipt: string; replaced: boolean }>> {
  const c = await checkBallot(deps, deps.db.db, input, { cached: true });
  if (!c.ok) return c;
  const round = c.value.round;
  if (round.eligibility.minAge && !input.ageConfirmed)
    return fail("errors.ageRequired", 400, { field: "ageConfirmed", params: { age: round.eligibility.minAge } });
  const need = round.eligibility.level ?? "none";
  const stored = await storeBallot(deps, deps.db.db, c.value, voter.id, channel, need);
  if (!stored.open) return fail("errors.votingClosed", 409);
  if (!stored.eligible) {
    const why = await checkVoter(deps, deps.db.db, round, voter.id, true);
    return { ok: false, error: why ?? { code: "errors.notEligible", status: 403 } };
  }
  publish(deps, "budgeting.ballot.cast", input.tenantId, { roundId: input.roundId });
  return ok({ receipt: stored.receipt, replaced: stored.replaced });
}

/** Whether this person has voted in the round (per scope): for "you have voted, you may change it". */
export async function hasVoted(
  db: Db,
  roundId: string,
  personId: string,
): Promise<{ scope: string; submissions: number }[]> {
  return db
    .select({ scope: pbVoterRoll.scope, submissions: pbVoterRoll.submissions })
    .from(pbVoterRoll)
    .where(and(eq(pbVoterRoll.roundId, roundId), eq(pbVoterRoll.personId, personId)));
}

/** Staff type in a paper ballot for a resident. It counts only after a second staff member confirms it. */
export async function enterPaperBallot(
  deps: PbDeps,
  actor: Actor,
  input: BallotInput & { personId: string; birthYear?: number },
): Promise<PbResult<{ id: string }>> {
  if (!canManage(actor, input.tenantId)) return forbidden();
  const now = deps.now();
  const r = await deps.db.db.transaction(async (tx) => {
    const c = await checkBallot(deps, tx, input);
    if (!c.ok) return c;
    const [p] = await tx.select({ id: persons.id }).from(persons).where(eq(persons.id, input.personId));
    if (!p) return fail("errors.personUnknown", 400, { field: "person" });
    const minAge = c.value.round.eligibility.minAge;
    if (minAge && input.birthYear && now.getUTCFullYear() - input.birthYear < minAge)
      return fail("errors.paperTooYoung", 400, { field: "birthYear", params: { age: minAge } });
    const counted = await paperConflict(tx, c.value.round.id, c.value.scope, input.personId);
    if (counted) return { ok: false as const, error: counted };
    const [row] = await tx
      .insert(pbPaperBallots)
      .values({
        tenantId: input.tenantId,
        roundId: c.value.round.id,
        scope: c.value.scope,
        personId: input.personId,
        projects: [...c.value.normalized.projects],
        points: c.value.normalized.points ? [...c.value.normalized.points] : null,
        enteredByPersonId: actor.id,
        enteredAt: now,
      })
      .returning({ id: pbPaperBallots.id });
    await appendAudit(tx, now, {
      tenantId: input.tenantId,
      actorPersonId: actor.id,
      action: "budgeting.paper.entered",
      subjectType: "pb_paper_ballot",
      subjectId: row!.id,
      data: { roundId: c.value.round.id, personId: input.personId },
    });
    return ok({ id: row!.id });
  });
  if (r.ok) publish(deps, "budgeting.paper.entered", input.tenantId, { roundId: input.roundId });
  return r;
}

/** A paper ballot is refused for a person already on the roll of this scope, or with one waiting for its check. */
async function paperConflict(db: Db | Tx, roundId: string, scope: string, personId: string): Promise<PbError | null> {
  const [onRoll] = await db
    .select({ scope: pbVoterRoll.scope })
    .from(pbVoterRoll)
    .where(and(eq(pbVoterRoll.roundId, roundId), eq(pbVoterRoll.scope, scope), eq(pbVoterRoll.personId, personId)));
  if (onRoll) return { code: "errors.paperAlreadyVoted", status: 409 };
  const [pending] = await db
    .select({ id: pbPaperBallots.id })
    .from(pbPaperBallots)
    .where(
      and(
        eq(pbPaperBallots.roundId, roundId),
        eq(pbPaperBallots.scope, scope),
        eq(pbPaperBallots.personId, personId),
        eq(pbPaperBallots.status, "pending"),
      ),
    );
  return pending ? { code: "errors.paperPending", status: 409 } : null;
}

/**
 * A paper ballot for a resident who may have no account: staff give the voter's name, birth year
 * and an address or phone number (identity finds or creates the person, so the same voter is
 * recognised), then the ballot is entered as any paper ballot, waiting for the second check.
 */
export async function enterPaperBallotForResident(
  deps: PbDeps,
  actor: Actor,
  input: BallotInput & { voter: PaperPersonInput },
): Promise<PbResult<{ id: string }>> {
  if (!canManage(actor, input.tenantId)) return forbidden();
  const who = await findOrCreatePaperPerson(deps, input.tenantId, input.voter);
  if (!who.ok) return who;
  return enterPaperBallot(deps, actor, { ...input, personId: who.value.personId, birthYear: who.value.birthYear });
}

/**
 * A second, different staff member checks a paper ballot against the paper and
 * confirms it (it is cast: roll + anonymous ballot, channel "paper", and its
 * content is erased from the entry) or rejects it with a reason.
 */
export async function confirmPaperBallot(
  deps: PbDeps,
  actor: Actor,
  input: { tenantId: string; paperBallotId: string; accept: boolean; reason?: string },
): Promise<PbResult<{ status: "confirmed" | "rejected"; receipt?: string }>> {
  if (!canManage(actor, input.tenantId)) return forbidden();
  const now = deps.now();
  const r = await deps.db.db.transaction(async (tx) => {
    const [pb] = await tx
      .select()
      .from(pbPaperBallots)
      .where(and(eq(pbPaperBallots.id, input.paperBallotId), eq(pbPaperBallots.tenantId, input.tenantId)))
      .for("update");
    if (!pb) return notFound();
    if (pb.status !== "pending") return fail("errors.paperNotPending", 409);
    if (pb.enteredByPersonId === actor.id) return fail("errors.secondStaffRequired", 403);
    if (!input.accept) {
      const reason = input.reason?.trim();
      if (!reason) return fail("errors.reasonRequired", 400, { field: "reason" });
      await tx
        .update(pbPaperBallots)
        .set({
          status: "rejected",
          rejectedReason: reason,
          confirmedByPersonId: actor.id,
          confirmedAt: now,
          projects: null,
          points: null,
        })
        .where(eq(pbPaperBallots.id, pb.id));
      await appendAudit(tx, now, {
        tenantId: input.tenantId,
        actorPersonId: actor.id,
        action: "budgeting.paper.rejected",
        subjectType: "pb_paper_ballot",
        subjectId: pb.id,
        data: { reason },
      });
      return ok({ status: "rejected" as const });
    }
    const areaKey = pb.scope
      ? ((await tx.select({ key: pbAreas.key }).from(pbAreas).where(eq(pbAreas.id, pb.scope)))[0]?.key ?? null)
      : null;
    const c = await checkBallot(
      deps,
      tx,
      {
        tenantId: input.tenantId,
        roundId: pb.roundId,
        areaKey,
        ballot: { projects: pb.projects ?? [], points: pb.points ?? undefined },
      },
      { lock: true },
    );
    if (!c.ok) return c;
    const [onRoll] = await tx
      .select({ scope: pbVoterRoll.scope })
      .from(pbVoterRoll)
      .where(
        and(
          eq(pbVoterRoll.roundId, pb.roundId),
          eq(pbVoterRoll.scope, pb.scope),
          eq(pbVoterRoll.personId, pb.personId),
        ),
      );
    if (onRoll) return fail("errors.paperAlreadyVoted", 409);
    const stored = await storeBallot(deps, tx, c.value, pb.personId, "paper", "none");
    if (!stored.open) return fail("errors.votingClosed", 409);
    await tx
      .update(pbPaperBallots)
      .set({ status: "confirmed", confirmedByPersonId: actor.id, confirmedAt: now, projects: null, points: null })
      .where(eq(pbPaperBallots.id, pb.id));
    await appendAudit(tx, now, {
      tenantId: input.tenantId,
      actorPersonId: actor.id,
      action: "budgeting.paper.confirmed",
      subjectType: "pb_paper_ballot",
      subjectId: pb.id,
      data: { enteredBy: pb.enteredByPersonId, replaced: stored.replaced },
    });
    return ok({ status: "confirmed" as const, receipt: stored.receipt });
  });
  if (r.ok) publish(deps, "budgeting.ballot.cast", input.tenantId, { roundId: "paper" });
  return r;
}

export type ReceiptCheck =
  | { status: "counted"; projects: string[]; points: number[] | null; channel: string }
  | { status: "replaced" }
  | { status: "unknown" };

/** Anyone with a receipt code can see that the ballot is in the box (and what it says), or that a later one replaced it. */
export async function verifyReceipt(
  deps: Pick<PbDeps, "db">,
  input: { tenantId: string; roundId: string; code: string },
): Promise<ReceiptCheck> {
  const hash = receiptHash(input.code);
  const [b] = await deps.db.db
    .select({ projects: pbBallots.projects, points: pbBallots.points, channel: pbBallots.channel })
    .from(pbBallots)
    .where(
      and(
        eq(pbBallots.tenantId, input.tenantId),
        eq(pbBallots.roundId, input.roundId),
        eq(pbBallots.receiptHash, hash),
      ),
    );
  if (b) return { status: "counted", projects: b.projects, points: b.points, channel: b.channel };
  const [old] = await deps.db.db
    .select({ id: pbBallots.id })
    .from(pbBallots)
    .where(
      and(
        eq(pbBallots.tenantId, input.tenantId),
        eq(pbBallots.roundId, input.roundId),
        sql`${hash} = any(${pbBallots.replacedReceipts})`,
      ),
    );
  return old ? { status: "replaced" } : { status: "unknown" };
}

// ---------------------------------------------------------------------------
// Results

export type ScopeResult = {
  scope: string;
  areaKey: string | null;
  budget: bigint;
  ballots: number;
  result: TallyResult;
  cheapestWin: Record<string, unknown>;
};

/** The tally of every scope of a round from the ballots in the box (pure tally.ts), stored as the round's result. */
export async function computeResult(
  deps: PbDeps,
  actor: Actor,
  input: { tenantId: string; roundId: string; publish?: boolean },
): Promise<PbResult<ScopeResult[]>> {
  if (!canManage(actor, input.tenantId)) return forbidden();
  const round = await roundById(deps.db.db, input.tenantId, input.roundId);
  if (!round) return notFound();
  const phaseIdx = ["result", "implementation", "closed"].includes(round.phase);
  if (!phaseIdx) return fail("errors.votingNotClosed", 409);
  const out = await tallyRound(deps.db.db, round);
  if (!out.ok) return out;
  const now = deps.now();
  await deps.db.db.transaction(async (tx) => {
    for (const s of out.value) {
      await tx.insert(pbResults).values({
        tenantId: round.tenantId,
        roundId: round.id,
        scope: s.scope,
        result: toJson({ ...s.result, cheapestWin: s.cheapestWin }) as Record<string, unknown>,
        ballots: s.ballots,
        computedByPersonId: actor.id,
        computedAt: now,
        published: input.publish ?? true,
      });
    }
    await appendAudit(tx, now, {
      tenantId: round.tenantId,
      actorPersonId: actor.id,
      action: "budgeting.result.computed",
      subjectType: "pb_round",
      subjectId: round.id,
      data: { scopes: out.value.map((s) => ({ scope: s.scope, ballots: s.ballots, selected: s.result.selected })) },
    });
  });
  publish(deps, "budgeting.result.computed", round.tenantId, { roundId: round.id });
  return out;
}

/** Tallies every scope of a round (no writes). */
export async function tallyRound(db: Db, round: RoundRow): Promise<PbResult<ScopeResult[]>> {
  const areas = await db.select().from(pbAreas).where(eq(pbAreas.roundId, round.id)).orderBy(asc(pbAreas.key));
  const scopes = areas.length
    ? areas.map((a) => ({ scope: a.id, areaKey: a.key, budget: a.budget }))
    : [{ scope: "", areaKey: null, budget: round.budget }];
  const out: ScopeResult[] = [];
  for (const s of scopes) {
    const projects = await ballotProjects(db, round.id, s.scope || null);
    const rows = await db
      .select({ projects: pbBallots.projects, points: pbBallots.points })
      .from(pbBallots)
      .where(and(eq(pbBallots.roundId, round.id), eq(pbBallots.scope, s.scope)));
    const rules = ballotRulesOf(round.rules.ballot, s.budget);
    const ballots = rows.map((r) => ({ projects: r.projects, points: r.points ?? undefined }));
    if (!ballots.length || !projects.length) {
      out.push({
        scope: s.scope,
        areaKey: s.areaKey,
        budget: s.budget,
        ballots: 0,
        result: emptyResult(round, s.budget, projects),
        cheapestWin: {},
      });
      continue;
    }
    const e = electionFromBallots(rules, projects, s.budget, round.scale, ballots);
    const spec = tallySpecOf(round.rules.tally);
    const result = tally(e, spec);
    out.push({
      scope: s.scope,
      areaKey: s.areaKey,
      budget: s.budget,
      ballots: ballots.length,
      result,
      cheapestWin: explainLosers(e, spec, result),
    });
  }
  return ok(out);
}

function emptyResult(round: RoundRow, budget: bigint, projects: { id: string; cost: bigint }[]): TallyResult {
  return {
    rule: round.rules.tally.rule,
    selected: [],
    cost: 0n,
    budget,
    scale: round.scale,
    voters: 0,
    votersWithWinner: 0,
    projects: projects.map((p) => ({
      id: p.id,
      cost: p.cost,
      votes: 0,
      score: 0,
      selected: false,
      reason: "no-support" as const,
    })),
  };
}

export function isUniqueViolation(e: unknown): boolean {
  for (let x = e as { code?: string; cause?: unknown } | undefined, i = 0; x && i < 4; x = x.cause as typeof x, i++) {
    if (x.code === "23505") return true;
  }
  return false;
}
