import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ARKIVMELDING_XSD = fileURLToPath(
  new URL("../fixtures/noark/no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.xsd", import.meta.url),
);

/** Validates XML against the arkivmelding XSD with xmllint --nonet (libxml2-utils). */
export function xmllint(xml: string, xsd = ARKIVMELDING_XSD): { ok: boolean; output: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "medvirk-xmllint-"));
  try {
    const file = path.join(dir, "arkivmelding.xml");
    writeFileSync(file, xml);
    const r = spawnSync("xmllint", ["--nonet", "--noout", "--schema", xsd, file], { encoding: "utf8" });
    if (r.error) throw new Error(`xmllint could not run (install libxml2-utils): ${r.error.message}`);
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
