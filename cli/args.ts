// Argument parsing shared by the `medvirk` subcommands: node:util's parseArgs
// (strict: unknown options, missing values and stray positionals are errors),
// plus `--help`/`-h` on every subcommand. Errors are UsageError with one line
// naming the argument; the subcommand prints it on stderr and exits 2.
import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

const HELP = { help: { type: "boolean", short: "h" } } as const;

/**
 * Parses `argv` against `options` (with --help added). Returns null when help
 * was asked for (the caller prints its usage and exits 0).
 */
export function parse<O extends Options>(
  command: string,
  argv: string[],
  options: O,
  positionals: { min: number; max: number },
) {
  const hint = `; see medvirk ${command} --help`;
  type Config = { args: string[]; options: O & typeof HELP; strict: true; allowPositionals: true };
  let parsed;
  try {
    parsed = parseArgs<Config>({ args: argv, options: { ...options, ...HELP }, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError(parseErrorMessage(e) + hint);
  }
  if ((parsed.values as { help?: boolean }).help) return null;
  const n = parsed.positionals.length;
  if (n > positionals.max) throw new UsageError(`unexpected argument ${parsed.positionals[positionals.max]}${hint}`);
  if (n < positionals.min) throw new UsageError(`missing argument${hint}`);
  return { values: parsed.values, positionals: parsed.positionals };
}

/** True when argv asks for help before anything else (e.g. `medvirk pb --help`). */
export const wantsHelp = (argv: readonly string[]) => argv[0] === "--help" || argv[0] === "-h";

function parseErrorMessage(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const code = (e as NodeJS.ErrnoException).code;
  const name = /'([^']+)'/.exec(e.message)?.[1]?.replace(/^-h, /, "") ?? "";
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown option ${name}`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `unexpected argument ${name}`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      if (/argument missing/.test(e.message)) return `${name.replace(/ <value>$/, "")} needs a value`;
      if (/ambiguous/.test(e.message)) return `${name} needs a value (write ${name}=<value> for one starting with -)`;
      return `${name} does not take a value`;
    default:
      return e.message.split("\n").join(" ");
  }
}
