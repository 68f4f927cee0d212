import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The command line itself: --help everywhere, and bad arguments named with exit code 2.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function medvirk(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, "bin", "medvirk.js"), ...args], {
    cwd: root,
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SUBCOMMANDS: [string[], string][] = [
  [["pb", "tally"], "usage: medvirk pb tally --rule"],
  [["panel", "draw"], "usage: medvirk panel draw --method"],
  [["arkivmelding"], "usage: medvirk arkivmelding --case"],
  [["audit", "verify"], "usage: medvirk audit verify"],
];

describe("medvirk --help", () => {
  it("lists every subcommand with its synopsis, exit 0", () => {
    const r = medvirk("--help");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    for (const [words] of SUBCOMMANDS) expect(r.stdout).toContain(`  medvirk ${words.join(" ")}`);
    expect(medvirk("-h").stdout).toBe(r.stdout);
  });

  it.each(SUBCOMMANDS)("%j --help prints its usage, exit 0", (words, synopsis) => {
    for (const args of [
      [...words, "--help"],
      [words[0]!, "--help"],
      [...words, "-h"],
    ]) {
      const r = medvirk(...args);
      expect(r.code, args.join(" ")).toBe(0);
      expect(r.stderr, args.join(" ")).toBe("");
      expect(r.stdout.startsWith(synopsis), args.join(" ")).toBe(true);
      expect(r.stdout).toContain("--help");
    }
  });
});

describe("bad arguments: exit 2, one line on stderr naming the argument", () => {
  it.each(SUBCOMMANDS)("%j with an unknown option", (words) => {
    const r = medvirk(...words, "--frobnicate", "1");
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("unknown option --frobnicate");
  });

  it("an unknown subcommand or sub-subcommand, a missing value, a stray argument", () => {
    const cases: [string[], string][] = [
      [["frobnicate"], "medvirk: unknown subcommand frobnicate; see medvirk --help\n"],
      [[], "medvirk: no subcommand given; see medvirk --help\n"],
      [["pb", "count"], 'medvirk pb: unknown command "count"'],
      [["panel", "pick"], 'medvirk panel: unknown command "pick"'],
      [["audit", "check"], 'medvirk audit: unknown command "check"'],
      [["pb", "tally", "--rule"], "medvirk pb: --rule needs a value"],
      [["panel", "draw", "--method", "leximin", "--instance"], "medvirk panel: --instance needs a value"],
      [["arkivmelding", "--case", "2025/1", "extra"], "medvirk arkivmelding: unexpected argument extra"],
      [["audit", "verify", "now"], "medvirk audit: unexpected argument now"],
      [["panel", "draw", "--help=yes"], "medvirk panel: --help does not take a value"],
    ];
    for (const [args, stderr] of cases) {
      const r = medvirk(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout, args.join(" ")).toBe("");
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(r.stderr.startsWith(stderr), `${args.join(" ")}: ${r.stderr}`).toBe(true);
    }
  });
});
