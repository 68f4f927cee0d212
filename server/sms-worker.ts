// The SMS outbox worker as its own process (docs/decisions/020-sms-outbox-skip-locked.md):
//   DATABASE_URL=postgres://… node --import tsx server/sms-worker.ts
// Run any number of them; they share the outbox (SKIP LOCKED) and the rate limit.
// Set SMS_WORKER=0 on the web processes if only these should send.
// PostgreSQL only: the embedded database (PGlite) belongs to the web process.
import type { Deps } from "#app/lib/deps.ts";
import { EnvError, parseEnv } from "#app/lib/env.ts";
import { openDb } from "#db/client.ts";
import { createLogger } from "./logger.ts";
import { createWorkerFromEnv, smsTransportName } from "./sms.ts";

let env;
try {
  env = parseEnv(process.env);
} catch (err) {
  if (err instanceof EnvError) {
    process.stderr.write(`medvirk sms-worker: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
if (!env.DATABASE_URL) {
  process.stderr.write(
    "medvirk sms-worker: needs DATABASE_URL (the embedded database can only be used by the web process, whose in-process worker sends SMS)\n",
  );
  process.exit(1);
}
const log = createLogger(env.LOG_LEVEL);
const db = await openDb({ url: env.DATABASE_URL });
const deps = { env, db, log, now: () => new Date() } as unknown as Deps;
const leaseMs = process.env.SMS_LEASE_MS ? Number(process.env.SMS_LEASE_MS) : undefined;
const worker = createWorkerFromEnv(deps, { leaseMs, workerId: process.env.SMS_WORKER_ID });
worker.start();
log.info({ transport: smsTransportName(env), worker: worker.id }, "sms outbox worker started");
process.stdout.write(`sms-worker ${worker.id} started\n`);

let stopping = false;
for (const sig of ["SIGTERM", "SIGINT"] as const) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal: sig }, "sms worker stopping");
    void worker
      .stop()
      .then(() => db.close())
      .then(() => process.exit(0));
  });
}
