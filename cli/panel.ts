// `medvirk panel draw --method <leximin|legacy> --instance <dir> [--size k] [--seed S]`
//
// <dir> holds the public instance format of Flanigan et al. (Nature 2021):
//   categories.csv   category,feature,min,max   (inclusive quotas)
//   respondents.csv  one row per pool member, one column per category; row order = id (0-based)
// The panel size is --size, or else the number after the last "_" in the directory's name
// (example_small_20 → 20).
//
// Prints one JSON line on stdout:
//   {"n":..,"k":..,"minProbability":..,"probabilities":[...row order...],"panel":[row indices],"seconds":..}
// LEXIMIN's probabilities are exact (up to solver tolerance); LEGACY's are a Monte Carlo
// estimate over 10,000 runs with a seed derived from S. `panel` is the drawn panel (0-based
// row indices, ascending); the same instance, method and seed give the same panel.
// `seconds` is the time spent parsing, solving and drawing.
//
// Without --seed a random seed is used and named on stderr (the draw is then reproducible
// with that seed). Bad input: one line on stderr naming file and line, exit 2. Quotas that
// no panel meets: one line on stderr with the conflicting quotas and the smallest relaxation,
// exit 1.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse, UsageError, wantsHelp } from "./args.ts";
import {
  checkQuotaSums,
  InstanceFileError,
  parseCategories,
  parseRespondents,
} from "#app/modules/panels/sortition/csv.ts";
import { SortitionInputError } from "#app/modules/panels/sortition/instance.ts";
import { type Method, METHODS, selectPanel } from "#app/modules/panels/sortition/select.ts";

export const usage = `usage: medvirk panel draw --method <leximin|legacy> --instance <dir> [--size k] [--seed S]

Draws a panel from an instance directory (categories.csv, respondents.csv) and prints
{"n":..,"k":..,"minProbability":..,"probabilities":[..],"panel":[..],"seconds":..} on stdout.
  --method <m>      leximin (exact probabilities) or legacy (Monte Carlo estimate)
  --instance <dir>  the instance directory
  --size <k>        panel size (default: the number after the last "_" in the directory's name)
  --seed <S>        seed of the draw (default: a fresh one, named on stderr)
  -h, --help        show this help`;
const USAGE = usage.split("\n")[0]!;

type Args = { method: Method; instance: string; size: number | null; seed: string | null };

function parseDrawArgs(argv: string[]): Args | null {
  const [command, ...rest] = argv;
  if (wantsHelp(argv)) return null;
  if (command !== "draw") throw new UsageError(command ? `unknown command "${command}"; ${USAGE}` : USAGE);
  const p = parse(
    "panel draw",
    rest,
    {
      method: { type: "string" },
      instance: { type: "string" },
      size: { type: "string" },
      seed: { type: "string" },
    },
    { min: 0, max: 0 },
  );
  if (!p) return null;
  const { method, instance, size, seed } = p.values;
  if (method === undefined) throw new UsageError(`--method is required; ${USAGE}`);
  if (!(METHODS as readonly string[]).includes(method))
    throw new UsageError(`unknown method "${method}"; expected leximin or legacy`);
  if (instance === undefined) throw new UsageError(`--instance is required; ${USAGE}`);
  if (size !== undefined && !/^[1-9]\d*$/.test(size))
    throw new UsageError(`--size must be a positive integer, got "${size}"`);
  if (seed === "") throw new UsageError("--seed must not be empty");
  return { method: method as Method, instance, size: size === undefined ? null : Number(size), seed: seed ?? null };
}

function read(dir: string, name: string): string {
  const file = path.join(dir, name);
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

export async function run(argv: string[]): Promise<number> {
  try {
    const args = parseDrawArgs(argv);
    if (!args) {
      process.stdout.write(usage + "\n");
      return 0;
    }
    const start = performance.now();
    const dirName = path.basename(path.resolve(args.instance));
    const fromName = /_(\d+)$/.exec(dirName);
    const k = args.size ?? (fromName ? Number(fromName[1]) : null);
    if (k === null || k < 1)
      throw new UsageError(`no panel size: give --size, or name the directory <name>_<k> (got "${dirName}")`);
    const categories = parseCategories(read(args.instance, "categories.csv"));
    checkQuotaSums(categories, k);
    const respondents = parseRespondents(read(args.instance, "respondents.csv"), categories.quotas);
    const n = respondents.people.length;
    if (k > n) {
      const lines = n ? ` (lines ${respondents.lines[0]}-${respondents.lines[n - 1]})` : "";
      throw new InstanceFileError(
        "respondents.csv",
        null,
        `panel size k=${k} is larger than the pool of ${n} people${lines}`,
      );
    }
    const seed = args.seed ?? randomBytes(16).toString("hex");
    const outcome = await selectPanel(
      { k, quotas: categories.quotas, people: respondents.people },
      { method: args.method, seed },
    );
    if (!outcome.ok) {
      process.stderr.write(`medvirk panel: infeasible quotas: ${outcome.message}\n`);
      return 1;
    }
    const s = outcome.selection;
    const seconds = (performance.now() - start) / 1000;
    if (args.seed === null) process.stderr.write(`medvirk panel: no --seed given; drew with --seed ${seed}\n`);
    process.stdout.write(
      JSON.stringify({
        n: s.n,
        k: s.k,
        minProbability: s.minProbability,
        probabilities: s.probabilities,
        panel: s.panel,
        seconds: Number(seconds.toFixed(3)),
      }) + "\n",
    );
    return 0;
  } catch (e) {
    const message =
      e instanceof UsageError || e instanceof InstanceFileError || e instanceof SortitionInputError
        ? e.message
        : `${e instanceof Error ? e.message : String(e)}`;
    process.stderr.write(`medvirk panel: ${message.split("\n")[0]}\n`);
    return 2;
  }
}
