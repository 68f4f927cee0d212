export {};
// Entry of the `medvirk` command. Each subcommand lives in its own file and
// exports `run(argv): Promise<number>` (the exit code) and `usage` (its help
// text; the first line is the synopsis `medvirk --help` lists). Arguments are
// parsed with node:util's parseArgs (cli/args.ts). Output is JSON on stdout;
// errors are one line on stderr with a non-zero exit code (2 for bad arguments).
//
// To add a subcommand: one line in this table.
type Sub = { run: (argv: string[]) => Promise<number>; usage?: string };
const subcommands: Record<string, () => Promise<Sub>> = {
  pb: () => import("./pb.ts"),
  panel: () => import("./panel.ts"),
  arkivmelding: () => import("./arkivmelding.ts"),
  audit: () => import("./audit.ts"),
  groups: () => import("./groups.ts"),
};

async function help(): Promise<string> {
  const lines = [`usage: medvirk <${Object.keys(subcommands).join("|")}> …`, ""];
  for (const [name, load] of Object.entries(subcommands)) {
    const synopsis = (await load()).usage?.split("\n")[0]?.replace(/^usage: /, "") ?? `medvirk ${name}`;
    lines.push(`  ${synopsis}`);
  }
  lines.push("", "medvirk <subcommand> --help shows a subcommand's options.");
  return lines.join("\n") + "\n";
}

const [subName, ...rest] = process.argv.slice(2);
if (subName === "--help" || subName === "-h") {
  process.stdout.write(await help());
  process.exit(0);
}
if (subName === undefined || !Object.hasOwn(subcommands, subName)) {
  process.stderr.write(
    `medvirk: ${subName === undefined ? "no subcommand given" : `unknown subcommand ${subName}`}; see medvirk --help\n`,
  );
  process.exit(2);
}
const sub = await subcommands[subName]!();
process.exit(await sub.run(rest));
