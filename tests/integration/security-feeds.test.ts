import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCase } from "#app/modules/cases/commands.server.ts";
import type { Actor } from "#app/modules/meetings/permissions.ts";
import { cases } from "#db/schema/index.ts";
import { startTestServer } from "#tests/setup/server.ts";

// Issue 21, defect 6: the RSS and Atom feeds carry staff-written titles and
// decisions as plain text: escaped, no type="html", no HTML inside CDATA.
const TITLE = `Vei <script>alert("t")</script> & bro`;
const DECISION = `Vedtatt <img src=x onerror=alert(1)> ]]> <b>ferdig</b>`;

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({ demo: false });
  const deps = server.deps;
  const tenantId = deps.tenants.bySlugOrAlias("vadso")!.municipality.id;
  const admin: Actor = {
    id: "fixture",
    memberships: [{ tenantId, role: "admin", bodyId: null }],
    platformAdmin: false,
  };
  const r = await createCase(deps, admin, { tenantId, year: 2026, title: { nb: TITLE }, summary: { nb: DECISION } });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  await deps.db.db.update(cases).set({ decisionText: DECISION, decidedAt: new Date() }).where(eq(cases.id, r.value.id));
});
afterAll(async () => server?.stop());

/** The text value of an XPath expression over the document, through xmllint (a real XML parser). */
function xpath(doc: string, expr: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "medvirk-feed-"));
  try {
    const file = path.join(dir, "feed.xml");
    writeFileSync(file, doc);
    const r = spawnSync("xmllint", ["--nonet", "--xpath", expr, file], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`xmllint: ${r.stderr}`);
    return r.stdout.replace(/\n$/, "");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(["cases", "decisions"])("the %s feeds", (kind) => {
  it("Atom: title and summary are type=text, escaped, and parse back to exactly what staff wrote", async () => {
    const atom = await (await fetch(`${server.url}/vadso/feeds/${kind}.atom`)).text();
    expect(atom).not.toContain("CDATA");
    expect(atom).not.toContain('type="html"');
    expect(atom).not.toMatch(/<script|<img|<b>/);
    expect(atom).toContain('<title type="text">');
    const entry = `//*[local-name()="entry"][1]`;
    expect(xpath(atom, `string(${entry}/*[local-name()="title"])`)).toContain(TITLE);
    expect(xpath(atom, `string(${entry}/*[local-name()="summary"])`)).toBe(DECISION);
    expect(xpath(atom, `string(${entry}/*[local-name()="summary"]/@type)`)).toBe("text");
  });

  it("RSS: no CDATA; the description, read as HTML the way RSS readers do, shows the text and holds no tag", async () => {
    const rss = await (await fetch(`${server.url}/vadso/feeds/${kind}.rss`)).text();
    expect(rss).not.toContain("CDATA");
    expect(rss).not.toMatch(/<script|<img|<b>/);
    expect(xpath(rss, `string(//item[1]/title)`)).toContain(TITLE);
    const description = xpath(rss, `string(//item[1]/description)`); // the HTML a reader renders
    expect(description).not.toMatch(/<[a-z]/i);
    expect(description).toBe(DECISION.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"));
  });
});
