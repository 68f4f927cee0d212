// Participatory-budgeting tallies on the real Pabulib files (docs: docs/BENCHMARKS.md).
//
// For every file in $MEDVIRK_DATA_DIR/pabulib (default ../shared/data beside the repo):
// - checks that the rule named in META reproduces the official `selected` column;
// - times greedy and MES + Add1 (from the parsed election; best of up to 3 runs);
// - prints each time also as a ratio to two baselines measured in the same run on the
//   same file: parsing the file, and one plain pass summing the ballot lengths.
// Fails (returns false) if an official outcome is not reproduced, a file is missing, or
// MES + Add1 takes more than 1 s on Łódź 2022 or Kraków 2024.
//
// Then the ballot throughput (./pb-ballots.ts): 200 concurrent voters calling castBallot
// against real PostgreSQL, as a ratio to a plain single-row INSERT loop on the same
// database in the same run (target ≥ 0.4), with 0 lost and 0 duplicated ballots.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Election, electionFromPabulib } from "#app/modules/budgeting/election.ts";
import { parsePabulib } from "#app/modules/budgeting/pabulib.ts";
import { type TallyResult, equalShares, greedy, specFromMeta, tally } from "#app/modules/budgeting/tally.ts";
import { ballotBench } from "./lib/pb-ballots.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const LIMITED = ["Poland_Lodz_2022.pb", "Poland_Krakow_2024.pb"];
const LIMIT_SECONDS = 1;
const EXPECTED_FILES = 10;

/** Best (smallest) wall time of up to `max` runs, stopping early once `budgetMs` is spent. */
function time<T>(f: () => T, max = 3, budgetMs = 4000): { ms: number; value: T } {
  let best = Infinity;
  let value!: T;
  const start = performance.now();
  for (let i = 0; i < max; i++) {
    const t0 = performance.now();
    value = f();
    best = Math.min(best, performance.now() - t0);
    if (performance.now() - start > budgetMs) break;
  }
  return { ms: best, value };
}

function sumOfBallotLengths(e: Election): number {
  let s = 0;
  for (const b of e.ballots) s += b.projects.length;
  return s;
}

export default async function run(): Promise<boolean> {
  const tallies = await tallyBench();
  const ballots = await ballotBench();
  return tallies && ballots;
}

async function tallyBench(): Promise<boolean> {
  const dataDir = path.resolve(root, process.env.MEDVIRK_DATA_DIR ?? "../shared/data");
  const dir = path.join(dataDir, "pabulib");
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith(".pb"))
      .sort();
  } catch {
    console.log(`pb: no data in ${dir} (set MEDVIRK_DATA_DIR)`);
    return false;
  }
  let ok = true;
  if (files.length < EXPECTED_FILES) {
    console.log(`pb: expected ${EXPECTED_FILES} .pb files in ${dir}, found ${files.length}`);
    ok = false;
  }
  for (const need of LIMITED) {
    if (!files.includes(need)) {
      console.log(`pb: missing ${need}`);
      ok = false;
    }
  }
  const rows: string[][] = [];
  const header = [
    "file",
    "voters",
    "META rule",
    "official",
    "parse ms",
    "pass ms",
    "greedy ms",
    "MES+Add1 ms",
    "runs/steps",
    "MES÷parse",
    "MES÷pass",
  ];
  for (const file of files) {
    const text = readFileSync(path.join(dir, file), "utf8");
    const parse = time(() => parsePabulib(text), 3, 3000);
    const pb = parse.value;
    const e = electionFromPabulib(pb);
    const pass = time(() => sumOfBallotLengths(e), 5, 500);
    const official = pb.projects
      .filter((p) => p.selected === 1)
      .map((p) => p.id)
      .sort();
    const metaResult = tally(e, specFromMeta(pb.meta));
    const reproduced = JSON.stringify([...metaResult.selected].sort()) === JSON.stringify(official);
    if (!reproduced) ok = false;
    const g = time(() => greedy(e));
    const m = time((): TallyResult => equalShares(e, { completion: "add1" }), 3, 6000);
    if (m.value.cost > e.budget || g.value.cost > e.budget) ok = false;
    if (LIMITED.includes(file) && m.ms > LIMIT_SECONDS * 1000) {
      console.log(`pb: MES + Add1 on ${file} took ${(m.ms / 1000).toFixed(2)} s (limit ${LIMIT_SECONDS} s)`);
      ok = false;
    }
    rows.push([
      file.replace(/\.pb$/, ""),
      String(e.ballots.length),
      pb.meta.rule ?? "?",
      reproduced ? "reproduced" : "MISMATCH",
      parse.ms.toFixed(1),
      pass.ms.toFixed(2),
      g.ms.toFixed(1),
      m.ms.toFixed(0),
      `${m.value.mes!.runs}/${m.value.mes!.add1Steps}`,
      (m.ms / parse.ms).toFixed(2),
      (m.ms / Math.max(pass.ms, 1e-3)).toFixed(0),
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i < 4 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(line(header));
  for (const r of rows) console.log(line(r));
  console.log(
    `times: best of up to 3 runs; MES+Add1 = Method of Equal Shares (cost utilities for approval, points otherwise) with Add1 completion; ` +
      `limit ${LIMIT_SECONDS} s on ${LIMITED.join(", ")}: ${ok ? "ok" : "FAILED"}`,
  );
  return ok;
}
