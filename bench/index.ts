// `npm run bench -- <name> [<name> ...]`: runs the named benchmarks (all when
// none is named). Each bench module prints ratios against a baseline that it
// measures in the same run (see docs/BENCHMARKS.md).
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const dir = path.dirname(fileURLToPath(import.meta.url));
const available = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .map((f) => f.replace(/\.bench\.ts$/, ""))
  .sort();
const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const names = wanted.length ? wanted : available;
for (const name of names) {
  if (!available.includes(name)) {
    console.error(`unknown benchmark "${name}"; available: ${available.join(", ")}`);
    process.exit(2);
  }
}
let failed = false;
for (const name of names) {
  console.log(`\n=== bench: ${name} ===`);
  const mod = (await import(path.join(dir, `${name}.bench.ts`))) as { default: () => Promise<boolean | void> };
  const ok = await mod.default();
  if (ok === false) failed = true;
}
process.exit(failed ? 1 : 0);
