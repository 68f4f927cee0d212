#!/usr/bin/env node
// `npm test`: every test, in layers (STYLE.md §8).
//   0. typecheck (tsc --noEmit), lint (ESLint) and format (Prettier --check)
//   1. build the app once (integration and browser tests run the production build)
//   2. unit tests
//   3. integration tests on embedded PGlite
//   4. integration tests on PostgreSQL, when DATABASE_URL is set (CI sets it)
//   5. browser tests in Chromium (on PostgreSQL when DATABASE_URL is set, else PGlite)
// Extra arguments go to every vitest run (e.g. `npm test -- -t seed`).
// Ends with one line "N passed, N failed" summed over every run.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const extra = process.argv.slice(2);
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const tmp = path.join(root, "tmp");
mkdirSync(tmp, { recursive: true });

function sh(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return r.status ?? 1;
}

console.log("\n▶ build");
if (sh(bin("remix"), ["vite:build", "--logLevel", "warn"]) !== 0) {
  console.log("0 passed, 1 failed");
  process.exit(1);
}

console.log("\n▶ typecheck");
const typecheckFailed = sh(bin("tsc"), ["--noEmit", "-p", "."]) !== 0;
if (typecheckFailed) console.log("typecheck failed (see above)");

// House habits (issue 20): the committed ESLint and Prettier configs hold, or the run fails.
console.log("\n▶ lint and format");
const lintFailed = sh(bin("eslint"), ["."]) !== 0;
const formatFailed = sh(bin("prettier"), ["--check", ".", "--log-level", "warn"]) !== 0;
if (lintFailed) console.log("lint failed (see above): npm run lint");
if (formatFailed) console.log("formatting differs (see above): npm run format");

const runs = [
  { name: "unit", project: "unit", env: {} },
  { name: "integration (PGlite)", project: "integration", env: { MEDVIRK_TEST_DRIVER: "pglite" } },
];
if (process.env.DATABASE_URL)
  runs.push({ name: "integration (PostgreSQL)", project: "integration", env: { MEDVIRK_TEST_DRIVER: "postgres" } });
else
  console.log(
    "note: DATABASE_URL is not set, so the PostgreSQL run of the integration tests is left to CI (.ci/run sets it)",
  );
runs.push({ name: `browser (${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"})`, project: "e2e", env: {} });

let passed = 0;
let failed = 0;
let anyFailed = typecheckFailed || lintFailed || formatFailed;
for (const [i, run] of runs.entries()) {
  console.log(`\n▶ ${run.name}`);
  const out = path.join(tmp, `vitest-${i}.json`);
  rmSync(out, { force: true });
  const status = sh(
    bin("vitest"),
    ["run", "--project", run.project, "--reporter=default", "--reporter=json", `--outputFile.json=${out}`, ...extra],
    run.env,
  );
  try {
    const r = JSON.parse(readFileSync(out, "utf8"));
    passed += r.numPassedTests;
    failed += r.numFailedTests + (r.numTotalTestSuites > 0 && r.success === false && r.numFailedTests === 0 ? 1 : 0);
  } catch {
    failed += 1; // the run died before writing its report
  }
  if (status !== 0) anyFailed = true;
}
if (typecheckFailed) failed += 1;
if (lintFailed) failed += 1;
if (formatFailed) failed += 1;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(anyFailed || failed > 0 ? 1 : 0);
