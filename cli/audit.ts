import path from "node:path";
import { openDb } from "#db/client.ts";
import { parseEnv } from "#app/lib/env.ts";
import { verifyAuditChain } from "#app/modules/identity/audit.server.ts";

// `medvirk audit verify`: walks the whole hash-chained audit log of the
// installation's database (DATABASE_URL, or the embedded one in
// MEDVIRK_DATA_DIR) and prints {"ok":true,"rows":N,"lastHash":…} or the first
// row that does not verify (exit code 1). docs/decisions/013-audit-hash-chain.md.
export async function run(argv: string[]): Promise<number> {
  if (argv[0] !== "verify") {
    process.stderr.write("usage: medvirk audit verify\n");
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
