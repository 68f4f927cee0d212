import { randomUUID } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { smsConversations, smsOptOuts, smsOutbox } from "#db/schema/index.ts";
import type { Deps } from "#app/lib/deps.ts";
import { decryptPhone, encryptPhone, phoneHash } from "./crypto.server.ts";
import { normalizePhone, parseE164, maskPhone, type E164 } from "./phone.ts";
import { nextAllowedSendTime } from "./quiet-hours.ts";
import type { Expecting } from "./replies.ts";
import { err, ok, type Result } from "#app/lib/result.ts";
import { analyzeSms, prepareSmsBody, validateSmsBody } from "./segments.ts";
import { reserveSendSlot } from "./rate.server.ts";
import { deliveryRank, type SmsSendOutcome, type SmsTransport } from "./transport.ts";

// The durable SMS outbox (docs/decisions/020-sms-outbox-skip-locked.md).
// Commands call enqueueSms inside their own transaction; the worker below
// claims due rows with FOR UPDATE SKIP LOCKED and a lease, sends them through
// the transport, and records the provider's SID. Nothing here is called from
// a route directly.

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Executor = Db | Tx;

export interface SmsError {
  code: string;
  status: number;
  field?: string;
  params?: Record<string, string | number>;
}

export interface EnqueueSmsInput {
  tenantId: string | null;
  /** Unique idempotency key: the same key twice gives one message (e.g. `panels:invite:<panel>:<person>`). */
  key: string;
  /** A phone number as typed or stored; normalised to E.164 (Norway by default). */
  to: string;
  body: string;
  lang?: string;
  purpose?: string;
  /** Ignore quiet hours (21:00–08:00 Europe/Oslo): sign-in codes, cancellations. */
  urgent?: boolean;
  campaignId?: string | null;
  /** Do not send before this moment. */
  notBefore?: Date;
  /** Open a conversation that awaits the reply to this message (conversations.server.ts). */
  conversation?: { kind: string; ref?: Record<string, unknown>; expecting: Expecting; ttlHours?: number };
}

/**
 * Queues one SMS in the caller's transaction. Validates the number and the
 * body first (nothing is queued on `phone.*` or `sms.tooLong`). Returns
 * `created: false` when a row with the same key exists already.
 */
export async function enqueueSms(
  tx: Executor,
  deps: Pick<Deps, "env" | "now">,
  input: EnqueueSmsInput,
): Promise<Result<{ id: string; created: boolean }, SmsError>> {
  const phone = input.to.startsWith("+") && parseE164(input.to).ok ? (input.to as E164) : null;
  const norm = phone ? ok(phone) : normalizePhone(input.to);
  if (!norm.ok) return err({ code: norm.error.code, status: 400, field: "to" });
  const body = prepareSmsBody(input.body);
  const valid = validateSmsBody(body);
  if (!valid.ok) {
    const e = valid.error as { code: string };
    const a = analyzeSms(body);
    return err({
      code: e.code,
      status: 400,
      field: "body",
      params: { characters: a.characters, segments: a.segments, encoding: a.encoding },
    });
  }
  const a = analyzeSms(body);
  const now = deps.now();
  const id = randomUUID();
  const hash = phoneHash(deps.env, norm.value);
  const inserted = await tx
    .insert(smsOutbox)
    .values({
      id,
      tenantId: input.tenantId,
      idempotencyKey: input.key,
      toEnc: encryptPhone(deps.env, norm.value),
      toHash: hash,
      body,
      lang: input.lang ?? "nb",
      purpose: input.purpose ?? "message",
      encoding: a.encoding,
      segments: a.segments,
      urgent: input.urgent ?? false,
      campaignId: input.campaignId ?? null,
      nextAttemptAt: input.notBefore && input.notBefore > now ? input.notBefore : now,
      createdAt: now,
    })
    .onConflictDoNothing({ target: smsOutbox.idempotencyKey })
    .returning({ id: smsOutbox.id });
  if (!inserted.length) {
    const [existing] = await tx
      .select({ id: smsOutbox.id })
      .from(smsOutbox)
      .where(eq(smsOutbox.idempotencyKey, input.key));
    return ok({ id: existing!.id, created: false });
  }
  if (input.conversation) {
    const c = input.conversation;
    // A new question replaces any open conversation with this phone: the reply answers the latest message.
    await tx
      .update(smsConversations)
      .set({ status: "closed", closedAt: now })
      .where(and(eq(smsConversations.phoneHash, hash), eq(smsConversations.status, "open")));
    await tx.insert(smsConversations).values({
      tenantId: input.tenantId,
      phoneHash: hash,
      kind: c.kind,
      ref: c.ref ?? {},
      expecting: c.expecting,
      lang: input.lang ?? "nb",
      outboxId: id,
      createdAt: now,
      expiresAt: new Date(now.getTime() + (c.ttlHours ?? 72) * 3600_000),
    });
  }
  return ok({ id, created: true });
}

/**
 * Queues many SMS in one statement (campaigns, invitations in bulk), in the
 * caller's transaction. Every input is validated first; nothing is queued if
 * one is invalid (its index is in the error). Existing keys are skipped.
 */
export async function enqueueSmsMany(
  tx: Executor,
  deps: Pick<Deps, "env" | "now">,
  inputs: readonly Omit<EnqueueSmsInput, "conversation">[],
): Promise<Result<{ created: number }, SmsError & { index?: number }>> {
  const now = deps.now();
  const values: (typeof smsOutbox.$inferInsert)[] = [];
  for (const [index, input] of inputs.entries()) {
    const phone = input.to.startsWith("+") && parseE164(input.to).ok ? (input.to as E164) : null;
    const norm = phone ? ok(phone) : normalizePhone(input.to);
    if (!norm.ok) return err({ code: norm.error.code, status: 400, field: "to", index });
    const body = prepareSmsBody(input.body);
    const valid = validateSmsBody(body);
    if (!valid.ok) return err({ code: (valid.error as { code: string }).code, status: 400, field: "body", index });
    const a = analyzeSms(body);
    values.push({
      tenantId: input.tenantId,
      idempotencyKey: input.key,
      toEnc: encryptPhone(deps.env, norm.value),
      toHash: phoneHash(deps.env, norm.value),
      body,
      lang: input.lang ?? "nb",
      purpose: input.purpose ?? "message",
      encoding: a.encoding,
      segments: a.segments,
      urgent: input.urgent ?? false,
      campaignId: input.campaignId ?? null,
      nextAttemptAt: input.notBefore && input.notBefore > now ? input.notBefore : now,
      createdAt: now,
    });
  }
  if (!values.length) return ok({ created: 0 });
  const inserted = await tx
    .insert(smsOutbox)
    .values(values)
    .onConflictDoNothing({ target: smsOutbox.idempotencyKey })
    .returning({ id: smsOutbox.id });
  return ok({ created: inserted.length });
}

/** The purpose of the one message that confirms a STOP; the worker sends it although the phone has opted out. */
export const STOP_CONFIRMATION = "reply.stop";

/** Whether the phone (by hash) has opted out. */
export async function isOptedOut(db: Executor, hash: string): Promise<boolean> {
  const r = await db.select({ h: smsOptOuts.phoneHash }).from(smsOptOuts).where(eq(smsOptOuts.phoneHash, hash));
  return r.length > 0;
}

// ---------------------------------------------------------------- worker

export interface SmsWorkerOptions {
  transport: SmsTransport;
  workerId?: string;
  /** Rows claimed per round. */
  batchSize?: number;
  /** Sends in flight at once per worker. */
  concurrency?: number;
  /** How long a claim is held; a worker that dies loses its rows after this. Must exceed the transport's timeout. */
  leaseMs?: number;
  pollMs?: number;
  maxAttempts?: number;
  ratePerSecond?: number;
  /** First retry delay; doubles per attempt (with jitter) up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** The status callback URL for a row (Twilio posts delivery status there). */
  statusCallback?: (outboxId: string) => string | undefined;
  now?: () => Date;
  /** Called after each row is finished (tests, campaign progress). */
  onResult?: (r: { id: string; outcome: string; campaignId: string | null; tenantId: string | null }) => void;
}

export interface SmsWorker {
  readonly id: string;
  /** One round: claim due rows and process them. Returns how many were claimed. */
  runOnce(): Promise<number>;
  start(): void;
  /** Ask a sleeping worker to look for due rows now. */
  wake(): void;
  /** Stops after the current round. */
  stop(): Promise<void>;
}

interface Claimed {
  id: string;
  to_enc: string;
  to_hash: string;
  body: string;
  segments: number;
  attempts: number;
  inflight_since: Date | string | null;
  urgent: boolean;
  campaign_id: string | null;
  tenant_id: string | null;
  purpose: string;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createSmsWorker(deps: Deps, opts: SmsWorkerOptions): SmsWorker {
  const id = opts.workerId ?? `w-${randomUUID().slice(0, 8)}`;
  const now = opts.now ?? deps.now;
  const batchSize = opts.batchSize ?? 20;
  const concurrency = opts.concurrency ?? 4;
  const leaseMs = opts.leaseMs ?? 60_000;
  const pollMs = opts.pollMs ?? 1_000;
  const maxAttempts = opts.maxAttempts ?? deps.env.SMS_MAX_ATTEMPTS;
  const rate = opts.ratePerSecond ?? deps.env.SMS_RATE_PER_SECOND;
  const backoffMs = opts.backoffMs ?? 5_000;
  const maxBackoffMs = opts.maxBackoffMs ?? 30 * 60_000;
  const { transport } = opts;
  const db = deps.db;
  let running = false;
  let loop: Promise<void> | null = null;
  let wakeUp: (() => void) | null = null;

  const backoff = (attempts: number) => {
    const base = Math.min(maxBackoffMs, backoffMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(base / 2 + (Math.random() * base) / 2);
  };

  async function claim(): Promise<Claimed[]> {
    const t = now();
    return db.rows<Claimed>(sql`
      update sms_outbox o
         set status = 'sending', locked_until = ${new Date(t.getTime() + leaseMs).toISOString()}::timestamptz, locked_by = ${id}
       where o.id in (
         select id from sms_outbox
          where status in ('queued', 'sending') and next_attempt_at <= ${t.toISOString()}::timestamptz
            and (locked_until is null or locked_until < ${t.toISOString()}::timestamptz)
          order by next_attempt_at
          limit ${batchSize}
          for update skip locked)
      returning o.id, o.to_enc, o.to_hash, o.body, o.segments, o.attempts, o.inflight_since, o.urgent, o.campaign_id, o.tenant_id, o.purpose`);
  }

  /** Updates a row only while this worker still holds it. */
  const mine = (rowId: string) =>
    and(eq(smsOutbox.id, rowId), eq(smsOutbox.lockedBy, id), eq(smsOutbox.status, "sending"));

  async function finish(row: Claimed, outcome: string, set: Partial<typeof smsOutbox.$inferInsert>, onlyMine = true) {
    await db.db
      .update(smsOutbox)
      .set({ lockedUntil: null, lockedBy: null, ...set })
      .where(onlyMine ? mine(row.id) : eq(smsOutbox.id, row.id));
    opts.onResult?.({ id: row.id, outcome, campaignId: row.campaign_id, tenantId: row.tenant_id });
  }

  async function markSent(row: Claimed, sid: string, status: string) {
    const t = now();
    // Recorded even if the lease ran out meanwhile: the message did go, and its SID must be kept.
    await db.db
      .update(smsOutbox)
      .set({
        status: "sent",
        providerSid: sid,
        transport: transport.name,
        sentAt: t,
        inflightSince: null,
        lockedUntil: null,
        lockedBy: null,
        lastError: null,
        deliveryStatus: sql`case when ${smsOutbox.deliveryRank} < ${deliveryRank(status)} then ${status} else ${smsOutbox.deliveryStatus} end`,
        deliveryRank: sql`greatest(${smsOutbox.deliveryRank}, ${deliveryRank(status)})`,
        deliveryUpdatedAt: t,
      })
      .where(and(eq(smsOutbox.id, row.id), isNull(smsOutbox.providerSid)));
    opts.onResult?.({ id: row.id, outcome: "sent", campaignId: row.campaign_id, tenantId: row.tenant_id });
  }

  async function retryLater(
    row: Claimed,
    attempts: number,
    error: string,
    code: number | undefined,
    keepInflight: boolean,
    retryAfterMs?: number,
  ) {
    const t = now();
    if (attempts >= maxAttempts && !keepInflight) {
      deps.log.warn({ outbox: row.id, attempts, error }, "sms dead-lettered after too many attempts");
      return finish(row, "dead", { status: "dead", lastError: error, errorCode: code ?? null, inflightSince: null });
    }
    const delay = Math.max(retryAfterMs ?? 0, backoff(attempts));
    return finish(row, "retry", {
      status: "queued",
      nextAttemptAt: new Date(t.getTime() + delay),
      lastError: error,
      errorCode: code ?? null,
      ...(keepInflight ? {} : { inflightSince: null }),
    });
  }

  async function process(row: Claimed) {
    const t = now();
    // 1. Opted out (checked at send time, so a STOP mid-campaign stops the rest). The one
    //    confirmation of a STOP goes through the opt-out it confirms.
    if (row.purpose !== STOP_CONFIRMATION && (await isOptedOut(db.db, row.to_hash)))
      return finish(row, "suppressed", { status: "suppressed", inflightSince: null });
    // 2. Quiet hours.
    if (!row.urgent) {
      const allowed = nextAllowedSendTime(t);
      if (allowed.getTime() !== t.getTime())
        return finish(row, "deferred", { status: "queued", nextAttemptAt: allowed });
    }
    const to = decryptPhone(deps.env, row.to_enc);
    // 3. The last attempt ended without a clear answer (timeout, lost connection, 5xx, or a worker
    //    died mid-send): ask the provider whether it has the message before sending again.
    if (row.inflight_since) {
      const since = new Date(new Date(row.inflight_since).getTime() - 5 * 60_000);
      let found;
      try {
        found = await transport.lookup({ to, body: row.body, since });
      } catch (e) {
        deps.log.warn({ outbox: row.id, err: String(e) }, "sms lookup failed; will try again");
        return retryLater(row, row.attempts, `lookup failed: ${String(e)}`, undefined, true);
      }
      if (found) {
        deps.log.info(
          { outbox: row.id, sid: found.sid },
          "sms found at the provider after an ambiguous result; not sending again",
        );
        return markSent(row, found.sid, found.status);
      }
      if (row.attempts >= maxAttempts)
        return retryLater(row, row.attempts, "not found after an ambiguous result", undefined, false);
    }
    // 4. Shared rate limit per sender (in segments): reserve a slot, wait for it.
    const slot = await reserveSendSlot(db, transport.sender, rate, Date.now(), row.segments);
    const wait = slot - Date.now();
    if (wait > 0) await sleep(wait);
    // 5. Mark in flight (only if we still hold the row), then send.
    const marked = await db.db
      .update(smsOutbox)
      .set({ inflightSince: now(), attempts: sql`${smsOutbox.attempts} + 1` })
      .where(mine(row.id))
      .returning({ attempts: smsOutbox.attempts });
    if (!marked.length) return; // lease lost: another worker has it
    const attempts = marked[0]!.attempts;
    const outcome: SmsSendOutcome = await transport
      .send({ outboxId: row.id, to, body: row.body, statusCallback: opts.statusCallback?.(row.id) })
      .catch((e: unknown): SmsSendOutcome => ({ kind: "retry", ambiguous: true, error: String(e) }));
    if (outcome.kind === "sent") return markSent(row, outcome.sid, outcome.status);
    if (outcome.kind === "retry")
      return retryLater(row, attempts, outcome.error, outcome.code, outcome.ambiguous, outcome.retryAfterMs);
    if (outcome.code === 21610) {
      // The phone replied STOP at Twilio's level: an opt-out, not a delivery failure.
      await db.db
        .insert(smsOptOuts)
        .values({ phoneHash: row.to_hash, source: "twilio-21610", optedOutAt: now() })
        .onConflictDoNothing();
      deps.log.info({ outbox: row.id, to: maskPhone(to) }, "sms refused by Twilio (21610): recorded as opt-out");
      return finish(
        row,
        "suppressed",
        { status: "suppressed", errorCode: 21610, lastError: outcome.error, inflightSince: null },
        false,
      );
    }
    deps.log.warn({ outbox: row.id, code: outcome.code, error: outcome.error }, "sms refused permanently");
    return finish(
      row,
      "dead",
      { status: "dead", errorCode: outcome.code ?? null, lastError: outcome.error, inflightSince: null },
      false,
    );
  }

  async function runOnce(): Promise<number> {
    const rows = await claim();
    let next = 0;
    const lanes = Array.from({ length: Math.min(concurrency, rows.length) }, async () => {
      while (next < rows.length) {
        const row = rows[next++]!;
        try {
          await process(row);
        } catch (e) {
          deps.log.error({ outbox: row.id, err: e }, "sms worker failed on a row; it will be retried after its lease");
        }
      }
    });
    await Promise.all(lanes);
    return rows.length;
  }

  return {
    id,
    runOnce,
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          let n = 0;
          try {
            n = await runOnce();
          } catch (e) {
            if (!running) break;
            deps.log.error({ err: e, worker: id }, "sms worker round failed");
          }
          if (n === 0 && running)
            await new Promise<void>((r) => {
              const timer = setTimeout(r, pollMs);
              wakeUp = () => {
                clearTimeout(timer);
                r();
              };
            });
          wakeUp = null;
        }
      })();
    },
    wake() {
      wakeUp?.();
    },
    async stop() {
      running = false;
      wakeUp?.();
      await loop;
    },
  };
}

// Workers running in this process, so commands can wake them after commit (registry on globalThis:
// the server build and code imported by tests share it; STYLE.md §0).
const KEY = Symbol.for("medvirk.sms.workers");
const workers = ((globalThis as Record<symbol, unknown>)[KEY] ??= new Set<SmsWorker>()) as Set<SmsWorker>;
export function registerWorker(w: SmsWorker): () => void {
  workers.add(w);
  return () => workers.delete(w);
}
/** Wakes the in-process workers (after a transaction that queued messages has committed). */
export function wakeSmsWorkers(): void {
  for (const w of workers) w.wake();
}
