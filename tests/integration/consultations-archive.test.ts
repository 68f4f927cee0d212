import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiskStorage } from "#app/lib/storage.server.ts";
import { addComment, closeConsultation, createConsultation } from "#app/modules/consultations/commands.server.ts";
import { attachReport, generateReport } from "#app/modules/consultations/report.server.ts";
import { openDb } from "#db/client.ts";
import { migrate } from "#db/migrate.ts";
import { seedMunicipalities } from "#server/seed.ts";
import { xmllint } from "#tests/setup/xmllint.ts";
import { consultationFixture, must } from "./consultations-setup.ts";

// The archive export end to end: a real (embedded) database on disk, a report
// generated and attached through the commands, then `npx medvirk arkivmelding`
// run as a process, and its output validated with xmllint against the XSD.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
let dir: string;
let consultationId: string;

function medvirk(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, MEDVIRK_DATA_DIR: dir, NODE_ENV: "test" };
  delete env.DATABASE_URL;
  delete env.MEDVIRK_FILES_DIR;
  const r = spawnSync(process.execPath, [path.join(root, "bin", "medvirk.js"), "arkivmelding", ...args], {
    cwd: root,
    encoding: "utf8",
    env,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "medvirk-archive-"));
  const h = await openDb({ dir: path.join(dir, "pglite") });
  try {
    await migrate(h);
    await seedMunicipalities(h);
    const [v] = await h.rows<{ id: string }>(sql`select id from municipalities where number = '5607'`);
    const tenantId = v!.id;
    const f = await consultationFixture(h, tenantId, { year: 2025, sequence: 1234 });
    const deps = {
      db: h,
      now: () => new Date("2026-11-20T10:00:00Z"),
      files: new DiskStorage(path.join(dir, "files")),
      log: { info() {}, debug() {}, error() {}, warn() {} },
      bus: { publish() {}, subscribe: () => () => {} },
      env: { MEDVIRK_MAX_UPLOAD_MB: 5 },
    };
    consultationId = must(
      await createConsultation(deps, f.secretary, {
        tenantId,
        caseId: f.caseId,
        bodyId: f.bodies.deciding,
        meetingId: f.meetings.m1,
        title: { nb: "Gangvei langs Strandgata" },
        opensAt: new Date("2026-11-01T08:00:00Z"),
      }),
    ).id;
    must(
      await addComment(deps, await f.resident("Kari"), { tenantId, consultationId, body: "Husk gatelys & benker <3" }),
    );
    must(await closeConsultation(deps, f.secretary, { tenantId, consultationId }));
    const rep = must(await generateReport(deps, f.secretary, { tenantId, consultationId }));
    must(await attachReport(deps, f.secretary, { tenantId, reportId: rep.id }));
  } finally {
    await h.close();
  }
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("npx medvirk arkivmelding", () => {
  it("writes arkivmelding.xml, the PDF, the JSON and the message zip; the XML validates against the XSD", () => {
    const out = path.join(dir, "out");
    const r = medvirk("--case", "2025/1234", "--consultation", consultationId, "--out", out);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout) as {
      xml: string;
      files: string[];
      zip: string;
      externalKey: string;
      version: number;
    };
    expect(printed.version).toBe(1);
    expect(printed.files.map((f) => path.basename(f))).toEqual(["innspillsrapport-v1.pdf", "innspillsrapport-v1.json"]);
    const xml = readFileSync(path.join(out, "arkivmelding.xml"), "utf8");
    const v = xmllint(xml);
    expect(v.output).toContain("validates");
    expect(v.ok).toBe(true);
    expect(xml).toContain("<saksaar>2025</saksaar><sakssekvensnummer>1234</sakssekvensnummer>");
    expect(readFileSync(path.join(out, "innspillsrapport-v1.pdf")).subarray(0, 5).toString()).toBe("%PDF-");
    expect(JSON.parse(readFileSync(path.join(out, "innspillsrapport-v1.json"), "utf8")).comments[0].body).toBe(
      "Husk gatelys & benker <3",
    );
    const zip = unzipSync(readFileSync(path.join(out, "melding.zip")));
    expect(Object.keys(zip).sort()).toEqual([
      "arkivmelding.xml",
      "innspillsrapport-v1.json",
      "innspillsrapport-v1.pdf",
    ]);

    // Removing a required element makes it fail validation.
    const broken = xml.replace(/<journalposttype>.*?<\/journalposttype>\n/, "");
    expect(xmllint(broken).ok).toBe(false);

    // A retry gives the same message: same external key, same bytes.
    const again = medvirk("--case", "2025/1234", "--consultation", consultationId, "--out", path.join(dir, "out2"));
    expect(JSON.parse(again.stdout).externalKey).toBe(printed.externalKey);
    expect(readFileSync(path.join(dir, "out2", "arkivmelding.xml"), "utf8")).toBe(xml);
  });

  it("refuses bad arguments and a case the consultation does not belong to", () => {
    expect(medvirk("--case", "2025/1234").code).toBe(2);
    expect(medvirk("--case", "nonsense", "--consultation", consultationId, "--out", dir).code).toBe(2);
    const wrong = medvirk("--case", "2025/999", "--consultation", consultationId, "--out", path.join(dir, "x"));
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("does not belong to that case");
  });
});
