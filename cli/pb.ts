// `medvirk pb tally --rule <greedy|mes|meta> [--completion <none|add1|add1-exhaustive>] <file.pb>`
//
// Tallies a Pabulib file and prints one JSON line on stdout:
//   {"selected":["<project id>",...],"cost":<total cost>,"seconds":<s>}
// `selected` is in selection order; `cost` is exact (as many decimals as the file's money);
// `seconds` is the time spent parsing and tallying. Bad input: one line on stderr, exit 2.
//
// --rule greedy   greedy by votes (points for cumulative/ordinal ballots); if the file's META rule
//                 is greedy-threshold or greedy-no-skip, that variant (threshold from META)
// --rule mes      Method of Equal Shares (cost utilities for approval, points otherwise)
//                 with --completion none (default), add1 or add1-exhaustive;
//                 optional --comparison <none|satisfaction|exclusion>, --greedy-completion
// --rule meta     exactly the rule named in the file's META (`rule`)
import { readFileSync } from "node:fs";
import { parse, UsageError, wantsHelp } from "./args.ts";
import { electionFromPabulib } from "#app/modules/budgeting/election.ts";
import { formatUnits } from "#app/modules/budgeting/exact.ts";
import { parsePabulib } from "#app/modules/budgeting/pabulib.ts";
import { type MesCompletion, type TallySpec, specFromMeta, tally } from "#app/modules/budgeting/tally.ts";

export const usage = `usage: medvirk pb tally --rule <greedy|mes|meta> [--completion <none|add1|add1-exhaustive>] <file.pb>

Tallies a Pabulib file and prints {"selected":[..],"cost":..,"seconds":..} on stdout.
  --rule greedy              greedy by votes (the file's greedy variant when its META rule names one)
  --rule mes                 Method of Equal Shares
  --rule meta                exactly the rule named in the file's META
  --completion <c>           with --rule mes: none (default), add1 or add1-exhaustive
  --comparison <c>           with --rule mes: none (default), satisfaction or exclusion
  --greedy-completion        with --rule mes: complete greedily
  -h, --help                 show this help`;
const USAGE = usage.split("\n")[0]!;

type Args = {
  rule: "greedy" | "mes" | "meta";
  completion: MesCompletion;
  comparison: "none" | "satisfaction" | "exclusion";
  greedyCompletion: boolean;
  file: string;
};

function parseTallyArgs(argv: string[]): Args | null {
  const [command, ...rest] = argv;
  if (wantsHelp(argv)) return null;
  if (command !== "tally") throw new UsageError(command ? `unknown command "${command}"; ${USAGE}` : USAGE);
  const p = parse(
    "pb tally",
    rest,
    {
      rule: { type: "string" },
      completion: { type: "string" },
      comparison: { type: "string", default: "none" },
      "greedy-completion": { type: "boolean", default: false },
    },
    { min: 0, max: Infinity },
  );
  if (!p) return null;
  const { rule, completion, comparison } = p.values;
  const files = p.positionals;
  if (rule !== "greedy" && rule !== "mes" && rule !== "meta") {
    throw new UsageError(rule === undefined ? `--rule is required; ${USAGE}` : `unknown rule "${rule}"; ${USAGE}`);
  }
  if (completion !== undefined && rule !== "mes") throw new UsageError("--completion only applies to --rule mes");
  if (completion !== undefined && !["none", "add1", "add1-exhaustive"].includes(completion)) {
    throw new UsageError(`unknown completion "${completion}"; expected none, add1 or add1-exhaustive`);
  }
  if (!["none", "satisfaction", "exclusion"].includes(comparison)) {
    throw new UsageError(`unknown comparison "${comparison}"; expected none, satisfaction or exclusion`);
  }
  if (files.length !== 1)
    throw new UsageError(files.length ? "give exactly one .pb file" : `no .pb file given; ${USAGE}`);
  return {
    rule,
    completion: (completion ?? "none") as MesCompletion,
    comparison: comparison as Args["comparison"],
    greedyCompletion: p.values["greedy-completion"],
    file: files[0]!,
  };
}

export async function run(argv: string[]): Promise<number> {
  try {
    const args = parseTallyArgs(argv);
    if (!args) {
      process.stdout.write(usage + "\n");
      return 0;
    }
    let text: string;
    try {
      text = readFileSync(args.file, "utf8");
    } catch (e) {
      throw new UsageError(`cannot read ${args.file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    const start = performance.now();
    const pb = parsePabulib(text);
    const election = electionFromPabulib(pb);
    let spec: TallySpec;
    if (args.rule === "meta") spec = specFromMeta(pb.meta);
    else if (args.rule === "greedy") {
      const metaRule = pb.meta.rule ?? "";
      spec = metaRule.startsWith("greedy-") ? specFromMeta(pb.meta) : { rule: "greedy", options: {} };
    } else {
      spec = {
        rule: "mes",
        options: { completion: args.completion, comparison: args.comparison, greedyCompletion: args.greedyCompletion },
      };
    }
    const result = tally(election, spec);
    const seconds = (performance.now() - start) / 1000;
    // cost is written as an exact decimal literal (valid JSON), not through a double.
    process.stdout.write(
      `{"selected":${JSON.stringify(result.selected)},"cost":${formatUnits(result.cost, result.scale)},"seconds":${Number(seconds.toFixed(3))}}\n`,
    );
    return 0;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`medvirk pb: ${message.split("\n")[0]}\n`);
    return 2;
  }
}
