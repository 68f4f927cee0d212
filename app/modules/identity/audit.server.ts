import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import type { Env } from "#app/lib/env.ts";
import { auditCheckpoints, auditEvents } from "#db/schema/index.ts";
import { keyFor } from "./keys.server.ts";
import { canonicalJson } from "./canonical-json.ts";

// The audit log (docs/decisions/013-audit-hash-chain.md): append-only (a
// trigger refuses UPDATE/DELETE) and hash-chained: each row stores the hash
// of the previous row and its own hash over a canonical JSON of its content,
// so changing, removing or reordering a row breaks verification from there on.
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Executor = Db | Tx;

export const GENESIS_HASH = "0".repeat(64);
const AUDIT_LOCK = 7_340_113; // pg_advisory_xact_lock key: one appender at a time

export interface AuditInput {
  tenantId?: string | null;
  actorPersonId?: string | null;
  action: string;
  subjectType?: string | null;
  subjectId?: string | null;
  data?: Record<string, unknown>;
}

type Row = typeof auditEvents.$inferSelect;

export function rowHash(
  prevHash: string,
  r: Pick<Row, "seq" | "at" | "tenantId" | "actorPersonId" | "action" | "subjectType" | "subjectId" | "data">,
): string {
  const body = canonicalJson({
    seq: r.seq,
    at: r.at.toISOString(),
    tenantId: r.tenantId,
    actorPersonId: r.actorPersonId,
    action: r.action,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    data: r.data,
  });
  return createHash("sha256").update(prevHash).update("\n").update(body).digest("hex");
}

/** Appends one event. Call inside the transaction that does the audited change. */
export async function appendAudit(tx: Executor, at: Date, e: AuditInput): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
  const [last] = await tx
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  const row = {
    seq: (last?.seq ?? 0) + 1,
    at: new Date(Math.floor(at.getTime())),
    tenantId: e.tenantId ?? null,
    actorPersonId: e.actorPersonId ?? null,
    action: e.action,
    subjectType: e.subjectType ?? null,
    subjectId: e.subjectId ?? null,
    data: e.data ?? {},
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  await tx.insert(auditEvents).values({ ...row, prevHash, hash: rowHash(prevHash, row) });
}

/** Appends in its own transaction (for events with no other change, e.g. a refused sign-in). */
export async function audit(db: Db, at: Date, e: AuditInput): Promise<void> {
  await db.transaction((tx) => appendAudit(tx, at, e));
}

export type ChainResult =
  | { ok: true; rows: number; lastHash: string; checkpoint?: { seq: number; at: string } }
  | {
      ok: false;
      rows: number;
      brokenAt: number;
      /** truncated: a signed checkpoint names a row the chain no longer has (its tail was cut). */
      reason: "prev-hash" | "hash" | "gap" | "truncated" | "checkpoint-mismatch" | "checkpoint-forged";
    };

const checkpointMac = (env: Env, seq: number, hash: string, at: Date) =>
  createHmac("sha256", keyFor(env, "auditCheckpoint")).update(`${seq}\n${hash}\n${at.toISOString()}`).digest("hex");

/**
 * Signs the chain's head (length and last hash) with the server key and keeps
 * it in audit_checkpoints (append-only); written daily by the server and on
 * demand (`medvirk audit checkpoint`). Returns what it signed.
 */
export async function checkpointAudit(db: Db, env: Env, at: Date): Promise<{ seq: number; hash: string; at: Date }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`); // the head cannot move while it is signed
    const [last] = await tx
      .select({ seq: auditEvents.seq, hash: auditEvents.hash })
      .from(auditEvents)
      .orderBy(desc(auditEvents.seq))
      .limit(1);
    const cp = { seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH, at: new Date(Math.floor(at.getTime())) };
    await tx.insert(auditCheckpoints).values({ ...cp, mac: checkpointMac(env, cp.seq, cp.hash, cp.at) });
    return cp;
  });
}

/**
 * Walks the whole chain in order; reports the first row that does not verify.
 * With `env`, the chain is also held against the signed checkpoints: a chain
 * shorter than a checkpoint (its last rows deleted) or with another hash at a
 * checkpoint's row fails, and so does a checkpoint whose signature is wrong.
 */
export async function verifyAuditChain(db: Db, opts: { env?: Env } = {}): Promise<ChainResult> {
  const walked = await walkChain(db);
  if (!walked.ok || !opts.env) return walked;
  const env = opts.env;
  const checkpoints = await db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.seq));
  for (const cp of checkpoints) {
    const expected = Buffer.from(checkpointMac(env, cp.seq, cp.hash, cp.at), "hex");
    const got = Buffer.from(cp.mac, "hex");
    if (got.length !== expected.length || !timingSafeEqual(got, expected))
      return { ok: false, rows: walked.rows, brokenAt: cp.seq, reason: "checkpoint-forged" };
  }
  const head = checkpoints[0];
  if (!head) return walked;
  if (head.seq > walked.rows) return { ok: false, rows: walked.rows, brokenAt: walked.rows + 1, reason: "truncated" };
  for (const cp of checkpoints) {
    if (cp.seq === 0) continue;
    const [row] = await db.select({ hash: auditEvents.hash }).from(auditEvents).where(eq(auditEvents.seq, cp.seq));
    if (row?.hash !== cp.hash) return { ok: false, rows: walked.rows, brokenAt: cp.seq, reason: "checkpoint-mismatch" };
  }
  return { ...walked, checkpoint: { seq: head.seq, at: head.at.toISOString() } };
}

async function walkChain(db: Db): Promise<ChainResult> {
  let prev = GENESIS_HASH;
  let expectSeq = 1;
  let n = 0;
  const page = 1000;
  for (let after = 0; ;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.seq} > ${after}`)
      .orderBy(asc(auditEvents.seq))
      .limit(page);
    for (const r of rows) {
      n++;
      if (r.seq !== expectSeq) return { ok: false, rows: n, brokenAt: r.seq, reason: "gap" };
      if (r.prevHash !== prev) return { ok: false, rows: n, brokenAt: r.seq, reason: "prev-hash" };
      if (rowHash(prev, r) !== r.hash) return { ok: false, rows: n, brokenAt: r.seq, reason: "hash" };
      prev = r.hash;
      expectSeq++;
    }
    if (rows.length < page) break;
    after = rows[rows.length - 1]!.seq;
  }
  return { ok: true, rows: n, lastHash: prev };
}

/** The newest events of one municipality, for the admin page. */
export async function listAudit(db: Db, tenantId: string, limit = 100): Promise<Row[]> {
  return db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.tenantId, tenantId))
    .orderBy(desc(auditEvents.seq))
    .limit(limit);
}
