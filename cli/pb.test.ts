import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const fixture = (name: string) => path.join(root, "tests", "fixtures", "pabulib", name);

function medvirk(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, "bin", "medvirk.js"), ...args], {
    cwd: root,
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("medvirk pb tally", () => {
  it("tallies Assen 2024 with MES + Add1 and prints the official outcome as one JSON line", () => {
    const r = medvirk("pb", "tally", "--rule", "mes", "--completion", "add1", fixture("Netherlands_Assen_2024.pb"));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith("\n")).toBe(true);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    const out = JSON.parse(r.stdout) as { selected: string[]; cost: number; seconds: number };
    expect(Object.keys(out)).toEqual(["selected", "cost", "seconds"]);
    expect([...out.selected].sort()).toEqual(["11", "12", "13", "14", "2", "3", "5", "6", "9"]);
    expect(out.cost).toBe(76700);
    expect(out.seconds).toBeGreaterThanOrEqual(0);
  });

  it("prints fractional costs exactly (Kraków 2025, greedy)", () => {
    const r = medvirk("pb", "tally", "--rule", "greedy", fixture("Poland_Krakow_2025_Biezanow-Prokocim.pb"));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).selected).toHaveLength(12);
    expect(r.stdout).toContain('"cost":2532437,');
  });

  it("rejects bad input with one line on stderr and exit code 2", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "medvirk-pb-"));
    const broken = path.join(dir, "broken.pb");
    writeFileSync(broken, "META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\n1;ten\nVOTES\nvoter_id;vote\n1;1\n");
    for (const args of [
      ["pb", "tally", "--rule", "greedy", broken],
      ["pb", "tally", "--rule", "mes", "--completion", "add2", fixture("Netherlands_Assen_2024.pb")],
      ["pb", "tally", "--rule", "mes", path.join(dir, "missing.pb")],
      ["pb", "tally", fixture("Netherlands_Assen_2024.pb")],
    ]) {
      const r = medvirk(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
    }
    expect(medvirk("pb", "tally", "--rule", "greedy", broken).stderr).toBe(
      'medvirk pb: line 6: cost of project "1" is not a number: "ten"\n',
    );
  });
});
