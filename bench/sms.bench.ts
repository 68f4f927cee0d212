// SMS outbox benchmark (issue 5; method and figures in docs/BENCHMARKS.md).
//
// Against real PostgreSQL ($DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres),
// in a scratch database that is migrated and dropped afterwards:
// 1. Enqueue: 100,000 invitations through enqueueSmsMany (validation, E.164, encryption,
//    keyed hash, segment count), one transaction per batch of 1,000, as a ratio to a plain
//    bulk INSERT of 100,000 rows of the same width (a table LIKE sms_outbox, multi-row
//    INSERTs of 1,000, one transaction per batch) measured in the same run.
// 2. Dispatch: 5,000 messages produced at 50/s while two workers send them through the real
//    twilio SDK to the local fake Twilio with a shared limit of 50/s; reports the achieved
//    send rate, duplicates (must be 0) and the p50/p99 time from enqueue to send.
// Fails when a message is duplicated or lost.
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Deps } from "#app/lib/deps.ts";
import { parseEnv } from "#app/lib/env.ts";
import { createSmsWorker, enqueueSmsMany } from "#app/modules/sms/outbox.server.ts";
import { createTwilioTransport } from "#app/modules/sms/twilio.server.ts";
import { openDb, type DbHandle } from "#db/client.ts";
import { migrate } from "#db/migrate.ts";
import { smsOutbox } from "#db/schema/index.ts";
import { createLogger } from "#server/logger.ts";
import {
  FAKE_ACCOUNT_SID,
  FAKE_AUTH_TOKEN,
  FAKE_MESSAGING_SERVICE_SID,
  startFakeTwilio,
} from "#tests/setup/fake-twilio.ts";

const ENQUEUE_ROWS = Number(process.env.SMS_BENCH_ROWS ?? 100_000);
const BATCH = 1_000;
const DISPATCH = Number(process.env.SMS_BENCH_DISPATCH ?? 5_000);
const RATE = 50;

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}
const phoneOf = (i: number) => `+474${String(1_000_000 + i).padStart(7, "0")}`;
const pct = (xs: number[], p: number) =>
  xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

export default async function smsBench(): Promise<boolean> {
  const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const { default: postgres } = await import("postgres");
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  const name = `medvirk_smsbench_${process.pid}_${randomBytes(3).toString("hex")}`;
  try {
    await admin.unsafe(`create database ${name}`);
  } catch (e) {
    console.log(
      `sms: cannot create a scratch database on ${new URL(adminUrl).host} (${(e as Error).message}); set DATABASE_URL`,
    );
    await admin.end();
    return false;
  }
  const h = await openDb({ url: withDatabase(adminUrl, name) });
  try {
    await migrate(h);
    const env = parseEnv({ MEDVIRK_SECRET: "sms-bench-secret-sms-bench-secret-0000", LOG_LEVEL: "silent" });
    const deps = { env, db: h, log: createLogger("silent"), now: () => new Date() } as unknown as Deps;
    const ok1 = await enqueueBench(h, deps);
    await h.rows(sql`truncate sms_outbox cascade`);
    const ok2 = await dispatchBench(h, deps);
    return ok1 && ok2;
  } finally {
    await h.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function enqueueBench(h: DbHandle, deps: Deps): Promise<boolean> {
  // Baseline: the same rows' width, plain multi-row INSERTs, no validation or crypto.
  await h.rows(sql`create table bench_plain (like sms_outbox including defaults)`);
  const sample = { to: "v1.aaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbb.cccccccccccccccc", hash: "k1." + "h".repeat(43) };
  const t0 = performance.now();
  for (let b = 0; b < ENQUEUE_ROWS; b += BATCH) {
    await h.db.transaction(async (tx) => {
      const rows = Array.from({ length: Math.min(BATCH, ENQUEUE_ROWS - b) }, (_, j) => {
        const i = b + j;
        return sql`(gen_random_uuid(), ${`plain:${i}`}, ${sample.to}, ${sample.hash}, ${`Hei! Du er invitert til innbyggerpanelet. Svar JA eller NEI. (${i})`}, 'GSM-7', 1, now(), now())`;
      });
      await tx.execute(
        sql`insert into bench_plain (id, idempotency_key, to_enc, to_hash, body, encoding, segments, next_attempt_at, created_at) values ${sql.join(rows, sql`, `)}`,
      );
    });
  }
  const plainMs = performance.now() - t0;

  const t1 = performance.now();
  for (let b = 0; b < ENQUEUE_ROWS; b += BATCH) {
    const inputs = Array.from({ length: Math.min(BATCH, ENQUEUE_ROWS - b) }, (_, j) => {
      const i = b + j;
      return {
        tenantId: null,
        key: `invite:bench:${i}`,
        to: phoneOf(i),
        body: `Hei! Du er invitert til innbyggerpanelet. Svar JA eller NEI. (${i})`,
        purpose: "panels.invite",
      };
    });
    const r = await h.db.transaction((tx) => enqueueSmsMany(tx, deps, inputs));
    if (!r.ok) throw new Error(`enqueue failed: ${r.error.code}`);
  }
  const outboxMs = performance.now() - t1;
  const [{ n }] = (await h.rows<{ n: number }>(sql`select count(*)::int as n from sms_outbox`)) as [{ n: number }];
  console.log(`sms enqueue: ${ENQUEUE_ROWS} rows in batches of ${BATCH}`);
  console.log(
    `  plain bulk INSERT (baseline): ${(plainMs / 1000).toFixed(2)} s (${Math.round(ENQUEUE_ROWS / (plainMs / 1000))} rows/s)`,
  );
  console.log(
    `  enqueueSmsMany:               ${(outboxMs / 1000).toFixed(2)} s (${Math.round(ENQUEUE_ROWS / (outboxMs / 1000))} rows/s)`,
  );
  console.log(`  ratio outbox / plain: ${(outboxMs / plainMs).toFixed(2)}×; rows queued: ${n}`);
  return n === ENQUEUE_ROWS;
}

async function dispatchBench(h: DbHandle, deps: Deps): Promise<boolean> {
  const fake = await startFakeTwilio({ latencyMs: 20 });
  const transport = () =>
    createTwilioTransport({
      accountSid: FAKE_ACCOUNT_SID,
      authToken: FAKE_AUTH_TOKEN,
      messagingServiceSid: FAKE_MESSAGING_SERVICE_SID,
      baseUrl: fake.url,
      timeoutMs: 10_000,
    });
  const workers = [0, 1].map((i) =>
    createSmsWorker(deps, {
      transport: transport(),
      workerId: `bench-${i}`,
      ratePerSecond: RATE,
      pollMs: 50,
      batchSize: 10,
      concurrency: 4,
    }),
  );
  try {
    for (const w of workers) w.start();
    // Producer: 5 messages every 100 ms (50/s), each in its own small transaction.
    const t0 = performance.now();
    for (let b = 0; b < DISPATCH; b += 5) {
      const inputs = Array.from({ length: Math.min(5, DISPATCH - b) }, (_, j) => ({
        tenantId: null,
        key: `dispatch:${b + j}`,
        to: phoneOf(b + j),
        body: `Påminnelse ${b + j}: møtet er i kveld.`,
        urgent: true,
      }));
      const r = await h.db.transaction((tx) => enqueueSmsMany(tx, deps, inputs));
      if (!r.ok) throw new Error(r.error.code);
      for (const w of workers) w.wake();
      const due = t0 + ((b + 5) / RATE) * 1000;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    const deadline = Date.now() + 120_000 + (DISPATCH / RATE) * 1000;
    for (;;) {
      const [row] = await h.rows<{ n: number }>(sql`select count(*)::int as n from sms_outbox where status <> 'sent'`);
      if (row!.n === 0 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    for (const w of workers) await w.stop();
  }
  const creates = fake.creates();
  const bodies = creates.map((c) => c.params.Body!);
  const duplicates = bodies.length - new Set(bodies).size;
  const rows = await h.db
    .select({ created: smsOutbox.createdAt, sent: smsOutbox.sentAt, status: smsOutbox.status })
    .from(smsOutbox);
  const sent = rows.filter((r) => r.status === "sent" && r.sent);
  const lat = sent.map((r) => r.sent!.getTime() - r.created.getTime());
  const times = creates.map((c) => c.at).sort((a, b) => a - b);
  const spanS = (times[times.length - 1]! - times[0]!) / 1000;
  const achieved = (creates.length - 1) / spanS;
  console.log(
    `sms dispatch: ${DISPATCH} messages produced at ${RATE}/s, two workers, shared limit ${RATE}/s, fake Twilio with 20 ms latency`,
  );
  console.log(`  sent ${sent.length}/${DISPATCH}; Twilio creates ${creates.length}; duplicates ${duplicates}`);
  console.log(`  achieved rate ${achieved.toFixed(1)}/s (${(achieved / RATE).toFixed(3)} of the limit)`);
  console.log(`  enqueue → send: p50 ${pct(lat, 50)} ms, p99 ${pct(lat, 99)} ms, max ${Math.max(...lat)} ms`);
  await fake.close();
  return duplicates === 0 && sent.length === DISPATCH && creates.length === DISPATCH;
}
