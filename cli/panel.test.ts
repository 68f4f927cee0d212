import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const fixture = (name: string) => path.join(root, "tests", "fixtures", "sortition", name);

function medvirk(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, "bin", "medvirk.js"), ...args], {
    cwd: root,
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

type Out = { n: number; k: number; minProbability: number; probabilities: number[]; panel: number[]; seconds: number };

function instanceDir(name: string, categories: string, respondents: string): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "medvirk-panel-")), name);
  mkdirSync(dir);
  writeFileSync(path.join(dir, "categories.csv"), categories);
  writeFileSync(path.join(dir, "respondents.csv"), respondents);
  return dir;
}

describe("medvirk panel draw", () => {
  it("LEXIMIN on example_small_20: one JSON line in the documented shape, everyone at k/n, reproducible panel", () => {
    const r = medvirk(
      "panel",
      "draw",
      "--method",
      "leximin",
      "--instance",
      fixture("example_small_20"),
      "--seed",
      "Lørenskog",
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith("\n")).toBe(true);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    const out = JSON.parse(r.stdout) as Out;
    expect(Object.keys(out)).toEqual(["n", "k", "minProbability", "probabilities", "panel", "seconds"]);
    expect(out.n).toBe(200);
    expect(out.k).toBe(20);
    expect(out.minProbability).toBeCloseTo(0.1, 9);
    expect(out.probabilities).toHaveLength(200);
    for (const p of out.probabilities) expect(p).toBeCloseTo(0.1, 9);
    expect(out.panel).toHaveLength(20);
    expect(out.panel).toEqual([...out.panel].sort((a, b) => a - b));
    expect(new Set(out.panel).size).toBe(20);
    for (const i of out.panel) expect(Number.isInteger(i) && i >= 0 && i < 200).toBe(true);
    expect(out.seconds).toBeGreaterThanOrEqual(0);
    // Same seed → same panel.
    const again = JSON.parse(
      medvirk("panel", "draw", "--method", "leximin", "--instance", fixture("example_small_20"), "--seed", "Lørenskog")
        .stdout,
    ) as Out;
    expect(again.panel).toEqual(out.panel);
  });

  it("LEGACY with --size on a renamed copy: quotas met by the panel, estimated probabilities sum to k", () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "medvirk-panel-")), "pool");
    cpSync(fixture("example_small_20"), dir, { recursive: true });
    const r = medvirk("panel", "draw", "--method", "legacy", "--instance", dir, "--size", "20", "--seed", "7");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Out;
    expect(out.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(20, 6);
    expect(out.minProbability).toBeLessThan(0.05); // LEGACY is unfair to the rarest type
    // The quotas (every gender and leaning 9..20) hold for the drawn panel.
    const rows = readFileSync(path.join(dir, "respondents.csv"), "utf8").trim().split("\n").slice(1);
    expect(out.panel).toHaveLength(20);
    const count = new Map<string, number>();
    for (const i of out.panel) {
      const [gender, leaning] = rows[i]!.split(",");
      for (const f of [`g:${gender}`, `l:${leaning}`]) count.set(f, (count.get(f) ?? 0) + 1);
    }
    for (const f of ["g:female", "g:male", "l:liberal", "l:conservative"])
      expect(count.get(f) ?? 0, f).toBeGreaterThanOrEqual(9);
  });

  it("without --seed it draws with a fresh seed and names it on stderr, so the draw can be repeated", () => {
    const r = medvirk("panel", "draw", "--method", "leximin", "--instance", fixture("example_small_20"));
    expect(r.code).toBe(0);
    const m = /^medvirk panel: no --seed given; drew with --seed ([0-9a-f]{32})\n$/.exec(r.stderr);
    expect(m).not.toBeNull();
    const again = medvirk(
      "panel",
      "draw",
      "--method",
      "leximin",
      "--instance",
      fixture("example_small_20"),
      "--seed",
      m![1]!,
    );
    expect((JSON.parse(again.stdout) as Out).panel).toEqual((JSON.parse(r.stdout) as Out).panel);
  });

  it("infeasible quotas: exit 1, the conflicting quotas and the smallest relaxation on one line", () => {
    const dir = instanceDir(
      "conflict_2",
      "category,feature,min,max\nf1,v1,1,1\nf1,v2,0,2\nf2,v1,1,1\nf2,v2,0,2\nf3,v1,1,1\nf3,v2,0,2\n",
      "f1,f2,f3\nv1,v1,v1\nv1,v2,v2\nv2,v1,v2\nv2,v2,v1\n",
    );
    const r = medvirk("panel", "draw", "--method", "leximin", "--instance", dir, "--seed", "1");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /^medvirk panel: infeasible quotas: no panel meets all quotas together \(each quota alone can be met\); conflicting quotas: f\d\/v1\. smallest relaxation \(total 1\): f\d\/v1 (min 1→0|max 1→2)\n$/,
    );
  });

  it("bad input: one line on stderr naming file and line, exit 2", () => {
    const good = "category,feature,min,max\ngender,female,1,2\ngender,male,1,2\n";
    const cases: [string[], string][] = [
      [
        [
          "--instance",
          instanceDir(
            "sums_3",
            "category,feature,min,max\ngender,female,2,2\ngender,male,2,3\n",
            "gender\nfemale\nmale\nmale\n",
          ),
        ],
        'medvirk panel: categories.csv:2: category "gender" (lines 2-3): minimums sum to 4, more than the panel size 3\n',
      ],
      [
        ["--instance", instanceDir("unknown_2", good, "gender,age\nfemale,30\nmale,40\nother,50\n")],
        'medvirk panel: respondents.csv:4: gender="other" is not a feature of category "gender" in categories.csv\n',
      ],
      [
        ["--instance", instanceDir("big_3", good, "gender\nfemale\nmale\n")],
        "medvirk panel: respondents.csv: panel size k=3 is larger than the pool of 2 people (lines 2-3)\n",
      ],
      [
        ["--instance", instanceDir("pool", good, "gender\nfemale\nmale\n")],
        'medvirk panel: no panel size: give --size, or name the directory <name>_<k> (got "pool")\n',
      ],
      [
        ["--instance", path.join(tmpdir(), "no-such-dir_3")],
        `medvirk panel: cannot read ${path.join(tmpdir(), "no-such-dir_3", "categories.csv")}: ENOENT\n`,
      ],
    ];
    for (const [args, stderr] of cases) {
      const r = medvirk("panel", "draw", "--method", "leximin", ...args, "--seed", "1");
      expect(r.stderr, args.join(" ")).toBe(stderr);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
    }
    for (const args of [
      ["panel", "draw", "--instance", fixture("example_small_20")],
      ["panel", "draw", "--method", "greedy", "--instance", fixture("example_small_20")],
      ["panel", "draw", "--method", "leximin"],
      ["panel", "draw", "--method", "leximin", "--instance", fixture("example_small_20"), "--size", "0"],
      ["panel", "pick", "--method", "leximin"],
    ]) {
      const r = medvirk(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
    }
  });
});
