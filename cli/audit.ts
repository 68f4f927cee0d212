import path from "node:path";
import { openDb } from "#db/client.ts";
import { parseEnv } from "#app/lib/env.ts";
import { checkpointAudit, verifyAuditChain } from "#app/modules/identity/audit.server.ts";
import { parse, UsageError, wantsHelp } from "./args.ts";

// `medvirk audit verify`: walks the whole hash-chained audit log of the
// installation's database (DATABASE_URL, or the embedded one in
// MEDVIRK_DATA_DIR) and prints {"ok":true,"rows":N,"lastHash":…} or the first
// row that does not verify (exit code 1). docs/decisions/013-audit-hash-chain.md.
export const usage = `usage: medvirk audit verify | medvirk audit checkpoint

verify: checks the hash chain of the audit log (DATABASE_URL, else the embedded database in
MEDVIRK_DATA_DIR) against its signed checkpoints and prints {"ok":true,"rows":N,"lastHash":..}
on stdout, or the first row that does not verify (exit 1); a cut-off tail is "truncated".
checkpoint: signs the chain's head now (length and last hash, HMAC with MEDVIRK_SECRET's key)
and prints it; the server also does this daily.
  -h, --help  show this help`;

/** The command to run, or null when help was asked for. */
function parseAuditArgs(argv: string[]): "verify" | "checkpoint" | null {
  if (wantsHelp(argv)) return null;
  const [command, ...rest] = argv;
  const synopsis = usage.split("\n")[0]!;
  if (command !== "verify" && command !== "checkpoint")
    throw new UsageError(command ? `unknown command "${command}"; ${synopsis}` : synopsis);
  return parse(`audit ${command}`, rest, {}, { min: 0, max: 0 }) !== null ? command : null;
}

export async function run(argv: string[]): Promise<number> {
  let command: "verify" | "checkpoint" | null;
  try {
    command = parseAuditArgs(argv);
    if (!command) {
      process.stdout.write(usage + "\n");
      return 0;
    }
  } catch (e) {
    process.stderr.write(`medvirk audit: ${(e as Error).message}\n`);
    return 2;
  }
  const env = parseEnv(process.env);
  const db = env.DATABASE_URL
    ? await openDb({ url: env.DATABASE_URL })
    : await openDb({ dir: path.resolve(env.MEDVIRK_DATA_DIR, "pglite") });
  try {
    if (command === "checkpoint") {
      const cp = await checkpointAudit(db.db, env, new Date());
      process.stdout.write(JSON.stringify({ ok: true, seq: cp.seq, hash: cp.hash, at: cp.at.toISOString() }) + "\n");
      return 0;
    }
    const r = await verifyAuditChain(db.db, { env });
    process.stdout.write(JSON.stringify(r) + "\n");
    return r.ok ? 0 : 1;
  } finally {
    await db.close();
  }
}
