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
import { electionFromPabulib } from "#app/modules/budgeting/election.ts";
import { formatUnits } from "#app/modules/budgeting/exact.ts";
import { parsePabulib } from "#app/modules/budgeting/pabulib.ts";
import { type MesCompletion, type TallySpec, specFromMeta, tally } from "#app/modules/budgeting/tally.ts";

const USAGE = "usage: medvirk pb tally --rule <greedy|mes|meta> [--completion <none|add1|add1-exhaustive>] <file.pb>";

class UsageError extends Error {}

type Args = {
  rule: "greedy" | "mes" | "meta";
  completion: MesCompletion;
  comparison: "none" | "satisfaction" | "exclusion";
  greedyCompletion: boolean;
  file: string;
};

function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (command !== "tally") throw new UsageError(command ? `unknown command "${command}"; ${USAGE}` : USAGE);
  let rule: string | undefined;
  let completion: string | undefined;
  let comparison = "none";
  let greedyCompletion = false;
  const files: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value; ${USAGE}`);
      return v;
    };
    if (a === "--rule") rule = value();
    else if (a === "--completion") completion = value();
    else if (a === "--comparison") comparison = value();
    else if (a === "--greedy-completion") greedyCompletion = true;
    else if (a.startsWith("--")) throw new UsageError(`unknown option ${a}; ${USAGE}`);
    else files.push(a);
  }
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
    greedyCompletion,
    file: files[0]!,
  };
}

export async function run(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv);
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
