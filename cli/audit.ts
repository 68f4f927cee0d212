import path from "node:path";
import { openDb } from "#db/client.ts";
import { parseEnv } from "#app/lib/env.ts";
import { verifyAuditChain } from "#app/modules/identity/audit.server.ts";
import { parse, UsageError, wantsHelp } from "./args.ts";

// `medvirk audit verify`: walks the whole hash-chained audit log of the
// installation's database (DATABASE_URL, or the embedded one in
// MEDVIRK_DATA_DIR) and prints {"ok":true,"rows":N,"lastHash":…} or the first
// row that does not verify (exit code 1). docs/decisions/013-audit-hash-chain.md.
export const usage = `usage: medvirk audit verify

Checks the hash chain of the audit log (DATABASE_URL, else the embedded database in
MEDVIRK_DATA_DIR) and prints {"ok":true,"rows":N,"lastHash":..} on stdout, or the first
row that does not verify (exit 1).
  -h, --help  show this help`;

/** True to verify, false when help was asked for. */
function parseAuditArgs(argv: string[]): boolean {
  if (wantsHelp(argv)) return false;
  const [command, ...rest] = argv;
  const synopsis = usage.split("\n")[0]!;
  if (command !== "verify") throw new UsageError(command ? `unknown command "${command}"; ${synopsis}` : synopsis);
  return parse("audit verify", rest, {}, { min: 0, max: 0 }) !== null;
}

export async function run(argv: string[]): Promise<number> {
  try {
    if (!parseAuditArgs(argv)) {
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
    const r = await verifyAuditChain(db.db);
    process.stdout.write(JSON.stringify(r) + "\n");
    return r.ok ? 0 : 1;
  } finally {
    await db.close();
  }
}
