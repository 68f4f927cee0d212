import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import { bodies, cases, consultations, opinionSections, opinionStatements, opinionVotes } from "#db/schema/index.ts";
import type { Db } from "#db/client.ts";
import { publicCase } from "#app/modules/cases/visibility.server.ts";
import { isOpen } from "#app/modules/consultations/deadline.ts";
import {
  buildVoteMatrix,
  opinionGroups as computeGroups,
  type OpinionGroups,
  type Vote,
} from "#app/modules/consultations/opinion-groups/index.ts";
import type { OpinionDeps } from "./commands.server.ts";

// Reads for opinion statements (issue 23): whether the section is on, the next statement for a
// participant, the groups (cached per consultation), and the moderation queue.

/** Whether the consultation (of this municipality) has the statements section turned on. */
export async function opinionSectionEnabled(db: Db, tenantId: string, consultationId: string): Promise<boolean> {
  const [r] = await db
    .select({ enabled: opinionSections.enabled })
    .from(opinionSections)
    .where(and(eq(opinionSections.consultationId, consultationId), eq(opinionSections.tenantId, tenantId)));
  return !!r?.enabled;
}

export interface NextStatement {
  id: string;
  text: string;
  votes: number;
}

/**
 * The statement to show a participant now: a published statement of the consultation they have
 * not voted on and did not write, the one with the fewest votes first (so new statements get
 * seen), then the oldest, then by id (deterministic).
 */
export async function nextOpinionStatement(
  db: Db,
  tenantId: string,
  consultationId: string,
  personId: string,
): Promise<NextStatement | null> {
  const [s] = await db
    .select({
      id: opinionStatements.id,
      text: opinionStatements.text,
      votes: sql<number>`(select count(*)::int from ${opinionVotes} v where v.statement_id = "opinion_statements"."id")`,
    })
    .from(opinionStatements)
    .where(
      and(
        eq(opinionStatements.tenantId, tenantId),
        eq(opinionStatements.consultationId, consultationId),
        eq(opinionStatements.state, "published"),
        ne(opinionStatements.personId, personId),
        sql`not exists (select 1 from ${opinionVotes} v where v.statement_id = "opinion_statements"."id" and v.person_id = ${personId})`,
      ),
    )
    .orderBy(
      sql`(select count(*) from ${opinionVotes} v where v.statement_id = "opinion_statements"."id")`,
      asc(opinionStatements.createdAt),
      asc(opinionStatements.id),
    )
    .limit(1);
  return s ?? null;
}

export interface GroupsStatement {
  id: string;
  text: string;
  /** Share of agree votes among the votes cast (passes included) by the group, or by everyone clustered. */
  agree: number;
  /** Share of disagree votes, likewise. */
  disagree: number;
  side: "agree" | "disagree";
  /** For a group's representative statement: the same shares among everyone clustered outside the group. */
  rest?: { agree: number; disagree: number };
}

export type GroupsResult =
  | {
      ok: true;
      participants: number;
      /** Participants with enough votes to be placed in a group. */
      clustered: number;
      groups: { size: number; representative: GroupsStatement[] }[];
      consensus: GroupsStatement[];
      /** Every participant's position and group (-1: not enough votes to be grouped); no ids. */
      points: { pos: readonly [number, number]; group: number }[];
    }
  | { ok: false; reason: "too-few-participants"; participants: number; needed: number };

const REFRESH_MS = 5_000;
type Entry = { at: number; fingerprint: string; value: Promise<GroupsResult> };
// One cache per database handle (the process creates one, STYLE.md §0), so tests with their own
// databases never share entries. In development Vite may load this module twice; two caches then
// cost one extra computation, nothing else.
const caches = new WeakMap<object, Map<string, Entry>>();

async function fingerprint(db: Db, tenantId: string, consultationId: string): Promise<string> {
  const [v] = await db
    .select({ n: sql<number>`count(*)::int`, last: sql<string | null>`max(${opinionVotes.updatedAt})::text` })
    .from(opinionVotes)
    .where(and(eq(opinionVotes.tenantId, tenantId), eq(opinionVotes.consultationId, consultationId)));
  const [s] = await db
    .select({
      n: sql<number>`count(*)::int`,
      last: sql<string | null>`max(coalesce(${opinionStatements.moderatedAt}, ${opinionStatements.createdAt}))::text`,
    })
    .from(opinionStatements)
    .where(and(eq(opinionStatements.tenantId, tenantId), eq(opinionStatements.consultationId, consultationId)));
  return `${v?.n}:${v?.last}:${s?.n}:${s?.last}`;
}

/**
 * The opinion groups of a consultation, from its votes on published and hidden statements (hidden
 * ones count as a pass by everyone, as Polis treats moderated-out statements; ADR 050). Cached per
 * consultation: within 5 seconds of the last computation the cached result is returned as is;
 * after that it is recomputed only if votes or statements changed.
 */
export async function opinionGroups(
  deps: OpinionDeps,
  tenantId: string,
  consultationId: string,
): Promise<GroupsResult> {
  const db = deps.db.db;
  let cache = caches.get(deps.db);
  if (!cache) caches.set(deps.db, (cache = new Map()));
  const key = `${tenantId}:${consultationId}`;
  const now = deps.now().getTime();
  const hit = cache.get(key);
  if (hit && now - hit.at < REFRESH_MS) return hit.value;
  const fp = await fingerprint(db, tenantId, consultationId);
  if (hit && hit.fingerprint === fp) {
    hit.at = now;
    return hit.value;
  }
  const value = computeFor(db, tenantId, consultationId);
  const entry = { at: now, fingerprint: fp, value };
  cache.set(key, entry);
  value.catch(() => cache.delete(key)); // never keep a failure
  return value;
}

async function computeFor(db: Db, tenantId: string, consultationId: string): Promise<GroupsResult> {
  const statements = await db
    .select({ id: opinionStatements.id, text: opinionStatements.text, state: opinionStatements.state })
    .from(opinionStatements)
    .where(
      and(
        eq(opinionStatements.tenantId, tenantId),
        eq(opinionStatements.consultationId, consultationId),
        inArray(opinionStatements.state, ["published", "hidden"]),
      ),
    );
  const byId = new Map(statements.map((s) => [s.id, s]));
  const rows = await db
    .select({
      personId: opinionVotes.personId,
      statementId: opinionVotes.statementId,
      value: opinionVotes.value,
      updatedAt: opinionVotes.updatedAt,
    })
    .from(opinionVotes)
    .where(and(eq(opinionVotes.tenantId, tenantId), eq(opinionVotes.consultationId, consultationId)))
    .orderBy(asc(opinionVotes.updatedAt), asc(opinionVotes.id));
  const votes: Vote[] = rows
    .filter((r) => byId.has(r.statementId))
    .map((r) => ({
      participant: r.personId,
      statement: r.statementId,
      vote: r.value as -1 | 0 | 1,
      time: r.updatedAt.getTime(),
    }));
  const participants = new Set(votes.map((v) => v.participant)).size;
  if (participants < 2) return { ok: false, reason: "too-few-participants", participants, needed: 2 };
  const matrix = buildVoteMatrix(votes);
  const g: OpinionGroups = computeGroups(matrix, {
    excludedStatements: statements.filter((s) => s.state === "hidden").map((s) => s.id),
    seed: consultationId,
  });
  if (!g.ok) return { ok: false, reason: g.reason, participants, needed: g.needed };

  // Agree shares per group (and over everyone clustered), straight from the matrix.
  const col = new Map(matrix.statements.map((s, j) => [s, j]));
  const m = matrix.statements.length;
  const rowOf = new Map(matrix.participants.map((p, r) => [p, r]));
  const share = (members: readonly string[], statement: string) => {
    const j = col.get(statement)!;
    let agree = 0;
    let disagree = 0;
    let seen = 0;
    for (const p of members) {
      const x = matrix.cells[rowOf.get(p)! * m + j]!;
      if (Number.isNaN(x)) continue;
      seen++;
      if (x > 0) agree++;
      else if (x < 0) disagree++;
    }
    return { agree: seen ? agree / seen : 0, disagree: seen ? disagree / seen : 0 };
  };
  const clustered = [...g.groupOf.keys()];
  const view = (statement: string, side: "agree" | "disagree", members: readonly string[]): GroupsStatement => ({
    id: statement,
    text: byId.get(statement)?.text ?? "",
    ...share(members, statement),
    side,
  });
  return {
    ok: true,
    participants,
    clustered: clustered.length,
    groups: g.groups.map((gr) => {
      const inGroup = new Set(gr.members);
      const rest = clustered.filter((p) => !inGroup.has(p));
      return {
        size: gr.members.length,
        representative: gr.representative.map((r) => ({
          ...view(r.statement, r.side, gr.members),
          rest: share(rest, r.statement),
        })),
      };
    }),
    consensus: [
      ...g.consensus.agree.map((c) => view(c.statement, "agree", clustered)),
      ...g.consensus.disagree.map((c) => view(c.statement, "disagree", clustered)),
    ],
    points: matrix.participants.map((p) => ({ pos: g.positions.get(p)!, group: g.groupOf.get(p) ?? -1 })),
  };
}

/**
 * The groups for the consultation's input report, computed now from every vote (not the page's
 * 5-second cache: a report states what the votes were when it was made). Null when the
 * consultation has no statements at all (the report then leaves the section out).
 */
export async function opinionGroupsForReport(
  db: Db,
  tenantId: string,
  consultationId: string,
): Promise<GroupsResult | null> {
  const [s] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(opinionStatements)
    .where(
      and(
        eq(opinionStatements.tenantId, tenantId),
        eq(opinionStatements.consultationId, consultationId),
        inArray(opinionStatements.state, ["published", "hidden"]),
      ),
    );
  if (!s?.n) return null;
  return computeFor(db, tenantId, consultationId);
}

/** The consultation as the statements page needs it (public cases only), or null. */
export async function opinionConsultation(db: Db, tenantId: string, consultationId: string) {
  const [c] = await db
    .select({
      id: consultations.id,
      title: consultations.title,
      opensAt: consultations.opensAt,
      closesAt: consultations.closesAt,
      closedAt: consultations.closedAt,
      moderation: consultations.moderation,
      processId: consultations.processId,
      bodyName: bodies.name,
      enabled: opinionSections.enabled,
    })
    .from(consultations)
    .innerJoin(cases, eq(cases.id, consultations.caseId))
    .innerJoin(bodies, eq(bodies.id, consultations.bodyId))
    .leftJoin(opinionSections, eq(opinionSections.consultationId, consultations.id))
    .where(and(eq(consultations.id, consultationId), eq(consultations.tenantId, tenantId), publicCase(tenantId)));
  return c ? { ...c, enabled: !!c.enabled } : null;
}

/** Everything the statements page shows a reader (personId null: not signed in). */
export async function statementsPage(
  deps: OpinionDeps,
  tenantId: string,
  consultationId: string,
  personId: string | null,
) {
  const db = deps.db.db;
  const c = await opinionConsultation(db, tenantId, consultationId);
  if (!c || !c.enabled) return null;
  const [next, counts, mine, groups] = await Promise.all([
    personId ? nextOpinionStatement(db, tenantId, consultationId, personId) : Promise.resolve(null),
    db
      .select({
        published: sql<number>`count(*) filter (where ${opinionStatements.state} = 'published')::int`,
        // What the reader can answer: published statements they did not write.
        answerable: personId
          ? sql<number>`count(*) filter (where ${opinionStatements.state} = 'published' and ${opinionStatements.personId} <> ${personId})::int`
          : sql<number>`count(*) filter (where ${opinionStatements.state} = 'published')::int`,
        voted: personId
          ? sql<number>`count(*) filter (where ${opinionStatements.state} = 'published' and ${opinionStatements.personId} <> ${personId} and exists (select 1 from ${opinionVotes} v where v.statement_id = "opinion_statements"."id" and v.person_id = ${personId}))::int`
          : sql<number>`0`,
      })
      .from(opinionStatements)
      .where(and(eq(opinionStatements.tenantId, tenantId), eq(opinionStatements.consultationId, consultationId))),
    personId
      ? db
          .select({ id: opinionStatements.id, text: opinionStatements.text, state: opinionStatements.state })
          .from(opinionStatements)
          .where(
            and(
              eq(opinionStatements.tenantId, tenantId),
              eq(opinionStatements.consultationId, consultationId),
              eq(opinionStatements.personId, personId),
            ),
          )
          .orderBy(asc(opinionStatements.createdAt))
      : Promise.resolve([]),
    opinionGroups(deps, tenantId, consultationId),
  ]);
  return {
    consultation: c,
    open: isOpen(c, deps.now()),
    notYetOpen: !c.closedAt && c.opensAt > deps.now(),
    next,
    published: counts[0]?.published ?? 0,
    answerable: counts[0]?.answerable ?? 0,
    voted: counts[0]?.voted ?? 0,
    mine,
    groups,
  };
}

/** Statements waiting for a moderator or hidden, for the consultation's staff page. */
export async function opinionModerationQueue(db: Db, tenantId: string, consultationId: string) {
  return db
    .select({
      id: opinionStatements.id,
      text: opinionStatements.text,
      state: opinionStatements.state,
      reason: opinionStatements.moderationReason,
      createdAt: opinionStatements.createdAt,
    })
    .from(opinionStatements)
    .where(
      and(
        eq(opinionStatements.tenantId, tenantId),
        eq(opinionStatements.consultationId, consultationId),
        inArray(opinionStatements.state, ["pending", "hidden"]),
      ),
    )
    .orderBy(asc(opinionStatements.createdAt));
}

/** Every statement of the consultation for its moderators: pending first, then hidden, then published. */
export async function opinionStatementsForStaff(db: Db, tenantId: string, consultationId: string) {
  return db
    .select({
      id: opinionStatements.id,
      text: opinionStatements.text,
      state: opinionStatements.state,
      reason: opinionStatements.moderationReason,
      createdAt: opinionStatements.createdAt,
    })
    .from(opinionStatements)
    .where(and(eq(opinionStatements.tenantId, tenantId), eq(opinionStatements.consultationId, consultationId)))
    .orderBy(
      sql`case ${opinionStatements.state} when 'pending' then 0 when 'hidden' then 1 else 2 end`,
      asc(opinionStatements.createdAt),
    );
}

/** Statements waiting for a moderator or hidden, across the municipality (its moderation queue page). */
export async function opinionQueueForTenant(db: Db, tenantId: string) {
  return db
    .select({
      id: opinionStatements.id,
      text: opinionStatements.text,
      state: opinionStatements.state,
      reason: opinionStatements.moderationReason,
      createdAt: opinionStatements.createdAt,
      consultationId: consultations.id,
      title: consultations.title,
    })
    .from(opinionStatements)
    .innerJoin(consultations, eq(consultations.id, opinionStatements.consultationId))
    .where(and(eq(opinionStatements.tenantId, tenantId), inArray(opinionStatements.state, ["pending", "hidden"])))
    .orderBy(sql`case ${opinionStatements.state} when 'pending' then 0 else 1 end`, asc(opinionStatements.createdAt))
    .limit(200);
}
