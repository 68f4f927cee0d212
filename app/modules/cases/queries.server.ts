import { and, asc, desc, eq, isNotNull, sql, type SQL } from "drizzle-orm";
import { agendaItems, bodies, caseDocuments, cases, caseSteps, meetings, processes } from "#db/schema/index.ts";
import type { Db, DbHandle } from "#db/client.ts";
import type { LocalizedText } from "#app/lib/localized.ts";
import { parseCaseNumber, type CaseNumber } from "./case-number.ts";
import { publicCase } from "./visibility.server.ts";

// Public reads of cases. Every query filters with publicCase(): a case that
// is exempt, or on a closed agenda item, is never returned.
export interface PublicCaseSummary {
  id: string;
  year: number;
  sequence: number;
  title: LocalizedText;
  summary: LocalizedText;
  decided: boolean;
  decidedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const summaryColumns = {
  id: cases.id,
  year: cases.year,
  sequence: cases.sequence,
  title: cases.title,
  summary: cases.summary,
  decidedAt: cases.decidedAt,
  decisionText: cases.decisionText,
  createdAt: cases.createdAt,
  updatedAt: cases.updatedAt,
};
const toSummary = ({
  decisionText,
  ...r
}: { decisionText: string | null } & Omit<PublicCaseSummary, "decided">): PublicCaseSummary => ({
  ...r,
  decided: !!decisionText,
});

export async function listRecentCases(
  db: Db,
  tenantId: string,
  opts: { limit?: number; areaBodyId?: string; decidedOnly?: boolean } = {},
): Promise<(PublicCaseSummary & { decisionText: string | null })[]> {
  const conds: SQL[] = [publicCase(tenantId)];
  if (opts.areaBodyId) conds.push(eq(cases.areaBodyId, opts.areaBodyId));
  if (opts.decidedOnly) conds.push(isNotNull(cases.decisionText));
  const rows = await db
    .select(summaryColumns)
    .from(cases)
    .where(and(...conds))
    .orderBy(opts.decidedOnly ? desc(cases.decidedAt) : desc(cases.createdAt), desc(cases.sequence))
    .limit(opts.limit ?? 50);
  return rows.map((r) => ({ ...toSummary(r), decisionText: r.decisionText }));
}

/** Cases handled by a body (on its journey), newest first. */
export async function listCasesOfBody(
  db: Db,
  tenantId: string,
  bodyId: string,
  limit = 50,
): Promise<PublicCaseSummary[]> {
  const rows = await db
    .select(summaryColumns)
    .from(cases)
    .where(
      and(
        publicCase(tenantId),
        sql`exists (select 1 from case_steps s where s.case_id = ${cases.id} and s.body_id = ${bodyId})`,
      ),
    )
    .orderBy(desc(cases.createdAt))
    .limit(limit);
  return rows.map(toSummary);
}

export async function getPublicCase(h: DbHandle, tenantId: string, number: CaseNumber) {
  const db = h.db;
  const [c] = await db
    .select({
      ...summaryColumns,
      geo: cases.geo,
      areaBodyId: cases.areaBodyId,
      areaKey: bodies.key,
      areaName: bodies.name,
    })
    .from(cases)
    .leftJoin(bodies, eq(bodies.id, cases.areaBodyId))
    .where(and(publicCase(tenantId), eq(cases.year, number.year), eq(cases.sequence, number.sequence)));
  if (!c) return null;
  // Three small reads by the case's id (indexed), independent of each other.
  const [steps, documents, procs, scheduled] = await Promise.all([
    db
      .select({
        position: caseSteps.position,
        kind: caseSteps.kind,
        date: caseSteps.date,
        bodyKey: bodies.key,
        bodyName: bodies.name,
        bodyKind: bodies.kind,
        meetingId: caseSteps.meetingId,
        meetingStartsAt: meetings.startsAt,
      })
      .from(caseSteps)
      .innerJoin(bodies, eq(bodies.id, caseSteps.bodyId))
      .leftJoin(meetings, eq(meetings.id, caseSteps.meetingId))
      .where(and(eq(caseSteps.caseId, c.id), eq(caseSteps.tenantId, tenantId)))
      .orderBy(asc(caseSteps.position)),
    db
      .select({
        id: caseDocuments.id,
        kind: caseDocuments.kind,
        title: caseDocuments.title,
        fileName: caseDocuments.fileName,
        mimeType: caseDocuments.mimeType,
        byteSize: caseDocuments.byteSize,
        createdAt: caseDocuments.createdAt,
      })
      .from(caseDocuments)
      .where(and(eq(caseDocuments.caseId, c.id), eq(caseDocuments.tenantId, tenantId)))
      .orderBy(asc(caseDocuments.position)),
    db
      .select({
        id: processes.id,
        kind: processes.kind,
        title: processes.title,
        status: processes.status,
        closesAt: processes.closesAt,
      })
      .from(processes)
      .where(and(eq(processes.caseId, c.id), eq(processes.tenantId, tenantId)))
      .orderBy(asc(processes.createdAt)),
    db
      .select({ meetingId: meetings.id, startsAt: meetings.startsAt, bodyName: bodies.name })
      .from(agendaItems)
      .innerJoin(meetings, and(eq(meetings.id, agendaItems.meetingId), isNotNull(meetings.noticePublishedAt)))
      .innerJoin(bodies, eq(bodies.id, meetings.bodyId))
      .where(and(eq(agendaItems.caseId, c.id), eq(agendaItems.tenantId, tenantId)))
      .orderBy(asc(meetings.startsAt)),
  ]);
  return {
    ...toSummary(c),
    decisionText: c.decisionText,
    geo: c.geo,
    area: c.areaKey ? { key: c.areaKey, name: c.areaName! } : null,
    steps,
    documents,
    processes: procs,
    meetings: scheduled,
  };
}

/** A public document's storage key, only if its case is public. */
export async function getPublicDocument(db: Db, tenantId: string, number: CaseNumber, documentId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(documentId)) return null;
  const [d] = await db
    .select({
      storageKey: caseDocuments.storageKey,
      fileName: caseDocuments.fileName,
      mimeType: caseDocuments.mimeType,
      byteSize: caseDocuments.byteSize,
      sha256: caseDocuments.sha256,
    })
    .from(caseDocuments)
    .innerJoin(cases, eq(cases.id, caseDocuments.caseId))
    .where(
      and(
        publicCase(tenantId),
        eq(cases.year, number.year),
        eq(cases.sequence, number.sequence),
        eq(caseDocuments.id, documentId),
        eq(caseDocuments.tenantId, tenantId),
      ),
    );
  return d ?? null;
}

export interface SearchHit extends PublicCaseSummary {
  rank: number;
  /** Titles of the documents whose text matched. */
  matchedDocuments: string[];
}

/**
 * Full-text search over public cases: title, plain-language summary, decision
 * text, and the title and extracted text of their documents, with
 * PostgreSQL's 'norwegian' configuration (docs/decisions/015-full-text-search.md).
 * A case number ("2026/101") finds that case. One query.
 */
export async function searchCases(h: DbHandle, tenantId: string, query: string, limit = 30): Promise<SearchHit[]> {
  const q = query.trim().slice(0, 200);
  if (!q) return [];
  const number = parseCaseNumber(q);
  if (number) {
    const rows = await h.db
      .select(summaryColumns)
      .from(cases)
      .where(and(publicCase(tenantId), eq(cases.year, number.year), eq(cases.sequence, number.sequence)));
    return rows.map((r) => ({ ...toSummary(r), rank: 1, matchedDocuments: [] }));
  }
  if (!(await hasNorwegianSearch(h))) return searchCasesSimple(h, tenantId, q, limit);
  const tsq = sql`websearch_to_tsquery('norwegian', ${q})`;
  const docHits = sql`(select coalesce(array_agg(d.title order by d.position), '{}') from case_documents d where d.case_id = ${CASE_ID} and d.search @@ ${tsq})`;
  const rows = await h.db
    .select({
      ...summaryColumns,
      rank: sql<number>`ts_rank(${cases.search}, ${tsq}) + coalesce((select max(ts_rank(d.search, ${tsq})) from case_documents d where d.case_id = ${CASE_ID}), 0)`.as(
        "rank",
      ),
      matchedDocuments: sql<string[]>`${docHits}`.as("matched_documents"),
    })
    .from(cases)
    .where(
      and(
        publicCase(tenantId),
        sql`(${cases.search} @@ ${tsq} or exists (select 1 from case_documents d where d.case_id = ${cases.id} and d.search @@ ${tsq}))`,
      ),
    )
    .orderBy(sql`rank desc`, desc(cases.createdAt))
    .limit(limit);
  return rows.map(({ rank, matchedDocuments, ...r }) => ({
    ...toSummary(r),
    rank: Number(rank),
    matchedDocuments: matchedDocuments ?? [],
  }));
}

// Inside a select list drizzle writes a column unqualified ("id"), which a
// subquery over case_documents would read as d.id: name the outer row.
const CASE_ID = sql.raw(`"cases"."id"`);

const norwegianSearch = new WeakMap<DbHandle, Promise<boolean>>();

/** Whether the database has the 'norwegian' text search configuration (checked once per handle). */
export function hasNorwegianSearch(h: DbHandle): Promise<boolean> {
  let p = norwegianSearch.get(h);
  if (!p) {
    p = h
      .rows<{ ok: boolean }>(sql`select exists (select 1 from pg_ts_config where cfgname = 'norwegian') as ok`)
      .then((r) => !!r[0]?.ok);
    norwegianSearch.set(h, p);
  }
  return p;
}

/**
 * The documented fallback (docs/decisions/015-full-text-search.md) for a
 * database without the 'norwegian' configuration: every word of the query
 * must occur (case-insensitively, as a substring) in the case's title,
 * summary or decision, or in one of its documents' title or text. No
 * stemming and no ranking beyond "title matches first"; same visibility rule.
 */
export async function searchCasesSimple(
  h: DbHandle,
  tenantId: string,
  query: string,
  limit = 30,
): Promise<SearchHit[]> {
  const words = query
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1)
    .slice(0, 8);
  if (!words.length) return [];
  const like = (w: string) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const caseText = sql`lower(${cases.title}::text || ' ' || ${cases.summary}::text || ' ' || coalesce(${cases.decisionText}, ''))`;
  const docText = sql`lower(d.title || ' ' || coalesce(d.extracted_text, ''))`;
  const conds = words.map(
    (w) =>
      sql`(${caseText} like ${like(w)} or exists (select 1 from case_documents d where d.case_id = ${cases.id} and ${docText} like ${like(w)}))`,
  );
  const first = like(words[0]!);
  const q = h.db
    .select({
      ...summaryColumns,
      rank: sql<number>`case when lower(${cases.title}::text) like ${first} then 1 else 0.5 end`.as("rank"),
      matchedDocuments: sql<
        string[]
      >`(select coalesce(array_agg(d.title order by d.position), '{}') from case_documents d where d.case_id = ${CASE_ID} and ${and(...words.map((w) => sql`${docText} like ${like(w)}`))})`.as(
        "matched_documents",
      ),
    })
    .from(cases)
    .where(and(publicCase(tenantId), ...conds))
    .orderBy(sql`rank desc`, desc(cases.createdAt))
    .limit(limit);
  const rows = await q;
  return rows.map(({ rank, matchedDocuments, ...r }) => ({
    ...toSummary(r),
    rank: Number(rank),
    matchedDocuments: matchedDocuments ?? [],
  }));
}
