import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseCsvRecords } from "#app/lib/csv.ts";
import { adjustedRandIndex } from "#app/modules/consultations/opinion-groups/index.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const seattle = (name: string) => path.join(root, "tests", "fixtures", "polis", "15-per-hour-seattle", name);

function medvirk(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, "bin", "medvirk.js"), ...args], {
    cwd: root,
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

type Out = { k: number; groups: Record<string, number>; seconds: number };

describe("medvirk groups", () => {
  it("prints k, each clustered participant's group and the time as one JSON line", () => {
    const r = medvirk("groups", "--votes", seattle("votes.csv"), "--comments", seattle("comments.csv"));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    const out = JSON.parse(r.stdout) as Out;
    expect(Object.keys(out)).toEqual(["k", "groups", "seconds"]);
    expect(out.k).toBe(2);
    expect(out.seconds).toBeGreaterThanOrEqual(0);
    const polis = new Map(
      parseCsvRecords(readFileSync(seattle("participants-votes.csv"), "utf8"))
        .filter((p) => p["group-id"] !== "")
        .map((p) => [p.participant!, p["group-id"]!]),
    );
    // Participants with fewer than 7 votes are omitted: exactly Polis's 138 remain.
    expect(new Set(Object.keys(out.groups))).toEqual(new Set(polis.keys()));
    const ids = [...polis.keys()];
    const ari = adjustedRandIndex(
      ids.map((id) => out.groups[id]!),
      ids.map((id) => polis.get(id)!),
    );
    expect(ari).toBeGreaterThanOrEqual(0.856); // 0.8560
  });

  it("gives the same groups for the same seed, and honours --min-votes", () => {
    const a = JSON.parse(medvirk("groups", "--votes", seattle("votes.csv"), "--seed", "x").stdout) as Out;
    const b = JSON.parse(medvirk("groups", "--votes", seattle("votes.csv"), "--seed", "x").stdout) as Out;
    expect(a.groups).toEqual(b.groups);
    const loose = JSON.parse(medvirk("groups", "--votes", seattle("votes.csv"), "--min-votes", "3").stdout) as Out;
    expect(Object.keys(loose.groups).length).toBeGreaterThan(Object.keys(a.groups).length);
  });

  it("says so when there are too few participants (k 0, exit 0)", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "medvirk-groups-"));
    const file = path.join(dir, "votes.csv");
    writeFileSync(file, "timestamp,datetime,comment-id,voter-id,vote\n1,a,0,0,1\n2,b,1,0,-1\n");
    const r = medvirk("groups", "--votes", file);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ k: 0, groups: {} });
    expect(r.stderr).toMatch(/^medvirk groups: no groups: 1 participant\(s\)/);
  });

  it("prints usage for --help", () => {
    const r = medvirk("groups", "--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: medvirk groups --votes <votes.csv>/);
  });

  it("rejects bad files and arguments with one line on stderr naming the problem, exit 2", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "medvirk-groups-"));
    const extra = path.join(dir, "extra.csv");
    writeFileSync(extra, "timestamp,comment-id,voter-id,vote,weight\n1,0,0,1,2\n");
    const value = path.join(dir, "value.csv");
    writeFileSync(value, "timestamp,datetime,comment-id,voter-id,vote\n1,a,0,0,1\n2,b,0,1,yes\n");
    const cases: [string[], string][] = [
      [["--votes", extra], `medvirk groups: ${extra}: line 1: unknown column "weight"`],
      [["--votes", value], `medvirk groups: ${value}: line 3: vote is not 1, -1 or 0: "yes"`],
      [["--votes", path.join(dir, "missing.csv")], "medvirk groups: "],
      [["--votes", value, "--frobnicate"], "medvirk groups: unknown option --frobnicate"],
      [["--votes", value, "stray"], "medvirk groups: unexpected argument stray"],
      [["--votes", value, "--min-votes", "zero"], "medvirk groups: --min-votes must be a positive integer"],
      [[], "medvirk groups: --votes is required"],
    ];
    for (const [args, start] of cases) {
      const r = medvirk("groups", ...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(r.stderr.startsWith(start), r.stderr).toBe(true);
    }
  });
});
