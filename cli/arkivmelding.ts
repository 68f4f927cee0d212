// `medvirk arkivmelding --case 2025/1234 --consultation <id> --out <dir> [--version N]`
//
// Writes the KS Fiks Arkiv V1 arkivmelding of a consultation's input report:
//   <dir>/arkivmelding.xml        the message (no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett)
//   <dir>/<referanseDokumentfil>  the PDF (main document) and the JSON (attachment)
//   <dir>/melding.zip             the Fiks IO payload: the XML and the files together
// and prints {"xml":..,"files":[..],"zip":..,"externalKey":..,"version":..} on stdout.
// The report used is the version attached to the case (else the latest, or --version).
// The database is DATABASE_URL, else the embedded one in MEDVIRK_DATA_DIR/pglite (as
// the server); files are under MEDVIRK_FILES_DIR or MEDVIRK_DATA_DIR/files.
// Bad arguments: exit 2; no such case, consultation or report: exit 1.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "./args.ts";
import { parseEnv } from "#app/lib/env.ts";
import { DiskStorage } from "#app/lib/storage.server.ts";
import { exportArkivmelding } from "#app/modules/archive/export.server.ts";
import { openDb } from "#db/client.ts";

export const usage = `usage: medvirk arkivmelding --case <year/sequence> --consultation <id> --out <dir> [--version N]

Writes the KS Fiks Arkiv arkivmelding of a consultation's input report to <dir> and prints
{"xml":..,"files":[..],"zip":..,"externalKey":..,"version":..} on stdout.
  --case <year/sequence>  the case number, e.g. 2025/1234
  --consultation <id>     the consultation
  --out <dir>             where to write arkivmelding.xml, the report's files and melding.zip
  --version <N>           the report version (default: the one attached to the case, else the latest)
  -h, --help              show this help`;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const MESSAGES: Record<string, string> = {
  badCaseNumber: "--case must look like 2025/1234",
  notFound: "no such consultation",
  caseMismatch: "the consultation does not belong to that case",
  noReport: "the consultation has no input report yet (the secretary generates it after closing)",
  fileMissing: "the report's files are missing from file storage",
};

export async function run(argv: string[]): Promise<number> {
  let p;
  try {
    p = parse(
      "arkivmelding",
      argv,
      {
        case: { type: "string" },
        consultation: { type: "string" },
        out: { type: "string" },
        version: { type: "string" },
      },
      { min: 0, max: 0 },
    );
  } catch (e) {
    process.stderr.write(`medvirk arkivmelding: ${(e as Error).message}\n`);
    return 2;
  }
  if (!p) {
    process.stdout.write(usage + "\n");
    return 0;
  }
  const args = p.values;
  for (const k of ["case", "consultation", "out"] as const) {
    if (!args[k]) {
      process.stderr.write(`medvirk arkivmelding: --${k} is required; ${usage.split("\n")[0]}\n`);
      return 2;
    }
  }
  if (args.version !== undefined && !/^[1-9]\d*$/.test(args.version)) {
    process.stderr.write("medvirk arkivmelding: --version must be a positive integer\n");
    return 2;
  }
  const env = parseEnv(process.env);
  const db = env.DATABASE_URL
    ? await openDb({ url: env.DATABASE_URL })
    : await openDb({ dir: path.resolve(ROOT, env.MEDVIRK_DATA_DIR, "pglite") });
  try {
    const files = new DiskStorage(
      path.resolve(ROOT, env.MEDVIRK_FILES_DIR ?? path.join(env.MEDVIRK_DATA_DIR, "files")),
    );
    const r = await exportArkivmelding(
      { db, files },
      {
        caseNumber: args.case!,
        consultationId: args.consultation!,
        version: args.version ? Number(args.version) : undefined,
      },
    );
    if (!r.ok) {
      process.stderr.write(`medvirk arkivmelding: ${MESSAGES[r.error]}\n`);
      return r.error === "badCaseNumber" ? 2 : 1;
    }
    const out = path.resolve(args.out!);
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, "arkivmelding.xml"), r.value.xml);
    for (const f of r.value.files) writeFileSync(path.join(out, f.ref), f.bytes);
    writeFileSync(path.join(out, "melding.zip"), r.value.zip);
    process.stdout.write(
      JSON.stringify({
        xml: path.join(out, "arkivmelding.xml"),
        files: r.value.files.map((f) => path.join(out, f.ref)),
        zip: path.join(out, "melding.zip"),
        externalKey: r.value.externalKey,
        version: r.value.version,
      }) + "\n",
    );
    return 0;
  } finally {
    await db.close();
  }
}
