// `medvirk groups --votes <votes.csv> [--comments <comments.csv>] [--min-votes 7] [--seed S]`
//
// Forms opinion groups as Polis does (app/modules/consultations/opinion-groups/README.md) from a
// vote history in Polis openData's votes.csv format (timestamp,datetime,comment-id,voter-id,vote;
// a re-vote adds a row, the latest counts) and prints one JSON line on stdout:
//   {"k":K,"groups":{"<participant id>":<group index>,...},"seconds":s}
// Group 0 is the largest. Participants who voted on fewer than --min-votes statements are not
// clustered and are omitted. When too few participants can be clustered, k is 0, groups is {}
// and stderr says why (exit 0). `seconds` is the time spent reading, parsing and computing.
//
// --comments  Polis openData's comments.csv: statements with moderated = -1 are left out of the
//             projection, as Polis leaves them out (votes on them still count towards --min-votes)
// --min-votes votes a participant needs to be clustered (default 7, as Polis)
// --seed      seed of the pseudo-random generator (default "medvirk"); same input and seed, same groups
//
// A file with an unknown column or value: one line on stderr naming file and line, exit 2.
// Bad arguments: one line on stderr, exit 2. --help: usage on stdout, exit 0.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  DEFAULTS,
  buildVoteMatrix,
  opinionGroups,
  parseModeratedOut,
  parseVotesCsv,
} from "#app/modules/consultations/opinion-groups/index.ts";

export const usage = "usage: medvirk groups --votes <votes.csv> [--comments <comments.csv>] [--min-votes 7] [--seed S]";

class UsageError extends Error {}
class InputError extends Error {}

type Args = { votes: string; comments: string | null; minVotes: number; seed: string } | "help";

function readArgs(argv: string[]): Args {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        votes: { type: "string" },
        comments: { type: "string" },
        "min-votes": { type: "string" },
        seed: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    const err = e as Error & { code?: string };
    const option = /'([^']+)'/.exec(err.message)?.[1];
    if (err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new UsageError(`unknown option ${option}; ${usage}`);
    if (err.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
      throw new UsageError(`unexpected argument ${option ?? ""}; ${usage}`);
    }
    throw new UsageError(`${err.message.split("\n")[0]}; ${usage}`);
  }
  if (values.help) return "help";
  if (values.votes === undefined) throw new UsageError(`--votes is required; ${usage}`);
  const minVotesText = values["min-votes"] ?? String(DEFAULTS.minVotes);
  if (!/^[1-9][0-9]*$/.test(minVotesText)) {
    throw new UsageError(`--min-votes must be a positive integer, got "${minVotesText}"`);
  }
  return {
    votes: values.votes,
    comments: values.comments ?? null,
    minVotes: Number(minVotesText),
    seed: values.seed ?? DEFAULTS.seed,
  };
}

function read(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(
      `${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`,
    );
  }
}

export async function run(argv: string[]): Promise<number> {
  try {
    const args = readArgs(argv);
    if (args === "help") {
      process.stdout.write(`${usage}\n`);
      return 0;
    }
    const start = performance.now();
    const parsed = parseVotesCsv(read(args.votes));
    if (!parsed.ok) throw new InputError(`${args.votes}: line ${parsed.line}: ${parsed.message}`);
    let excluded: string[] = [];
    if (args.comments !== null) {
      const mod = parseModeratedOut(read(args.comments));
      if (!mod.ok) throw new InputError(`${args.comments}: line ${mod.line}: ${mod.message}`);
      excluded = mod.statements;
    }
    const result = opinionGroups(buildVoteMatrix(parsed.votes), {
      minVotes: args.minVotes,
      seed: args.seed,
      excludedStatements: excluded,
    });
    const groups: Record<string, number> = {};
    if (result.ok) {
      const ids = [...result.groupOf.keys()].sort((a, b) => Number(a) - Number(b));
      for (const id of ids) groups[id] = result.groupOf.get(id)!;
    } else {
      process.stderr.write(`medvirk groups: no groups: ${result.message}\n`);
    }
    const seconds = Number(((performance.now() - start) / 1000).toFixed(3));
    process.stdout.write(`${JSON.stringify({ k: result.ok ? result.k : 0, groups, seconds })}\n`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputError) {
      process.stderr.write(`medvirk groups: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
